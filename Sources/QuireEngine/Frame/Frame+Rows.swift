extension Frame {
    /// The rows at the given indices, in that order (indices may repeat).
    ///
    /// Numbers and codes are gathered; category lists are shared with this frame.
    /// - Precondition: every index is in `0..<rowCount`.
    public func rows(_ indices: [Int]) -> Frame {
        if indices.count == rowCount, indices.elementsEqual(0..<rowCount) { return self }
        let gathered = columns.map { column -> Column in
            switch column.values {
            case .numeric(let numbers), .date(let numbers):
                let picked = [Double](unsafeUninitializedCapacity: indices.count) { buffer, count in
                    numbers.withUnsafeBufferPointer { source in
                        for (k, i) in indices.enumerated() {
                            precondition(i >= 0 && i < source.count, "row index \(i) out of range 0..<\(source.count)")
                            buffer[k] = source[i]
                        }
                    }
                    count = indices.count
                }
                return Column(name: column.name, values: column.kind == .date ? .date(picked) : .numeric(picked))
            case .categorical(let strings):
                let codes = indices.map { strings.codes[$0] }
                return Column(
                    name: column.name,
                    values: .categorical(CategoricalValues(codes: codes, categories: strings.categories)))
            }
        }
        return Frame(unchecked: gathered, rowCount: indices.count)
    }

    /// A contiguous range of rows.
    public func rows(_ range: Range<Int>) -> Frame {
        precondition(range.lowerBound >= 0 && range.upperBound <= rowCount, "row range \(range) out of 0..<\(rowCount)")
        if range == 0..<rowCount { return self }
        let sliced = columns.map { column -> Column in
            switch column.values {
            case .numeric(let numbers):
                return Column(name: column.name, values: .numeric(Array(numbers[range])))
            case .date(let seconds):
                return Column(name: column.name, values: .date(Array(seconds[range])))
            case .categorical(let strings):
                return Column(
                    name: column.name,
                    values: .categorical(
                        CategoricalValues(codes: Array(strings.codes[range]), categories: strings.categories)))
            }
        }
        return Frame(unchecked: sliced, rowCount: range.count)
    }

    /// The rows where `mask` is true, in order.
    ///
    /// - Precondition: `mask.count == rowCount`.
    public func rows(where mask: [Bool]) -> Frame {
        precondition(mask.count == rowCount, "mask has \(mask.count) entries for \(rowCount) rows")
        var indices: [Int] = []
        indices.reserveCapacity(mask.count)
        for (i, keep) in mask.enumerated() where keep { indices.append(i) }
        return rows(indices)
    }

    /// The first `n` rows (all of them when the frame is shorter).
    public func head(_ n: Int) -> Frame {
        rows(0..<Swift.max(0, Swift.min(n, rowCount)))
    }
}
