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

    /// Columns (each `rows` long) → row-major: fixed chunks of rows on `threads` threads, each in
    /// blocks of 64 rows so that both the reads and the writes stay in cache.
    init(columnMajor: [[Double]], rows: Int, threads: Int) throws {
        let p = columnMajor.count
        let block = 64
        let chunks = Parallel.chunks(rows)
        // Every element is written below, so the array is not zero-filled first.
        let values = try [Double](unsafeUninitializedCapacity: rows * p) { buffer, initialized in
            let out = UnsafeSendable(buffer)
            try Parallel.forEach(chunks.count, threads: threads) { c in
                for start in stride(from: chunks[c].lowerBound, to: chunks[c].upperBound, by: block) {
                    let end = Swift.min(start + block, chunks[c].upperBound)
                    for (j, column) in columnMajor.enumerated() {
                        column.withUnsafeBufferPointer { column in
                            for i in start..<end { out.value[i * p + j] = column[i] }
                        }
                    }
                }
            }
            initialized = rows * p
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
