/// The most memory one table of numbers built by an operation may take, estimated before it is
/// allocated, so an oversized request fails with a message instead of the process dying.
///
/// The estimate is the table's payload, `rows × columns × 8` bytes; the budget is 2 GiB
/// (docs/models.md, "Memory").
public enum MemoryBudget {
    /// 2 GiB.
    public static let bytes = 2 << 30

    /// `rows × columns × 8`, saturating at `Int.max` instead of overflowing.
    public static func tableBytes(rows: Int, columns: Int) -> Int {
        let (cells, overflow) = max(rows, 0).multipliedReportingOverflow(by: max(columns, 0))
        let (bytes, overflow8) = cells.multipliedReportingOverflow(by: 8)
        return overflow || overflow8 ? .max : bytes
    }

    /// Whether a table of `rows × columns` numbers fits the budget.
    public static func fits(rows: Int, columns: Int) -> Bool {
        tableBytes(rows: rows, columns: columns) <= bytes
    }

    /// Bytes for people: `3.2 GB`, `512 MB`, `2 GiB` for the budget itself.
    public static func text(_ bytes: Int) -> String {
        if bytes == Self.bytes { return "2 GiB" }
        let value = Double(bytes)
        for (unit, size) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] where value >= size {
            let scaled = value / size
            return (scaled >= 100 ? String(Int(scaled.rounded())) : String(Double(Int(scaled * 10)) / 10)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
