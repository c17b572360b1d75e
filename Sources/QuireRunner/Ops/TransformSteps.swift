import QuireEngine
import QuireNotebook

/// What `impute`, `encode` and `scale` share: a transform fitted on one frame (`fit`) and applied
/// to others (`apply`), one output frame per applied frame, named after the last part of its
/// reference (`split.test` → `STEP.test`, `batch` → `STEP.batch`), and the fitted transform as
/// `STEP.transform`.
enum TransformSteps {
    /// The name of the fitted transform's output.
    static let transformOutput = "transform"

    /// `fit`: the one frame the statistics come from.
    static let fit = OpSchema.Parameter(
        "fit", .input(.frame), required: true,
        "the frame the statistics are learned from (and only this one: usually `split.train`)")

    /// `apply`: the frames to transform, each giving an output of its reference's last name.
    static let apply: OpSchema.Parameter = {
        var parameter = OpSchema.Parameter(
            "apply", .list(.input(.frame)), default: .list([]),
            "the frames to transform; each gives an output named after its reference's last part "
                + "(`split.test` → `STEP.test`)")
        parameter.check = { value, node in clashes(value, node) }
        return parameter
    }()

    /// `columns`, with what the op takes when it is not given.
    static func columns(_ defaults: String) -> OpSchema.Parameter {
        .init("columns", .list(.column), "the columns to transform (default: \(defaults))")
    }

    /// `exclude`: columns left out of the default choice.
    static let exclude = OpSchema.Parameter(
        "exclude", .list(.column), default: .list([]),
        "columns left out when `columns` is not given (the target, an id)")

    /// The outputs `quire ops` shows: a placeholder for the applied frames, and the transform.
    static let catalogOutputs: [OpSchema.Output] = [
        .init(
            "NAME", .frame,
            "one per `apply` frame, named after its reference's last part: `split.test` → `STEP.test`, `batch` → `STEP.batch`"
        ),
        .init(transformOutput, .transform, "the fitted transform (for `export`'s `transforms`)"),
    ]

    /// The output name an applied reference gives: its output's name, or its step's for a bare one.
    static func outputName(_ reference: StepReference) -> String {
        reference.output.isEmpty ? reference.step : reference.output
    }

    /// The step's outputs: one frame per applied reference, in order, then the transform.
    @Sendable static func outputs(_ parameters: [String: ParameterValue]) -> [OpSchema.Output] {
        var outputs: [OpSchema.Output] = []
        var seen: Set<String> = [transformOutput]
        for case .input(let reference) in parameters["apply"]?.list ?? [] {
            let name = outputName(reference)
            guard seen.insert(name).inserted else { continue }
            outputs.append(.init(name, .frame, "`\(reference)`, transformed"))
        }
        return outputs + [.init(transformOutput, .transform, "the fitted transform")]
    }

    /// One error per applied frame whose output name an earlier one (or the transform) takes.
    static func clashes(_ value: ParameterValue, _ node: YAMLNode) -> [Diagnostic] {
        guard let references = value.list else { return [] }
        let nodes = node.elements.flatMap { $0.count == references.count ? $0 : nil }
        var first: [String: (reference: StepReference, range: SourceRange)] = [:]
        var found: [Diagnostic] = []
        for (index, element) in references.enumerated() {
            guard case .input(let reference) = element else { continue }
            let name = outputName(reference)
            let range = nodes?[index].range ?? node.range
            if name == transformOutput {
                found.append(
                    .error(
                        .outputNameClash,
                        "'\(reference)' would give the output '\(name)', which is the fitted transform's name",
                        at: range, hint: "rename the step, or transform its frame in a step of its own"))
            } else if let original = first[name] {
                found.append(
                    .error(
                        .outputNameClash,
                        "'\(reference)' and '\(original.reference)' would both give the output '\(name)'",
                        at: range,
                        hint: "outputs are named after the last part of each reference; "
                            + "transform one of them in a step of its own",
                        notes: [Diagnostic.Note("'\(original.reference)' is applied here", at: original.range)]))
            } else {
                first[name] = (reference, range)
            }
        }
        return found
    }

    /// The default columns: those of `kind` (every column when nil) in the fitting frame, but the
    /// excluded ones.
    static func defaultColumns(_ frame: Frame, kind: ColumnKind?, exclude: [String]) -> [String] {
        frame.columns.filter { (kind == nil || $0.kind == kind) && !exclude.contains($0.name) }.map(\.name)
    }

    /// Checks that the given columns exist in the fitting frame (did-you-mean otherwise).
    static func checkFitColumns(
        _ columns: [String]?, exclude: [String], in frame: Frame, reference: StepReference, context: OpContext
    ) throws {
        for (names, parameter) in [(columns ?? [], "columns"), (exclude, "exclude")] {
            for name in names where frame[name] == nil {
                let error = FrameError.unknown(column: name, in: frame)
                throw context.failure(
                    .init(of: error), "the fit frame `\(reference)` has no column `\(name)`", hint: error.hint,
                    at: parameter, cause: error)
            }
        }
    }

