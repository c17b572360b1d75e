extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let scalars = Array(unicodeScalars)
        var low = 0
        var high = scalars.count
        while low < high && (scalars[low] == " " || scalars[low] == "\t") { low += 1 }
        while high > low && (scalars[high - 1] == " " || scalars[high - 1] == "\t") { high -= 1 }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[low..<high])
        return String(out)
    }

    /// Replaces every occurrence of `target`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let parts = String(self).split(separator: target, omittingEmptySubsequences: false)
        return parts.joined(separator: replacement)
    }
}
