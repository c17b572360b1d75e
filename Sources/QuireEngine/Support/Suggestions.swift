/// "Did you mean …?" suggestions by edit distance.
enum Suggestions {
    /// The closest candidate within an edit distance that grows with the name's length.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let lowered = Array(name.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars))
            if best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, min(3, lowered.count / 3 + 1))
        return best.1 <= limit ? best.0 : nil
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

    /// Levenshtein distance.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