    /// What the planner knows of each applied frame after the transform. Checks `columns` and
    /// `exclude` in the fit frame and the transformed columns in each applied frame, then gives
    /// each output `transformed(schema, columns)`. The columns are `columns`, or those of
    /// `defaultKind` (every kind when nil) in the fit frame but the excluded ones; nil when a
    /// column of unknown kind leaves that choice to the data.
    static func outputSchemas(
        fit: StepReference, apply: [StepReference], columns: [String]?, exclude: [String], defaultKind: ColumnKind?,
        in context: SchemaContext, transformed: (FrameSchema, [String]?) -> FrameSchema
    ) -> [String: FrameSchema]? {
        let fitted = context.frameIfKnown(fit)
        if let fitted {
            if let columns { context.columns(columns, at: "columns", in: fitted) }
            context.columns(exclude, at: "exclude", in: fitted)
        }
        let chosen: [String]? =
            columns
            ?? fitted.flatMap { frame in
                let candidates = frame.columns.filter { !exclude.contains($0.name) }
                guard !frame.isOpen, defaultKind == nil || !candidates.contains(where: { $0.kind == nil }) else {
                    return nil
                }
                return candidates.filter { defaultKind == nil || $0.kind == defaultKind }.map(\.name)
            }
        // Named as the run names them: the planned outputs, in `apply`'s order, then the transform.
        let names = context.schema.outputs.map(\.name)
        var outputs: [String: FrameSchema] = [:]
        for (index, reference) in apply.enumerated() {
            guard let frame = context.frameIfKnown(reference) else { continue }
            if let chosen, let fitted, !fitted.isOpen {
                for name in chosen where fitted[name] != nil {
                    context.column(
                        name, in: frame, at: context.range(of: "apply", element: index),
                        role: "`apply` (`\(reference.frameLabel)`):")
                }
            }
            if index < names.count - 1 { outputs[names[index]] = transformed(frame, chosen) }
        }
        return outputs
    }

    /// Runs the op: fits on `fit`, checks every applied frame has the transform's columns with
    /// their kinds, and transforms each (the fitting frame itself by `fitted`, when the transform
    /// encodes it differently, as target encoding's cross-fitting does).
    static func run(
        fit reference: StepReference, apply references: [StepReference], in context: OpContext,
        fitting: (Frame) throws -> (transform: FittedTransform, fitted: Frame?)
    ) throws -> [String: StepValue] {
        let frame = try context.frame(reference)
        let (transform, fitted) = try fitting(frame)
        let columns = transform.columns
        let kinds = columns.map { frame[$0]?.kind }
        let names = context.step.schema.outputs.map(\.name)
        var outputs: [String: StepValue] = [transformOutput: .transform(transform)]
        for (index, applied) in references.enumerated() {
            let range =
                context.step.source.parameters?["apply"]?.elements?[safe: index]?.range ?? context.range(of: "apply")
            let input = try context.frame(applied)
            for (column, kind) in zip(columns, kinds) {
                guard let found = input[column] else {
                    let error = FrameError.unknown(column: column, in: input)
                    throw StepFailure(
                        .init(of: error),
                        "`\(applied.frameLabel)` has no column `\(column)`, which the transform was fitted on",
                        hint: error.hint,
                        range: range, cause: error)
                }
                if let kind, found.kind != kind {
                    let error = FrameError(
                        .wrongKind,
                        "`\(column)` is \(found.kind.rawValue) in `\(applied.frameLabel)` but was \(kind.rawValue) in `\(reference.frameLabel)`",
                        hint: "apply the transform to frames with the fit frame's columns and types")
                    throw StepFailure(.init(of: error), error.message, hint: error.hint, range: range, cause: error)
                }
            }
            let output: Frame
            do {
                output = try applied == reference && fitted != nil ? (fitted ?? input) : transform.apply(to: input)
            } catch let error as FrameError {
                throw StepFailure(
                    .init(of: error), "`\(applied.frameLabel)`: \(error.message)", hint: error.hint, range: range)
            }
            if index < names.count - 1 { outputs[names[index]] = .frame(output) }
        }
        return outputs
    }
}

extension FrameError {
    /// "no column named …" with a did-you-mean among the frame's columns.
    static func unknown(column name: String, in frame: Frame) -> FrameError {
        do {
            _ = try frame.column(named: name)
        } catch let error as FrameError {
            return error
        } catch {}
        return FrameError(.unknownColumn, "no column named `\(name)`")
    }
}

extension Array {
    /// The element at `index`, or nil outside the array.
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
