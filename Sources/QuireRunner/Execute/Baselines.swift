import QuireNotebook
import QuireSupport

/// The run a relative `assert` gate compares with, as `against:` names it.
public enum BaselineReference: Sendable, Hashable, CustomStringConvertible {
    /// `against: previous`: the notebook's last recorded run.
    case previous
    /// `against: {git: REF}`: the JSON summary committed at REF (`main`, `HEAD~1`, a commit).
    case git(String)

    /// The reference `against:` writes, or nil when the value is not one.
    public init?(_ value: ParameterValue) {
        if value.string == "previous" {
            self = .previous
        } else if let pairs = value.pairs, pairs.count == 1, pairs[0].key == "git",
            let ref = pairs[0].value.string ?? (pairs[0].value.number.map { _ in pairs[0].value.displayText }),
            !ref.isEmpty
        {
            self = .git(ref)
        } else {
            return nil
        }
    }

    /// `previous`, `git main`.
    public var description: String {
        switch self {
        case .previous: "previous"
        case .git(let ref): "git \(ref)"
        }
    }
}

/// The numbers of a baseline run, as a relative gate reads them.
public struct BaselineRun: Sendable, Equatable {
    /// Where the numbers come from, for the gate's detail: `main (1a2b3c4)`, `run 12`.
    public var source: String
    /// The run's numbers by `STEP.NAME`: each step's `metrics` (`eval.roc_auc`), the values an
    /// `assert` step measured (`gate.roc_auc`), and outputs' scalars by `STEP.OUTPUT.NAME`
    /// (`split.train.rows`).
    public var values: [String: Double]

    /// A baseline from `source` with `values`.
    public init(source: String, values: [String: Double]) {
        self.source = source
        self.values = values
    }
}

/// Why a baseline cannot be read: what the gate's step reports, at its `against:`.
public struct BaselineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong: `the git ref 'mian' does not resolve`.
    public var message: String
    /// How to fix it.
    public var hint: String?

    /// An error saying `message`, with a `hint`.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message.
    public var description: String { message }
}

/// Where relative `assert` gates find their baselines: the run service asks it once per
/// `against:` of a notebook, before the run, and the values become the step's parameters (so
/// they enter its cache key: a new baseline re-checks the gate).
public protocol BaselineSource: Sendable {
    /// The baseline run `reference` names for the notebook at `location`, or nil when there is
    /// none (its first run): its relative gates then pass with "no baseline".
    ///
    /// - Throws: ``BaselineError`` when the baseline should exist but cannot be read (a git ref
    ///   that does not resolve, a commit without the report).
    func baseline(_ reference: BaselineReference, for location: NotebookLocation) throws(BaselineError) -> BaselineRun?
}

extension Plan {
    /// The plan with every `assert` step's `against:` replaced by what it names, read from
    /// `source`: `{source, values}` (the baseline of each gate that has one) or `{source, error,
    /// hint}`. A reference is read once per notebook, however many steps name it.
    public func resolvingBaselines(from source: any BaselineSource, location: NotebookLocation) -> Plan {
        var read: [BaselineReference: Result<BaselineRun?, BaselineError>] = [:]
        var changed = false
        let steps = steps.map { step -> PlannedStep in
            guard step.op == AssertOp.schema.name, let against = step.parameters["against"],
                let reference = BaselineReference(against)
            else { return step }
            let result =
                read[reference]
                ?? {
                    do throws(BaselineError) {
                        return .success(try source.baseline(reference, for: location))
                    } catch {
                        return .failure(error)
                    }
                }()
            read[reference] = result
            var resolved = step
            resolved.parameters["against"] = ResolvedBaseline.value(
                of: result, reference: reference, for: step, gates: AssertOp.gates(of: step).map(\.name))
            changed = true
            return resolved
        }
        guard changed else { return self }
        var plan = Plan(steps: steps, notebook: notebook, params: params)
        plan.warnings = warnings
        return plan
    }
}

/// An `against:` value as the service resolved it: the baseline of each gate, or why there is
/// none. Unresolved (`previous`, `{git: REF}` as written) reads as no baseline.
struct ResolvedBaseline: Sendable {
    /// Where the values come from.
    var source: String?
    /// Each gate's baseline by metric.
    var values: [String: Double] = [:]
    /// Why the baseline could not be read.
    var error: String?
    /// How to fix it.
    var hint: String?

    init(_ value: ParameterValue) {
        let pairs = Dictionary((value.pairs ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        source = pairs["source"]?.string
        error = pairs["error"]?.string
        hint = pairs["hint"]?.string
        for pair in pairs["values"]?.pairs ?? [] {
            if let number = pair.value.number { values[pair.key] = number }
        }
    }

    /// The baseline of the gate on `metric`, if there is one.
    func value(for metric: String) -> MetricGate.Baseline? {
        guard let source, let value = values[metric] else { return nil }
        return MetricGate.Baseline(value: value, source: source)
    }

    /// The parameter value for `step`'s `against:`: where the baseline comes from and each gate's
    /// value in it — the value the `assert` step measured for the metric, else the `from` step's
    /// metric (when no `row`/`where` picks another row of a table), else the output's scalar.
    static func value(
        of result: Result<BaselineRun?, BaselineError>, reference: BaselineReference, for step: PlannedStep,
        gates: [String]
    ) -> ParameterValue {
        let run: BaselineRun
        switch result {
        case .failure(let error):
            var pairs = [ParameterValue.Pair("against", .string(reference.description))]
            pairs.append(.init("error", .string(error.message)))
            if let hint = error.hint { pairs.append(.init("hint", .string(hint))) }
            return .mapping(pairs)
        case .success(nil):
            return .mapping([.init("against", .string(reference.description)), .init("values", .mapping([]))])
        case .success(let found?):
            run = found
        }
        var values: [ParameterValue.Pair] = []
        let from: StepReference? = {
            if case .input(let reference)? = step.parameters["from"] { return reference }
            return nil
        }()
        let picksRow = step.parameters["row"] != nil || step.parameters["where"] != nil
        for gate in gates {
            var candidates = ["\(step.id).\(gate)"]
            if let from {
                if !picksRow { candidates.append("\(from.step).\(gate)") }
                candidates.append("\(from.step).\(from.output).\(gate)")
            }
            if let value = candidates.lazy.compactMap({ run.values[$0] }).first(where: { !$0.isNaN }) {
                values.append(.init(gate, .number(value)))
            }
        }
        return .mapping([
            .init("against", .string(reference.description)), .init("source", .string(run.source)),
            .init("values", .mapping(values)),
        ])
    }
}
