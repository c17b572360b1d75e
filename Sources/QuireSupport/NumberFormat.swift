import Foundation

/// The one rule by which numbers read in reports, summaries and on the console.
///
/// People read about four significant digits; the JSON summary keeps full precision. Every
/// function is locale-independent and deterministic (`,` groups thousands, `.` is the decimal
/// point, `-` the sign), so reports stay byte-identical across machines.
///
/// | value | ``decimal(_:significantDigits:grouping:)`` |
/// |---|---|
/// | `791.8799999999999` | `791.9` |
/// | `2.0545796685394` | `2.055` |
/// | `9173217.873097703` | `9,173,218` |
/// | `0.000012345` | `1.235e-5` |
/// | `2e20` | `2e20` |
public enum NumberFormat {
    /// Below this magnitude (and above 0) decimals switch to scientific notation.
    public static let smallest = 1e-4
    /// At or above this magnitude decimals switch to scientific notation.
    public static let largest = 1e15

    /// A computed quantity (a metric, a mean, a rate): `significantDigits` significant digits
    /// with trailing zeros dropped, except that the whole integer part is always kept
    /// (`9,173,218`, not `9,173,000`). Magnitudes below ``smallest`` or from ``largest`` on use
    /// scientific notation (`1.235e-5`). NaN reads `NaN`, infinities `∞` and `-∞`.
    ///
    /// - Parameter grouping: separate thousands with `,` (off for identifiers such as years).
    public static func decimal(_ value: Double, significantDigits: Int = 4, grouping: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
        if value == 0 { return "0" }
        let digits = max(1, significantDigits)
        let magnitude = abs(value)
        if magnitude < smallest || magnitude >= largest { return scientific(value, significantDigits: digits) }
        let (mantissa, exponent) = decompose(value, significantDigits: digits)
        let sign = value < 0 ? "-" : ""
        if exponent >= digits - 1 {
            // At least as many integer digits as significant ones: keep the whole integer part.
            let whole = printf("f", precision: 0, magnitude)
            return sign + (grouping ? group(whole) : whole)
        }
        // `mantissa` holds the significant digits without the point: place it.
        var integerPart: String
        var fraction: String
        if exponent >= 0 {
            integerPart = String(mantissa.prefix(exponent + 1))
            fraction = String(mantissa.dropFirst(exponent + 1))
        } else {
            integerPart = "0"
            fraction = String(repeating: "0", count: -exponent - 1) + mantissa
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if grouping { integerPart = group(integerPart) }
        return sign + integerPart + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A decimal that may be absent: `—` for nil and NaN, else ``decimal(_:significantDigits:grouping:)``.
    public static func decimal(_ value: Double?, significantDigits: Int = 4, grouping: Bool = true) -> String {
        guard let value, !value.isNaN else { return "—" }
        return decimal(value, significantDigits: significantDigits, grouping: grouping)
    }

    /// A count, grouped: `1,234,567`.
    public static func integer(_ value: Int) -> String {
        (value < 0 ? "-" : "") + group(String(value.magnitude))
    }

    /// A count with its noun, in the plural unless it is one: `1 step`, `6 alerts`, `1,200 rows`.
    public static func count(_ value: Int, _ noun: String) -> String {
        integer(value) + " " + noun + (value == 1 ? "" : "s")
    }

    /// A share of a whole (`0.1234`) as a percentage with `significantDigits` significant digits:
    /// `12.34%`, `50%`, `0.01234%`. A share that is not exactly 1 never reads `100%` (nor one
    /// that is not exactly 0 `0%`): more digits are shown instead (`99.999%`), so that
    /// "1 of 100,000 failed" is not "100% passing".
    public static func percent(_ fraction: Double, significantDigits: Int = 4) -> String {
        guard fraction.isFinite else { return decimal(fraction) }
        var digits = max(1, significantDigits)
        var text = decimal(fraction * 100, significantDigits: digits)
        while digits < 15 && ((text == "100" && fraction != 1) || (text == "-100" && fraction != -1)) {
            digits += 1
            text = decimal(fraction * 100, significantDigits: digits)
        }
        return text + "%"
    }

    /// A p-value: three significant digits, and scientific notation below 0.001 (`3.2e-7`),
    /// so that a very small p-value is neither `0` nor a row of zeros.
    public static func pValue(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return decimal(value) }
        return abs(value) < 1e-3 ? scientific(value, significantDigits: 3) : decimal(value, significantDigits: 3)
    }

    /// Scientific notation with `significantDigits` significant digits and trailing zeros
    /// dropped: `1.235e-5`, `2e20`.
    public static func scientific(_ value: Double, significantDigits: Int = 4) -> String {
        guard value.isFinite, value != 0 else { return decimal(value) }
        let (mantissa, exponent) = decompose(value, significantDigits: max(1, significantDigits))
        var fraction = String(mantissa.dropFirst())
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 ? "-" : ""
        return sign + String(mantissa.prefix(1)) + (fraction.isEmpty ? "" : "." + fraction) + "e\(exponent)"
    }

    /// The digits of `|value|` rounded to `significantDigits` (no point), and the decimal
    /// exponent of the first one: `791.88`, 4 → (`"7919"`, 2).
    private static func decompose(_ value: Double, significantDigits: Int) -> (digits: String, exponent: Int) {
        // printf rounds the exact binary value correctly; its exponent accounts for a carry
        // (9.9996 → 1.000e+01).
        let text = printf("e", precision: significantDigits - 1, abs(value))
        guard let e = text.utf8.firstIndex(of: UInt8(ascii: "e")), let exponent = Int(text[text.index(after: e)...])
        else { return (text, 0) }
        return (String(text[..<e].filter { $0 != "." }), exponent)
    }

    /// C's `printf` of one double with a precision: `printf("e", precision: 3, x)` is
    /// `String(format: "%.3e", x)` (conversions `e`, `E`, `f`, `g`), without going through
    /// Foundation's formatter, slow enough to show in a warm run's profile where reports format
    /// thousands of numbers. The precision is written into the format, so that the one argument
    /// is a `Double`: an `Int32` argument costs a runtime conformance lookup across the whole
    /// binary in every process (`CVarArg` encoding asks whether it is passed as a double).
    public static func printf(_ conversion: String, precision: Int, _ value: Double) -> String {
        let precision = min(max(precision, 0), 1000)
        // Room for any double's integer digits (`%.0f` of 1e308), the precision and the exponent.
        let capacity = 360 + precision
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let written = "%.\(precision)\(conversion)".withCString { format in
                withVaList([value]) { vsnprintf(buffer.baseAddress, capacity, format, $0) }
            }
            let bytes = UnsafeRawBufferPointer(
                start: buffer.baseAddress, count: max(0, min(Int(written), capacity - 1)))
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `1234567` → `1,234,567` (digits only).
    private static func group(_ digits: String) -> String {
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return out
    }
}
