import Foundation

/// The format of a value quoted in prose (`{{ eval.roc_auc | .3f }}`): a subset of Python's
/// format-specification mini-language, giving the same text as Python's `format(value, spec)`.
///
/// `[sign][grouping][.precision][type]`:
/// - sign: `+` (always), `-` (negatives only, the default) or a space (a space before positives);
/// - grouping: `,` or `_` between thousands of the integer part;
/// - precision: digits after the point (`f`, `e`, `%`) or significant digits (`g`);
/// - type: `f`/`F` fixed point (default precision 6), `e`/`E` scientific, `g`/`G` general,
///   `%` a percentage (times 100, fixed point, then `%`), `d` an integer (rounded half to even,
///   as Python's `round`), `n` as `g`; with no type, a precision means `g` and none means the
///   shortest text that reads back as the same number (an integral value without `.0`).
///
/// Fill, alignment, width, `#`, `0` and `z` lay out columns, which prose has none of: they are
/// refused, as is any other type letter.
public struct QuoteFormat: Sendable, Hashable, CustomStringConvertible {
    /// The spec as written (`.3f`).
    public let spec: String
    /// `+`, `-` or a space.
    public let sign: Character
    /// `,`, `_` or nil.
    public let grouping: Character?
    /// Digits after the point or significant digits; nil for the type's default.
    public let precision: Int?
    /// `f`, `F`, `e`, `E`, `g`, `G`, `%`, `d`, `n`, or nil.
    public let type: Character?

    /// The types accepted, for messages.
    public static let types: [Character] = ["f", "F", "e", "E", "g", "G", "%", "d", "n"]
    /// Largest precision accepted.
    public static let maximumPrecision = 100

    /// Why a spec is refused: a message and the 0-based offset of the character at fault.
    public struct Failure: Error, Sendable, Equatable {
        /// What is wrong.
        public var message: String
        /// Offset in the spec (in characters) of the first character at fault.
        public var offset: Int
    }

    /// The spec as written.
    public var description: String { spec }

    /// Parses `spec` (already trimmed of spaces).
    public init(_ spec: String) throws(Failure) {
        self.spec = spec
        let characters = Array(spec)
        var index = 0
        var sign: Character = "-"
        if index < characters.count, "+- ".contains(characters[index]) {
            sign = characters[index]
            index += 1
        }
        var grouping: Character?
        if index < characters.count, ",_".contains(characters[index]) {
            grouping = characters[index]
            index += 1
        }
        var precision: Int?
        if index < characters.count, characters[index] == "." {
            index += 1
            var digits = ""
            while index < characters.count, characters[index].isASCII, characters[index].isNumber {
                digits.append(characters[index])
                index += 1
            }
            guard let value = Int(digits), digits.count <= 3, value <= Self.maximumPrecision else {
                throw Failure(
                    message: digits.isEmpty
                        ? "`.` must be followed by a precision, e.g. `.3f`"
                        : "precision \(digits) is more than \(Self.maximumPrecision)",
                    offset: index - digits.count - 1)
            }
            precision = value
        }
        var type: Character?
        if index < characters.count, Self.types.contains(characters[index]) {
            type = characters[index]
            index += 1
        }
        if index < characters.count {
            let character = characters[index]
            let message: String
            if "<>^=".contains(character) || character.isNumber || "#z".contains(character) {
                message = "width, fill, alignment, `#`, `0` and `z` are not supported in quoted values"
            } else if Self.types.contains(character) || ",_.+- ".contains(character) {
                message = "'\(character)' is out of place; write [sign][,][.precision][type], e.g. `+,.2f`"
            } else {
                message = "unknown format type '\(character)'"
            }
            throw Failure(message: message, offset: index)
        }
        if type == "d", precision != nil {
            throw Failure(message: "`d` takes no precision", offset: 0)
        }
        if type == "n", grouping != nil {
            throw Failure(message: "`n` takes no grouping", offset: 0)
        }
        self.sign = sign
        self.grouping = grouping
        self.precision = precision
        self.type = type
    }

