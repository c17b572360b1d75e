/// A JSON value written deterministically: object keys sorted, numbers in shortest round-trip
/// form, two-space indentation, a final newline. Equal values give equal bytes.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }

    /// The value as a JSON document.
    public var text: String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    /// The value on one line, without a final newline: `{"a": [1, 2]}`, as tables and messages
    /// show a value.
    public var compactText: String {
        var out = ""
        write(into: &out, indent: nil)
        return out
    }

    /// Writes the value, indented `indent` levels, or on one line when `indent` is nil.
    private func write(into out: inout String, indent: Int?) {
        let pad = indent.map { String(repeating: "  ", count: $0 + 1) } ?? ""
        let close = indent.map { String(repeating: "  ", count: $0) } ?? ""
        let open = indent == nil ? "" : "\n"
        let separator = indent == nil ? ", " : ",\n"
        let next = indent.map { $0 + 1 }
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .number(let value):
            // JSON has no NaN or infinity.
            if !value.isFinite {
                out += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                out += String(Int64(value))
            } else {
                out += "\(value)"
            }
        case .string(let text): out += Self.quote(text)
        case .array(let values):
            if values.isEmpty { out += "[]"; return }
            out += "[" + open
            for (index, value) in values.enumerated() {
                out += pad
                value.write(into: &out, indent: next)
                out += index + 1 < values.count ? separator : open
            }
            out += close + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{" + open
            let sorted = members.sorted { $0.key < $1.key }
            for (index, (key, value)) in sorted.enumerated() {
                out += pad + Self.quote(key) + ": "
                value.write(into: &out, indent: next)
                out += index + 1 < sorted.count ? separator : open
            }
            out += close + "}"
        }
    }

    /// `text` as a JSON string: quoted, with `"`, `\\` and control characters escaped.
    public static func quote(_ text: String) -> String {
        // Most text needs no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
