import QuireSupport

/// JSON text written straight into bytes, for responses: quoted strings and numbers that read
/// back as the same `Double`.
enum JSONText {
    /// `text` as a JSON string.
    static func quote(_ text: String) -> String { JSONValue.quote(text) }

    /// Appends `value` so that it reads back bit for bit (Swift's shortest round-trip form), or
    /// `null` for NaN and infinities, which JSON cannot write.
    static func append(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        out.append(contentsOf: value.description.utf8)
    }
}
