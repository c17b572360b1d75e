/// Mermaid source as Unicode scalars, with 1-based line and column lookup for diagnostics.
struct SourceText {
    let scalars: [Unicode.Scalar]
    /// Index of the first scalar of every line.
    let lineStarts: [Int]

    init(_ text: String) {
        // Treat "\r\n" and lone "\r" as line ends without shifting columns.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(scalar)
        }
        self.scalars = scalars
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(index + 1) }
        self.lineStarts = starts
    }

    var count: Int { scalars.count }

    subscript(index: Int) -> Unicode.Scalar? { index >= 0 && index < scalars.count ? scalars[index] : nil }

    /// Whether `text` is written at `index`.
    func matches(_ text: String, at index: Int) -> Bool {
        var offset = 0
        for scalar in text.unicodeScalars {
            guard self[index + offset] == scalar else { return false }
            offset += 1
        }
        return true
    }

    /// 1-based line and column of a scalar index.
    func location(of index: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return (low + 1, index - lineStarts[low] + 1)
    }

    /// The scalars of `range` as a string.
    func string(_ range: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[max(0, range.lowerBound)..<min(count, range.upperBound)])
        return String(out)
    }

    /// Index just past the end of the line that contains `index` (the newline, or the end).
    func lineEnd(from index: Int) -> Int {
        var position = index
        while position < count && scalars[position] != "\n" { position += 1 }
        return position
    }
}
