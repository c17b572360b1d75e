/// A dense row-major matrix of doubles: the numeric form of a frame that algorithms work on.
struct Matrix: Sendable, Hashable, Codable {
    var rows: Int
    var columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "Matrix needs rows × columns values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, values: [Double](repeating: value, count: rows * columns))
    }

    /// Columns (each `rows` long) → row-major, in blocks of rows so that both the reads and the
    /// writes stay in cache.
    init(columnMajor: [[Double]], rows: Int) {
        let p = columnMajor.count
        var values = [Double](repeating: 0, count: rows * p)
        let block = 64
        values.withUnsafeMutableBufferPointer { out in
            for start in stride(from: 0, to: rows, by: block) {
                let end = Swift.min(start + block, rows)
                for (j, column) in columnMajor.enumerated() {
                    column.withUnsafeBufferPointer { c in
                        for i in start..<end { out[i * p + j] = c[i] }
                    }
                }
            }
        }
        self.init(rows: rows, columns: p, values: values)
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as an array.
    func row(_ i: Int) -> [Double] { Array(values[(i * columns)..<((i + 1) * columns)]) }

    /// The rows at the given indices, in that order.
    func rows(_ indices: [Int]) -> Matrix {
        var out = [Double](repeating: 0, count: indices.count * columns)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    for j in 0..<columns { dst[k * columns + j] = src[i * columns + j] }
                }
            }
        }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }

    /// Column `j` as an array.
    func column(_ j: Int) -> [Double] {
        (0..<rows).map { values[$0 * columns + j] }
    }

    /// Rows as nested arrays (for public results).
    var nested: [[Double]] { (0..<rows).map(row) }
}
