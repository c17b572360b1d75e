/// "Did you mean" suggestions for misspelt names: the one rule every layer uses.
///
/// A candidate is suggested when its edit distance to the name (case-insensitive, counting an
/// adjacent transposition as one edit) is at most a third of the shorter of the two lengths, and at
/// least 1. Among equally close candidates the alphabetically first wins, so the hint does not
/// depend on the order candidates come in.
public enum Suggestion {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
    public static func closest<S: Sequence>(to name: String, among candidates: S) -> String?
    where S.Element == String {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if let current = best,
                distance > current.distance || (distance == current.distance && candidate >= current.name)
            {
                continue
            }
            best = (candidate, distance)
        }
        guard let best else { return nil }
        let allowed = max(1, min(target.count, best.name.count) / 3)
        return best.distance <= allowed ? best.name : nil
    }

    /// `hint` text "did you mean 'x'?" or nil.
    public static func didYouMean<S: Sequence>(_ name: String, among candidates: S) -> String?
    where S.Element == String {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal string alignment distance (Levenshtein with adjacent transpositions).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
