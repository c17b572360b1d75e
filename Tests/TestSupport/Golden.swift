import Foundation

/// Golden files: expected output stored beside the tests, compared with a readable line diff.
///
/// Set `QUIRE_RECORD=1` to (re)write the golden files from the actual output instead of comparing.
public enum Golden {
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["QUIRE_RECORD"] == "1"
    }

    /// Compares `actual` with the golden file at `url`; returns a description of the difference,
    /// or nil when they match (or when recording, after writing the file).
    public static func mismatch(_ actual: String, goldenAt url: URL) -> String? {
        if isRecording {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return "missing golden file \(url.path); run the tests with QUIRE_RECORD=1 to create it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        return "output differs from \(url.lastPathComponent) (re-record with QUIRE_RECORD=1 if intended):\n"
            + lineDiff(expected: expected, actual: actual)
    }

    /// A unified-style diff of two texts: `-` expected lines, `+` actual lines, with context.
    public static func lineDiff(expected: String, actual: String, context: Int = 2) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        // Longest common subsequence table; golden files are small.
        var table = [[Int]](repeating: [Int](repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [(Character, Substring)] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                lines.append((" ", old[i])); i += 1; j += 1
            } else if j < new.count, i == old.count || table[i][j + 1] >= table[i + 1][j] {
                lines.append(("+", new[j])); j += 1
            } else {
                lines.append(("-", old[i])); i += 1
            }
        }
        var shown = Set<Int>()
        for (index, line) in lines.enumerated() where line.0 != " " {
            for near in max(0, index - context)...min(lines.count - 1, index + context) { shown.insert(near) }
        }
        var out = ""
        var previous = -2
        for index in shown.sorted() {
            if index != previous + 1 { out += "@@ line \(index + 1)\n" }
            out += "\(lines[index].0) \(lines[index].1)\n"
            previous = index
        }
        return out
    }
}
