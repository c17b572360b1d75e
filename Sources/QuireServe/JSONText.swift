import QuireSupport

/// JSON text written straight into bytes, for responses: quoted strings and numbers that read
/// back as the same `Double`.
enum JSONText {
    /// `text` as a JSON string.
    static func quote(_ text: String) -> String { JSONValue.quote(text) }

    /// Appends `value` so that it reads back bit for bit (Swift's shortest round-trip form), or
    /// `null` for NaN and infinities, which JSON cannot write.
    static func append(_ value: Double, to out: inout Output) {
        guard value.isFinite else {
            out.bytes.append(contentsOf: "null".utf8)
            return
        }
        value.write(to: &out)
    }

    /// Response bytes that a `Double` writes itself into: the same text as its `description`,
    /// without making a `String` for each number (a response of 1,000 rows holds thousands).
    struct Output: TextOutputStream {
        var bytes: [UInt8] = []

        mutating func write(_ string: String) {
            bytes.append(contentsOf: string.utf8)
        }

        /// The standard library hands number text to a stream here, from a buffer on the stack
        /// (a customisation point of `TextOutputStream`; without it, `write(_:)` gets a `String`).
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: buffer)
        }
    }
}
