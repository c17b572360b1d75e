/// Where a node made or moved by the GitHub extensions is in the notebook, packed into the 64
/// bits of a cmark node's user data (``MarkdownNode/setPosition(_:)``).
///
/// A node cmark parsed on the side (a table cell, the lines around a table) keeps cmark's
/// positions in that side document, moved by a line and column offset; a node the extensions
/// made has no cmark position and gets an absolute one. Fields past their bit widths are clamped:
/// positions in a file of 16 million lines, or a table wider than 4,095 columns, are approximate.
struct NodePosition: Equatable {
    /// The packed bits: bit 63 set for an absolute position.
    let bits: UInt64

    init(bits: UInt64) {
        self.bits = bits
    }

    /// cmark's position moved by `lines` and `columns` (each kept within ±2^39 and ±2^22).
    static func offset(lines: Int, columns: Int) -> NodePosition {
        let line = UInt64(bitPattern: Int64(max(min(lines, (1 << 39) - 1), -(1 << 39)))) & ((1 << 40) - 1)
        let column = UInt64(bitPattern: Int64(max(min(columns, (1 << 22) - 1), -(1 << 22)))) & ((1 << 23) - 1)
        return NodePosition(bits: line << 23 | column)
    }

    /// A position that ignores cmark's (a node cmark never placed).
    static func absolute(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) -> NodePosition {
        func clamp(_ value: Int, _ width: Int) -> UInt64 { UInt64(max(min(value, (1 << width) - 1), 0)) }
        return NodePosition(
            bits: 1 << 63 | clamp(startLine, 24) << 39 | clamp(startColumn, 12) << 27
                | clamp(endLine - startLine, 14) << 13 | clamp(endColumn, 13))
    }

    /// The position of a node cmark placed at `cmark`.
    func apply(to cmark: (Int, Int, Int, Int)) -> (startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) {
        if bits >> 63 == 1 {
            let startLine = Int(bits >> 39 & ((1 << 24) - 1))
            return (
                startLine, Int(bits >> 27 & ((1 << 12) - 1)), startLine + Int(bits >> 13 & ((1 << 14) - 1)),
                Int(bits & ((1 << 13) - 1))
            )
        }
        let lines = Int(Int64(bitPattern: bits << 1) >> 24)
        let columns = Int(Int64(bitPattern: bits << 41) >> 41)
        return (cmark.0 + lines, cmark.1 + columns, cmark.2 + lines, cmark.3 + columns)
    }
}

extension NodePosition {
    /// This position moved by `lines` and `columns` more.
    func shifted(lines: Int, columns: Int) -> NodePosition {
        if bits >> 63 == 1 {
            let (startLine, startColumn, endLine, endColumn) = apply(to: (0, 0, 0, 0))
            return .absolute(
                startLine: startLine + lines, startColumn: startColumn + columns, endLine: endLine + lines,
                endColumn: endColumn + columns)
        }
        let (lineOffset, columnOffset, _, _) = apply(to: (0, 0, 0, 0))
        return .offset(lines: lineOffset + lines, columns: columnOffset + columns)
    }
}
