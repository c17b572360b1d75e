import QuireSupport

/// "Did you mean …?" hints for column names, worded for the engine's messages (names in
/// backticks); the matching rule is QuireSupport's ``Suggestion``.
enum Suggestions {
    /// The closest candidate, if it is close enough to be a typo.
    static func closest(to name: String, among candidates: [String]) -> String? {
        Suggestion.closest(to: name, among: candidates)
    }

    /// A hint naming the closest candidate, or listing a few candidates.
    static func hint(for name: String, among candidates: [String]) -> String {
        if let match = closest(to: name, among: candidates) {
            return "did you mean `\(match)`?"
        }
        let shown = candidates.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
        return candidates.isEmpty
            ? "the frame has no columns" : "available columns: \(shown)\(candidates.count > 8 ? ", …" : "")"
    }
}
