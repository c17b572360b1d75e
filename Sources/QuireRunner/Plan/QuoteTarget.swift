import QuireNotebook
import QuireValues

/// What a quoted value (`{{ eval.roc_auc }}`) refers to, resolved against the steps' schemas:
/// by the planner, which reports what cannot be resolved, and by the report, which reads the
/// value from the run.
///
/// `params.NAME` is a parameter; `STEP.FIELD` a field of the step's primary output;
/// `STEP.OUTPUT.FIELD` a field of a named output (`split.train.rows`); a table's cell is
/// `STEP.COLUMN[ROW]`. Fields are ``QuotableFields``'.
public enum QuoteTarget: Sendable, Equatable {
    /// A parameter of the notebook.
    case parameter(String)
    /// A field of a step's output (row `index` of a table's column).
    case output(step: String, output: String, field: String, index: Int?)

    /// Resolves `quote` against the steps (`schema(id)` is a step's schema, nil for no step).
    ///
    /// - Returns: The target, or the error diagnostic saying why there is none.
    public static func resolve(
        _ quote: Quote, params: ParamSet, stepIDs: [String], schema: (String) -> OpSchema?
    ) -> Result<QuoteTarget, Diagnostic> {
        let path = quote.path
        let at = quote.pathRange
        if path[0] == "params" {
            guard path.count == 2, quote.index == nil, params[path[1]] != nil else {
                let names = params.values.map(\.name)
                return .failure(
                    .error(
                        .undeclaredParam, "'\(quote.name)' is not a declared parameter", at: at,
                        hint: path.count == 2
                            ? Suggestion.didYouMean(path[1], among: names)
                                ?? (names.isEmpty
                                    ? "declare it under `params:` in the front matter"
                                    : "parameters are " + names.joined(separator: ", ")) : "write params.NAME"))
            }
            return .success(.parameter(path[1]))
        }
        guard let target = schema(path[0]) else {
            return .failure(
                .error(
                    .unknownStep, "'\(path[0])' in `{{ \(quote.name) }}` is not a step of this notebook", at: at,
                    hint: Suggestion.didYouMean(path[0], among: stepIDs)
                        ?? (stepIDs.isEmpty
                            ? "the notebook has no steps; quote a parameter with {{ params.NAME }}"
                            : "steps are " + stepIDs.sorted().joined(separator: ", "))))
        }
        let outputs = target.outputs.map(\.name)
        guard path.count >= 2 else {
            return .failure(
                .error(
                    .unknownField, "'\(path[0])' names a step, not a value", at: at,
                    hint:
                        "quote one of its values, e.g. {{ \(path[0]).\(fieldNames(of: target, output: target.primaryOutput).first ?? "rows") }}"
                ))
        }
        var output: String
        var field: String
        if path.count == 3 {
            guard target.output(named: path[1]) != nil else {
                return .failure(
                    .error(
                        .unknownOutput, "'\(path[0])' (\(target.name)) has no output '\(path[1])'", at: at,
                        hint: Suggestion.closest(to: path[1], among: outputs).map { "did you mean '\(path[0]).\($0)'?" }
                            ?? "its outputs are " + outputs.joined(separator: ", ")))
            }
            output = path[1]
            field = path[2]
        } else if path.count == 2 {
            guard let primary = target.primaryOutput else {
                return .failure(
                    .error(
                        .unknownOutput, "'\(path[0])' has several outputs; name one", at: at,
                        hint: "write " + outputs.map { "\(path[0]).\($0).\(path[1])" }.joined(separator: " or ")))
            }
            output = primary
            field = path[1]
        } else {
            return .failure(
                .error(
                    .unknownField, "'\(quote.name)' has too many parts", at: at,
                    hint: "write STEP.FIELD or STEP.OUTPUT.FIELD"))
        }
        guard let kind = target.output(named: output)?.kind else {
            return .failure(.error(.unknownOutput, "'\(path[0])' has no output '\(output)'", at: at))
        }
        let (names, open) = QuotableFields.fields(of: kind)
        if quote.index != nil, kind != TableKind.kind {
            return .failure(
                .error(
                    .unknownField,
                    "'\(quote.name)': a row index is for a table's column, and '\(path[0])' gives \(kind.article)",
                    at: at, hint: "write {{ \(path.joined(separator: ".")) }}"))
        }
        if quote.index == nil, !names.contains(field), !(open && kind != TableKind.kind) {
            let prefix = path.count == 3 ? "\(path[0]).\(output)" : path[0]
            return .failure(
                .error(
                    .unknownField,
                    "\(kind.article) has no value '\(field)' to quote ('\(prefix)' is \(target.name)'s \(kind.name))",
                    at: at,
                    hint: Suggestion.closest(to: field, among: names).map { "did you mean '\(prefix).\($0)'?" }
                        ?? (kind == TableKind.kind
                            ? "quote a cell as \(prefix).COLUMN[ROW], e.g. \(prefix).\(field)[0], or one of "
                                + names.joined(separator: ", ")
                            : "it has " + names.joined(separator: ", "))))
        }
        return .success(.output(step: path[0], output: output, field: field, index: quote.index))
    }

    private static func fieldNames(of schema: OpSchema, output: String?) -> [String] {
        guard let output, let kind = schema.output(named: output)?.kind else { return [] }
        return QuotableFields.fields(of: kind).names
    }
}

extension Planner {
    /// Resolves every value the notebook quotes against the drafts: an error for each that
    /// names no parameter, step, output or field.
    static func checkQuotes(
        _ notebook: Notebook, schemas: [String: OpSchema], undrafted: Set<String>, params: ParamSet
    ) -> [Diagnostic] {
        let ids = Array(schemas.keys) + undrafted
        var diagnostics: [Diagnostic] = []
        for quote in notebook.quotes {
            // A step whose op is unknown was reported already.
            if undrafted.contains(quote.path[0]) { continue }
            if case .failure(let diagnostic) = QuoteTarget.resolve(
                quote, params: params, stepIDs: ids, schema: { schemas[$0] })
            {
                diagnostics.append(diagnostic)
            }
        }
        return diagnostics
    }
}
