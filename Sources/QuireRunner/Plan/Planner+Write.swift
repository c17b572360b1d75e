import QuireNotebook

extension Planner {
    /// `write` paths that cannot be written (outside the output directory, not `.csv`), and the
    /// second of two `write` steps with the same path, each at its `path:` value.
    static func writePaths(_ drafts: [Draft]) -> [Diagnostic] {
        var first: [String: (id: String, range: SourceRange)] = [:]
        var found: [Diagnostic] = []
        for draft in drafts where draft.schema.name == "write" {
            guard let path = draft.parameters["path"]?.string, let range = draft.step.parameters?["path"]?.range
            else { continue }
            if let problem = WriteOp.pathProblem(path) {
                found.append(.error(.writePath, problem.message, at: range, hint: problem.hint))
            } else if let original = first[path] {
                found.append(
                    .error(
                        .writePath, "'\(path)' is already written by step '\(original.id)'", at: range,
                        hint: "give each `write` its own path",
                        notes: [Diagnostic.Note("'\(original.id)' writes '\(path)' here", at: original.range)]))
            } else {
                first[path] = (draft.step.id, range)
            }
        }
        return found
    }
}
