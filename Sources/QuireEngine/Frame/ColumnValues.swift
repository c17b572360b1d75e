/// The storage of one column: numbers, dictionary-encoded strings or dates.
public enum ColumnValues: Sendable {
    /// 64-bit floats; NaN is a missing value.
    case numeric([Double])
    /// Dictionary-encoded strings; code -1 is a missing value.
    case categorical(CategoricalValues)
    /// Seconds since 1970-01-01T00:00:00Z; NaN is a missing value.
    case date([Double])
}

extension ColumnValues: Equatable {
    /// Values are equal when they hold the same bits, except that every NaN (missing) equals
    /// every other NaN. `0.0` and `-0.0` are different values here, so that equality can prove
    /// that two parses produced identical frames.
    public static func == (lhs: ColumnValues, rhs: ColumnValues) -> Bool {
        switch (lhs, rhs) {
        case let (.numeric(a), .numeric(b)), let (.date(a), .date(b)):
            guard a.count == b.count else { return false }
            for i in a.indices where a[i].bitPattern != b[i].bitPattern {
                if !(a[i].isNaN && b[i].isNaN) { return false }
            }
            return true
        case let (.categorical(a), .categorical(b)):
            guard a.count == b.count else { return false }
            // Compare decoded strings so that two encodings of the same text are equal.
            if a.categories == b.categories { return a.codes == b.codes }
            for i in 0..<a.count where a[i] != b[i] { return false }
            return true
        default:
            return false
        }
    }
}
