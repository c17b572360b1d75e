/// Prints diagnostics the way compilers do.
///
/// ```
/// notebooks/churn.md:14:10: error: step id 'Split' is not valid [step-invalid-id]
///  14 | ```step Split
///     |         ^~~~~
/// hint: ids are lowercase letters, digits, '_' and '-', starting with a letter: try 'split'
/// ```
///
/// The caret line copies tabs and counts wide characters (CJK, emoji) as two cells, so the caret
/// sits under the range in a terminal whatever the line holds.
public struct DiagnosticFormatter: Sendable {
    /// Use ANSI colors (only when writing to a terminal and `NO_COLOR` is unset).
    public var colors: Bool

    /// Creates a formatter; colors are off unless asked for.
    public init(colors: Bool = false) {
        self.colors = colors
    }

    /// Formats `diagnostic`, found in the file shown as `path` whose text is `source` (if it could
    /// be read), as lines ending in a newline.
    public func format(_ diagnostic: Diagnostic, path: String, source: SourceText?) -> String {
        var out = header(
            path: path, range: diagnostic.range, severity: diagnostic.severity,
            message: diagnostic.message + " [\(diagnostic.id)]")
        if let range = diagnostic.range, let source {
            out += excerpt(range, in: source)
        }
        if let hint = diagnostic.hint {
            out += paint("hint:", .bold) + " " + hint + "\n"
        }
        for note in diagnostic.notes {
            out += header(path: path, range: note.range, severity: .note, message: note.message)
            if let source { out += excerpt(note.range, in: source) }
        }
        return out
    }

    /// Formats every diagnostic in file order.
    public func format(_ diagnostics: [Diagnostic], path: String, source: SourceText?) -> String {
        diagnostics.sortedByLocation().map { format($0, path: path, source: source) }.joined()
    }

    private func header(path: String, range: SourceRange?, severity: Diagnostic.Severity, message: String)
        -> String
    {
        let place = range.map { "\(path):\($0.start.line):\($0.start.column):" } ?? "\(path):"
        let label: String
        switch severity {
        case .error: label = paint("error:", .red)
        case .warning: label = paint("warning:", .magenta)
        case .note: label = paint("note:", .cyan)
        }
        return paint(place, .bold) + " " + label + " " + paint(message, .bold) + "\n"
    }

    private func excerpt(_ range: SourceRange, in source: SourceText) -> String {
        let lineNumber = range.start.line
        guard lineNumber >= 1, lineNumber <= source.lineCount else { return "" }
        let scalars = Array(source.line(lineNumber).unicodeScalars)
        let gutter = String(lineNumber)
        let blank = String(repeating: " ", count: gutter.count)
        // Very long lines (minified data, a 50 MB single line) are cut around the range.
        let window = Self.window(around: range.start.column - 1, count: scalars.count)
        let shown = scalars[window]
        let firstColumn = range.start.column - 1 - window.lowerBound
        let lastColumn: Int
        if range.end.line == lineNumber {
            lastColumn = min(range.end.column - 1 - window.lowerBound, shown.count - 1)
        } else {
            lastColumn = shown.count - 1
        }
        var pad = ""
        for scalar in shown.prefix(max(firstColumn, 0)) {
            pad += scalar == "\t" ? "\t" : String(repeating: " ", count: Self.cellWidth(scalar))
        }
        var width = 0
        if firstColumn < shown.count, lastColumn >= firstColumn {
            for scalar in shown[(shown.startIndex + firstColumn)...(shown.startIndex + lastColumn)] {
                width += scalar == "\t" ? 1 : Self.cellWidth(scalar)
            }
        }
        let marker = "^" + String(repeating: "~", count: max(width - 1, 0))
        var text = ""
        text.unicodeScalars.append(contentsOf: shown)
        let prefix = window.lowerBound > 0 ? "…" : ""
        let suffix = window.upperBound < scalars.count ? "…" : ""
        let padPrefix = prefix.isEmpty ? "" : " "
        return " \(gutter) | \(prefix)\(text)\(suffix)\n \(blank) | \(padPrefix)\(pad)\(paint(marker, .green))\n"
    }

    static let maximumExcerptWidth = 160

    /// The part of a line of `count` scalars shown around the column `focus` (0-based).
    static func window(around focus: Int, count: Int) -> Range<Int> {
        guard count > maximumExcerptWidth else { return 0..<count }
        let start = min(max(focus - maximumExcerptWidth / 4, 0), count - maximumExcerptWidth)
        return start..<(start + maximumExcerptWidth)
    }

    /// Terminal cells a scalar takes: 0 for combining marks and joiners, 2 for wide characters.
    static func cellWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(value) || (0x1F3FB...0x1F3FF).contains(value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    private enum Style: String {
        case bold = "1", red = "1;31", magenta = "1;35", cyan = "1;36", green = "1;32"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colors ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
