/// One column's numbers within one chunk, in memory owned by this object until it is released.
final class CSVNumericPiece {
    let values: UnsafeMutablePointer<Double>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
        values = .allocate(capacity: self.capacity)
    }

    deinit { values.deallocate() }
}