    /// `value` formatted as Python's `format(value, spec)` (for `d`, `format(round(value), spec)`).
    public func format(_ value: Double) -> String {
        var type = self.type
        if type == nil, precision != nil { type = "g" }
        if type == "n" { type = "g" }
        guard value.isFinite else {
            var text = value.isNaN ? "nan" : "inf"
            if type.map({ "FEG".contains($0) }) == true { text = text.uppercased() }
            if type == "%" { text += "%" }
            return signed(text, negative: value.sign == .minus && !value.isNaN)
        }
        let negative = value.sign == .minus
        let magnitude = Swift.abs(value)
        var body: String
        switch type {
        case "f", "F":
            body = Self.printf("f", precision ?? 6, magnitude)
        case "%":
            body = Self.printf("f", precision ?? 6, magnitude * 100) + "%"
        case "e", "E":
            body = Self.printf(type == "E" ? "E" : "e", precision ?? 6, magnitude)
        case "g", "G":
            body = Self.general(magnitude, precision: precision ?? 6, upper: type == "G", noType: self.type == nil)
            if self.type == nil, body.allSatisfy({ $0.isNumber }) {
                // No type: Python's repr-like form keeps a point on integral results.
                body += ".0"
            }
        case "d":
            body = Self.printf("f", 0, magnitude.rounded(.toNearestOrEven))
            if body == "0" { return signed(body, negative: false) }
        default:
            body = Self.shortest(magnitude)
        }
        if let grouping { body = Self.group(body, with: grouping) }
        return signed(body, negative: negative)
    }

    /// Text of a value given no spec: shortest round-trip digits, integral values without `.0`.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == value.rounded(), Swift.abs(value) < 1e15 {
            let text = printf("f", 0, value)
            return text == "-0" ? "0" : text
        }
        return (value.sign == .minus ? "-" : "") + shortest(Swift.abs(value))
    }

    private func signed(_ body: String, negative: Bool) -> String {
        if negative { return "-" + body }
        switch sign {
        case "+": return "+" + body
        case " ": return " " + body
        default: return body
        }
    }

    private static func printf(_ conversion: String, _ precision: Int, _ value: Double) -> String {
        NumberFormat.printf(conversion, precision: precision, value)
    }

    /// Python's `g`: `precision` significant digits, scientific when the exponent is below -4 or
    /// at least the precision, trailing zeros removed.
    /// Without a type, fixed notation needs room for one digit after the point, so it switches
    /// to scientific one exponent earlier.
    private static func general(_ value: Double, precision: Int, upper: Bool, noType: Bool) -> String {
        let digits = max(precision, 1)
        if value == 0 { return "0" }
        let scientific = printf("e", digits - 1, value)
        let exponent = Int(scientific.split(separator: "e").last ?? "0") ?? 0
        var text: String
        if exponent >= -4 && exponent < (noType ? digits - 1 : digits) {
            text = printf("f", max(digits - 1 - exponent, 0), value)
            text = stripZeros(text)
        } else {
            let parts = scientific.split(separator: "e")
            let mantissa = stripZeros(String(parts[0]))
            text = mantissa + "e" + (parts.count > 1 ? String(parts[1]) : "+00")
        }
        return upper ? text.uppercased() : text
    }

    private static func stripZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    /// Python's `repr` of a non-negative finite double: the shortest digits that read back as
    /// it (Swift's), fixed between 1e-4 and 1e16, else `1.5e-05`.
    private static func shortest(_ value: Double) -> String {
        let text = "\(value)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts.first.map(String.init) ?? "0"
        var digits = integer + (parts.count > 1 ? String(parts[1]) : "")
        var point = integer.count + exponent
        while digits.count > 1, digits.hasPrefix("0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        if digits == "0" { return "0.0" }
        let scientific = point - 1
        if scientific < -4 || scientific >= 16 {
            let rest = digits.dropFirst()
            let magnitude = Swift.abs(scientific)
            return String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "e" + (scientific < 0 ? "-" : "+")
                + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return digits + String(repeating: "0", count: point - digits.count) + ".0" }
        let split = digits.index(digits.startIndex, offsetBy: point)
        return digits[..<split] + "." + digits[split...]
    }

    /// `digits` with `separator` between thousands of its integer part.
    private static func group(_ text: String, with separator: Character) -> String {
        let end = text.firstIndex(where: { !$0.isNumber }) ?? text.endIndex
        let integer = Array(text[..<end])
        guard integer.count > 3 else { return text }
        var grouped = ""
        for (offset, digit) in integer.enumerated() {
            if offset > 0, (integer.count - offset) % 3 == 0 { grouped.append(separator) }
            grouped.append(digit)
        }
        return grouped + text[end...]
    }
}
