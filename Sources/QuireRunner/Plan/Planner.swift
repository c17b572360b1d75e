import QuireNotebook

/// Turns a valid notebook into a ``Plan``, or reports every problem with its position.
///
/// Checks each step against its op's schema (unknown op or parameter with "did you mean",
/// wrong type, missing required parameter), substitutes `${params.name}`, resolves references
/// (`split.train`) and `needs`, and orders the graph, reporting a cycle as the path it takes.
/// Then it follows each frame's columns through the steps (``Operation/outputSchemas(_:in:)``)
/// and reports the columns and expressions the data will not have.
public struct Planner: Sendable {
    /// The ops steps may use, with their schemas.
    public var registry: OpRegistry

    /// Whether to follow the frames' columns and report the ones the data will not have (on by
    /// default; off leaves such mistakes to the run, as a step failure).
    public var checksColumns = true

    /// Creates a planner that knows the ops of `registry`.
    public init(registry: OpRegistry = .standard) {
        self.registry = registry
    }

    /// The plan for `notebook` with `params`, or the diagnostics that prevent it.
    public func plan(_ notebook: Notebook, params: ParamSet) -> Result<Plan, PlanningError> {
        var diagnostics: [Diagnostic] = []
        var drafts: [Draft] = []
        for step in notebook.steps {
            var reader = ParameterReader(params: params)
            if let draft = draft(for: step, reader: &reader) { drafts.append(draft) }
            diagnostics += reader.diagnostics
        }
        diagnostics += Self.duplicateExportNames(drafts)
        diagnostics += Self.writePaths(drafts)
        let byID = Dictionary(drafts.map { ($0.step.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Steps whose op is unknown were reported already; references to them are not errors again.
        let undrafted = Set(notebook.steps.map(\.id)).subtracting(byID.keys)
        for index in drafts.indices {
            diagnostics += resolveReferences(&drafts[index], steps: byID, undrafted: undrafted, params: params)
        }
        diagnostics += Self.checkQuotes(
            notebook, schemas: byID.mapValues(\.schema), undrafted: undrafted, params: params)
        switch order(drafts) {
        case .failure(let cycle):
            return .failure(PlanningError(diagnostics: diagnostics + [cycle]))
        case .success where diagnostics.containsErrors:
            return .failure(PlanningError(diagnostics: diagnostics))
        case .success(let ordered):
            let columns = checksColumns ? checkColumns(ordered, notebook: notebook) : []
            if columns.containsErrors { return .failure(PlanningError(diagnostics: diagnostics + columns)) }
            let steps = ordered.map { draft in
                PlannedStep(
                    id: draft.step.id, source: draft.step, schema: draft.schema, parameters: draft.parameters,
                    inputs: draft.inputs.map(\.value).sorted(), dependencies: draft.dependencies,
                    files: draft.files, condition: draft.condition)
            }
            var plan = Plan(steps: steps, notebook: notebook, params: params)
            plan.warnings = diagnostics + columns
            return .success(plan)
        }
    }

    /// One error per `export` step whose `name` an earlier one already uses (both would write
    /// OUTPUT/models/NAME.json), at the second `name:` value, with a note at the first.
    static func duplicateExportNames(_ drafts: [Draft]) -> [Diagnostic] {
        var first: [String: (id: String, range: SourceRange)] = [:]
        var found: [Diagnostic] = []
        for draft in drafts where draft.schema.name == "export" {
            guard let name = draft.parameters["name"]?.string,
                let range = draft.step.parameters?["name"]?.range
            else { continue }
            if let original = first[name] {
                found.append(
                    .error(
                        .exportDuplicateName,
                        "export name '\(name)' is already used by step '\(original.id)'", at: range,
                        hint: "both would write OUTPUT/models/\(name).json; give each export its own name",
                        notes: [Diagnostic.Note("'\(original.id)' exports '\(name)' here", at: original.range)]))
            } else {
                first[name] = (draft.step.id, range)
            }
        }
        return found
    }

    /// A step while it is being checked.
    struct Draft {
        var step: Step
        var schema: OpSchema
        var parameters: [String: ParameterValue]
        /// References with where they are written; resolved to outputs by ``resolveReferences``.
        var inputs: [Located<StepReference>]
        var inputKinds: [ValueKind]
        var needs: [Located<String>]
        var dependencies: Set<String> = []
        var files: [String]
        var condition: Condition?
    }

    private func draft(for step: Step, reader: inout ParameterReader) -> Draft? {
        guard let op = step.op else { return nil }
        guard var schema = registry.schema(named: op.value) else {
            reader.diagnostics.append(
                .error(
                    .unknownOp, "unknown operation '\(op.value)'", at: op.range,
                    hint: Suggestion.didYouMean(op.value, among: registry.names)
                        ?? "operations are " + registry.names.joined(separator: ", ") + " (`quire ops` describes each)")
            )
            return nil
        }
        var parameters: [String: ParameterValue] = [:]
        var inputs: [Located<StepReference>] = []
        var inputKinds: [ValueKind] = []
        var files: [String] = []
        var given: [(name: String, node: YAMLNode, keyRange: SourceRange)] = []
        if let node = step.parameters {
            if let pairs = node.pairs {
                for pair in pairs {
                    let name = pair.key.scalar?.text ?? ""
                    given.append((name, pair.value, pair.key.range))
                }
            } else if let shorthand = schema.shorthand, !node.isNull {
                given.append((shorthand, node, node.range))
            } else if !node.isNull {
                let example = schema.parameters.first { $0.isRequired }?.name ?? schema.parameters.first?.name ?? "name"
                reader.diagnostics.append(
                    .error(
                        .parameterType,
                        "'\(schema.name)' takes its parameters as a mapping, not \(node.kindDescription)",
                        at: node.range, hint: "write `\(schema.name): {\(example): …}` or indented `key: value` lines"))
            }
        }
        // Static parameters first: dependent ones (an algorithm's hyperparameters) follow from them.
        let statics = given.filter { schema.parameter(named: $0.name) != nil }
        var dependents: [OpSchema.Parameter] = []
        for (index, (name, node, keyRange)) in (statics + given.filter { schema.parameter(named: $0.name) == nil })
            .enumerated()
        {
            if index == statics.count, let dependent = schema.dependentParameters {
                dependents = dependent(parameters)
            }
            guard
                let parameter = schema.parameter(named: name) ?? dependents.first(where: { $0.name == name })
                    ?? schema.otherParameter?(name)
            else {
                let names = schema.parameters.map(\.name) + dependents.map(\.name)
                reader.diagnostics.append(
                    .error(
                        .unknownParameter, "'\(schema.name)' has no parameter '\(name)'", at: keyRange,
                        hint: Suggestion.didYouMean(name, among: names)
                            ?? "its parameters are " + names.joined(separator: ", ")))
                continue
            }
            guard let value = reader.read(node, as: parameter.type, name: parameter.name) else { continue }
            // Out of range is reported, but the value is kept: it is present, not missing.
            reader.checkRanges(value, in: node, of: parameter)
            parameters[name] = value
            Self.collect(
                value, type: parameter.type, at: node.range, inputs: &inputs, kinds: &inputKinds, files: &files)
        }
        if statics.count == given.count, let dependent = schema.dependentParameters {
            dependents = dependent(parameters)
        }
        for (name, node, _) in given where schema.parameter(named: name)?.holdsCandidates == true {
            for pair in parameters[name]?.pairs ?? [] {
                guard let dependent = dependents.first(where: { $0.name == pair.key }) else { continue }
                reader.checkRanges(pair.value, in: node[pair.key] ?? node, of: dependent)
            }
        }
        for parameter in schema.parameters + dependents where parameters[parameter.name] == nil {
            if let value = parameter.defaultValue {
                parameters[parameter.name] = value
            } else if parameter.isRequired {
                reader.diagnostics.append(
                    .error(
                        .missingParameter, "'\(schema.name)' needs the parameter '\(parameter.name)'", at: op.range,
                        hint: "add `\(parameter.name):`, \(parameter.doc); \(parameter.type)"))
            }
        }
        // Outputs named by the parameters: references to this step are checked against these.
        if let named = schema.parameterOutputs { schema.outputs = named(parameters) }
        return Draft(
            step: step, schema: schema, parameters: parameters, inputs: inputs, inputKinds: inputKinds,
            needs: step.needs, files: files)
    }

    /// Gathers the references and files inside a typed value.
    private static func collect(
        _ value: ParameterValue, type: ParameterType, at range: SourceRange, inputs: inout [Located<StepReference>],
        kinds: inout [ValueKind], files: inout [String]
    ) {
        switch (value, type) {
        case (.input(let reference), .input(let kind)):
            inputs.append(Located(reference, at: range))
            kinds.append(kind)
        case (.string(let path), .path):
            files.append(path)
        case (.list(let values), .list(let element)):
            for element_ in values {
                collect(element_, type: element, at: range, inputs: &inputs, kinds: &kinds, files: &files)
            }
        case (.mapping(let pairs), .mapping(let element)):
            for pair in pairs {
                collect(pair.value, type: element, at: range, inputs: &inputs, kinds: &kinds, files: &files)
            }
        default:
            break
        }
    }

    /// Checks references against the steps and their outputs, and fills in bare references'
    /// primary outputs and the dependencies.
    private func resolveReferences(
        _ draft: inout Draft, steps: [String: Draft], undrafted: Set<String>, params: ParamSet
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func unknownStep(_ id: String, at range: SourceRange, what: String) {
            if undrafted.contains(id) { return }
            let ids = Array(steps.keys) + undrafted
            diagnostics.append(
                .error(
                    .unknownStep, "\(what) '\(id)' is not a step of this notebook", at: range,
                    hint: Suggestion.didYouMean(id, among: ids)
                        ?? (ids.isEmpty
                            ? "the notebook has no steps" : "steps are " + ids.sorted().joined(separator: ", "))))
        }
        var resolved: [String: StepReference] = [:]
        var resolvedInputs: [StepReference: OpSchema.ResolvedInput] = [:]
        for (index, located) in draft.inputs.enumerated() {
            let reference = located.value
            guard let target = steps[reference.step] else {
                unknownStep(reference.step, at: located.range, what: "input")
                continue
            }
            var output = reference.output
            if output.isEmpty {
                guard let primary = target.schema.primaryOutput else {
                    let names = target.schema.outputs.map { "\(reference.step).\($0.name)" }
                    diagnostics.append(
                        .error(
                            .unknownOutput, "'\(reference.step)' has several outputs; name one", at: located.range,
                            hint: "write " + names.joined(separator: " or ")))
                    continue
                }
                output = primary
            }
            guard let schema = target.schema.output(named: output) else {
                let names = target.schema.outputs.map(\.name)
                diagnostics.append(
                    .error(
                        .unknownOutput, "'\(reference.step)' (\(target.schema.name)) has no output '\(output)'",
                        at: located.range,
                        hint: Suggestion.closest(to: output, among: names).map {
                            "did you mean '\(reference.step).\($0)'?"
                        }
                            ?? "its outputs are " + names.joined(separator: ", ")))
                continue
            }
            let expected = draft.inputKinds[index]
            if !expected.accepts(schema.kind) {
                diagnostics.append(
                    .error(
                        .inputKind,
                        "'\(draft.schema.name)' expects \(expected.article) here, but '\(reference.step)\(output == target.schema.primaryOutput ? "" : ".\(output)")' is \(schema.kind.article)",
                        at: located.range))
                continue
            }
            let full = StepReference(step: reference.step, output: output)
            draft.inputs[index].value = full
            resolvedInputs[full] = OpSchema.ResolvedInput(op: target.schema.name, kind: schema.kind)
            resolved[reference.description] = full
            draft.dependencies.insert(reference.step)
        }
        if !resolved.isEmpty {
            draft.parameters = draft.parameters.mapValues { $0.replacingReferences(resolved) }
        }
        if diagnostics.isEmpty, let check = draft.schema.inputCheck {
            diagnostics += check(draft.parameters, draft.step, resolvedInputs)
        }
        diagnostics += resolveCondition(&draft, steps: steps, undrafted: undrafted, params: params)
        for need in draft.needs {
            if steps[need.value] == nil {
                unknownStep(need.value, at: need.range, what: "needs")
            } else {
                draft.dependencies.insert(need.value)
            }
        }
        return diagnostics
    }

    /// Parses `when:`; the steps it names become dependencies.
    private func resolveCondition(
        _ draft: inout Draft, steps: [String: Draft], undrafted: Set<String>, params: ParamSet
    ) -> [Diagnostic] {
        guard let when = draft.step.when else { return [] }
        let range = when.range
        // Quotes around the condition shift its columns by one.
        let quote =
            range.start.line == range.end.line
                && range.end.column - range.start.column + 1 > when.value.unicodeScalars.count ? 1 : 0
        func at(_ column: Int, _ length: Int) -> SourceRange {
            range.start.line == range.end.line
                ? SourceRange(line: range.start.line, column: range.start.column + quote + column - 1, length: length)
                : range
        }
        let condition: Condition
        do {
            condition = try Condition(when.value)
        } catch {
            return [
                .error(
                    .badCondition, "in `when`: \(error.message)", at: at(error.column, error.length),
                    hint: "conditions use params.NAME, STEP.SCALAR, comparisons, and, or, not")
            ]
        }
        var diagnostics: [Diagnostic] = []
        for (path, column) in condition.names {
            let name = path.joined(separator: ".")
            if path[0] == "params" {
                if path.count != 2 || params[path[1]] == nil {
                    let names = params.values.map(\.name)
                    diagnostics.append(
                        .error(
                            .undeclaredParam, "'\(name)' is not a declared parameter", at: at(column, name.count),
                            hint: path.count == 2
                                ? Suggestion.didYouMean(path[1], among: names)
                                    ?? "declare it under `params:` in the front matter" : "write params.NAME"))
                }
                continue
            }
            guard let target = steps[path[0]] else {
                if undrafted.contains(path[0]) { continue }
                diagnostics.append(
                    .error(
                        .unknownStep, "'\(path[0])' in `when` is not a step of this notebook",
                        at: at(column, path[0].count),
                        hint: Suggestion.didYouMean(path[0], among: Array(steps.keys))
                            ?? "write params.NAME or STEP.SCALAR"))
                continue
            }
            if path.count == 3, target.schema.output(named: path[1]) == nil {
                diagnostics.append(
                    .error(
                        .unknownOutput, "'\(path[0])' has no output '\(path[1])'", at: at(column, name.count),
                        hint: "its outputs are " + target.schema.outputs.map(\.name).joined(separator: ", ")))
                continue
            }
            if path.count < 2 || path.count > 3 {
                diagnostics.append(
                    .error(
                        .badCondition, "'\(name)' names a step, not a value", at: at(column, name.count),
                        hint: "write STEP.SCALAR, e.g. \(path[0]).rows"))
                continue
            }
            draft.dependencies.insert(path[0])
        }
        draft.condition = condition
        return diagnostics
    }

    /// Kahn's algorithm; among ready steps the earliest in the document goes first.
    private func order(_ drafts: [Draft]) -> Result<[Draft], Diagnostic> {
        var indegree = drafts.map { $0.dependencies.count }
        let index = Dictionary(
            drafts.enumerated().map { ($0.element.step.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var dependents = Array(repeating: [Int](), count: drafts.count)
        for (position, draft) in drafts.enumerated() {
            for dependency in draft.dependencies {
                if let from = index[dependency] { dependents[from].append(position) }
            }
        }
        var ready = MinHeap(indegree.indices.filter { indegree[$0] == 0 })
        var ordered: [Draft] = []
        while let next = ready.pop() {
            ordered.append(drafts[next])
            for dependent in dependents[next] {
                indegree[dependent] -= 1
                if indegree[dependent] == 0 { ready.push(dependent) }
            }
        }
        guard ordered.count < drafts.count else { return .success(ordered) }
        return .failure(cycleDiagnostic(drafts, stuck: Set(indegree.indices.filter { indegree[$0] > 0 }), index: index))
    }

    /// The cycle through the first stuck step, as `a → b → a`, at the reference that closes it.
    private func cycleDiagnostic(_ drafts: [Draft], stuck: Set<Int>, index: [String: Int]) -> Diagnostic {
        // Every stuck step depends on another stuck step, so following the first such dependency
        // from the first stuck step must come back to a step already on the path.
        var path: [Int] = []
        var position = stuck.min() ?? 0
        var seen: [Int: Int] = [:]
        var start = 0
        while true {
            if let first = seen[position] {
                start = first
                break
            }
            seen[position] = path.count
            path.append(position)
            let stuckDependencies = drafts[position].dependencies.compactMap { index[$0] }.filter { stuck.contains($0) }
            guard let next = stuckDependencies.min() else { break }
            position = next
        }
        let cycle = Array(path[start...]) + [position]
        // Dependencies point backwards (a depends on b): print the data flow forwards.
        let names = cycle.reversed().map { drafts[$0].step.id }
        let last = drafts[cycle[cycle.count - 2]]
        let closing = drafts[position].step.id
        let range =
            last.inputs.first { $0.value.step == closing }?.range
            ?? last.needs.first { $0.value == closing }?.range ?? last.step.idRange
        return .error(
            .cycle, "steps depend on each other in a cycle: " + names.joined(separator: " → "), at: range,
            hint: "a step can only use steps that do not use it; remove one of these references")
    }
}

/// Why a notebook could not be planned.
public struct PlanningError: Error, Sendable {
    /// Every problem found, at least one error among them.
    public var diagnostics: [Diagnostic]
}

extension ParameterValue {
    fileprivate func replacingReferences(_ resolved: [String: StepReference]) -> ParameterValue {
        switch self {
        case .input(let reference): return .input(resolved[reference.description] ?? reference)
        case .list(let values): return .list(values.map { $0.replacingReferences(resolved) })
        case .mapping(let pairs): return .mapping(pairs.map { Pair($0.key, $0.value.replacingReferences(resolved)) })
        default: return self
        }
    }
}
