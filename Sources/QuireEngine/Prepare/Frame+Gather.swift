extension Frame {
    /// The rows at the given indices, in that order, where an index of -1 gives a row of missing
    /// values (NaN, or text code -1): how a join fills the side a row has no match on.
    ///
    /// Category lists are shared with this frame.
    /// - Precondition: every index is -1 or in `0..<rowCount`.
    public func rows(orMissing indices: [Int32]) -> Frame {
        Frame(unchecked: columns.map { $0.gathered(orMissing: indices) }, rowCount: indices.count)
    }
}

extension Column {
    /// The values at `indices`, missing where an index is -1.
    func gathered(orMissing indices: [Int32]) -> Column {
        switch values {
        case .numeric(let numbers):
            return Column(name: name, values: .numeric(Self.gather(numbers, indices, missing: .nan)))
        case .date(let seconds):
            return Column(name: name, values: .date(Self.gather(seconds, indices, missing: .nan)))
        case .categorical(let strings):
            let codes = Self.gather(strings.codes, indices, missing: CategoricalValues.missingCode)
            return Column(
                name: name, values: .categorical(CategoricalValues(codes: codes, categories: strings.categories)))
        }
    }

    /// `source[i]` for each index `i`, `missing` for -1.
    static func gather<T>(_ source: [T], _ indices: [Int32], missing: T) -> [T] {
        [T](unsafeUninitializedCapacity: indices.count) { buffer, count in
            source.withUnsafeBufferPointer { source in
                indices.withUnsafeBufferPointer { indices in
                    for k in indices.indices {
                        let i = Int(indices[k])
                        precondition(i < source.count, "row index \(i) out of range 0..<\(source.count)")
                        buffer.initializeElement(at: k, to: i < 0 ? missing : source[i])
                    }
                }
            }
            count = indices.count
        }
    }
}
