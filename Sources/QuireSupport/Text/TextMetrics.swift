/// Measures and wraps label text with Liberation Sans advance widths.
///
/// Liberation Sans is metric-compatible with Arial and is the first family in the report's CSS,
/// so a box sized here fits its label in a browser. Characters outside the table are estimated:
/// East Asian wide characters and emoji take one em, combining marks none, anything else 0.6 em.
public struct TextMetrics: Sendable, Hashable {
    /// Font size in pixels.
    public var fontSize: Double
    /// Distance between baselines, in pixels (1.5 em, as mermaid's labels).
    public var lineHeight: Double { fontSize * 1.5 }

    /// Creates metrics for a font size in pixels.
    public init(fontSize: Double = 16) {
        self.fontSize = fontSize
    }

    /// The advance width of one scalar, in pixels.
    public func advance(of scalar: Unicode.Scalar) -> Double {
        if let units = LiberationSansMetrics.advances[scalar.value] {
            return Double(units) / LiberationSansMetrics.unitsPerEm * fontSize
        }
        return Self.fallbackEm(scalar.value) * fontSize
    }

    /// The width of a single line of text, in pixels.
    public func width(of text: some StringProtocol) -> Double {
        var total = 0.0
        for scalar in text.unicodeScalars { total += advance(of: scalar) }
        return total
    }

    /// Breaks text into lines no wider than `maxWidth`, at spaces where possible.
    ///
    /// Explicit line breaks (`\n`) are kept; a word wider than `maxWidth` is split between
    /// characters.
    public func wrap(_ text: String, maxWidth: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = paragraph.split(separator: " ", omittingEmptySubsequences: true)
            if words.isEmpty {
                lines.append("")
                continue
            }
            let spaceWidth = advance(of: " ")
            var current = ""
            var currentWidth = 0.0
            for word in words {
                let wordText = String(word)
                let wordWidth = width(of: wordText)
                if !current.isEmpty, currentWidth + spaceWidth + wordWidth <= maxWidth {
                    current += " " + wordText
                    currentWidth += spaceWidth + wordWidth
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                // A word starts a line; one wider than the limit is split between characters.
                let pieces = split(wordText, maxWidth: maxWidth)
                lines += pieces.dropLast()
                current = pieces.last ?? ""
                currentWidth = width(of: current)
            }
            lines.append(current)
        }
        return lines
    }

    /// `word` cut between characters into pieces no wider than `maxWidth` (a piece holds at least
    /// one character), greedily in one pass.
    private func split(_ word: String, maxWidth: Double) -> [String] {
        var pieces: [String] = []
        var head = ""
        var headWidth = 0.0
        for character in word {
            var characterWidth = 0.0
            for scalar in character.unicodeScalars { characterWidth += advance(of: scalar) }
            if headWidth + characterWidth > maxWidth && !head.isEmpty {
                pieces.append(head)
                head = ""
                headWidth = 0
            }
            head.append(character)
            headWidth += characterWidth
        }
        pieces.append(head)
        return pieces
    }

    /// The size of a block of lines: the widest line, and the line height times the line count.
    public func size(of lines: [String]) -> (width: Double, height: Double) {
        let widest = lines.map { width(of: $0) }.max() ?? 0
        return (widest, Double(max(1, lines.count)) * lineHeight)
    }

    static func fallbackEm(_ value: UInt32) -> Double {
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF, 0xE0100...0xE01EF: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F000...0x1FAFF, 0x20000...0x3FFFD:
            return 1
        case 0x2600...0x27BF: return 1
        default: return 0.6
        }
    }
}
