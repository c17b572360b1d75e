import Foundation
import TestSupport
import Testing

@testable import QuireEngine

/// Float parsing must give the bits Python's float() gives (correctly rounded, like strtod).
@Suite("Decimal parsing against Python float()")
struct DecimalParserTests {
    static func cases() throws -> [(text: String, bits: UInt64)] {
        let list = try FixtureFiles.json("floats.json") as! [[String: Any]]
        return list.map { ($0["text"] as! String, ($0["bits"] as! NSNumber).uint64Value) }
    }

    @Test func fieldParserMatchesOracle() throws {
        let cases = try Self.cases()
        #expect(cases.count > 700)
        for (text, bits) in cases {
            let value = Array(text.utf8).withUnsafeBufferPointer { DecimalParser.parse($0) }
            let parsed = try #require(value, "\(text)")
            #expect(parsed.bitPattern == bits || (parsed.isNaN && Double(bitPattern: bits).isNaN), "\(text)")
        }
    }

    @Test(arguments: [1, 2])
    func csvColumnMatchesOracle(threads: Int) throws {
        let cases = try Self.cases()
        let text = "x\n" + cases.map(\.text).joined(separator: "\n") + "\n"
        let numbers = try #require(try parse(text, CSVOptions(threads: threads, blockSize: 1024))["x"]?.numbers)
        for (i, (text, bits)) in cases.enumerated() {
            #expect(numbers[i].bitPattern == bits, "\(text)")
        }
    }

    @Test(arguments: ["1e", "e5", "--1", "1..2", "0x10", "1,5", "nan1", "inf inity", "1e5.5", "+", "-", ".", "١٢"])
    func rejectsNonNumbers(_ text: String) {
        let value = Array(text.utf8).withUnsafeBufferPointer { DecimalParser.parse($0) }
        #expect(value == nil)
    }
}

/// The fast path against the C library's `strtod` on numbers of every shape (lengths around the
/// 8-digit word boundaries, signs, leading zeros, exponents, long mantissas).
@Suite("Decimal parsing against strtod", .tags(.slow))
struct DecimalParserStrtodTests {
    static func randomNumberText(_ random: inout Xoshiro256StarStar) -> String {
        let digits = "0123456789".map { $0 }
        func run(_ length: Int) -> String { String((0..<length).map { _ in digits[Int(random.nextInt(below: 10))] }) }
        var text = ""
        switch random.nextInt(below: 4) {
        case 0: text += "-"
        case 1: text += "+"
        default: break
        }
        let integer = Int(random.nextInt(below: 12))
        let fraction = Int(random.nextInt(below: 14))
        text += run(integer)
        if random.nextInt(below: 5) != 0 || integer == 0 { text += "." + run(fraction) }
        if random.nextInt(below: 6) == 0 {
            text += (random.nextInt(below: 2) == 0 ? "e" : "E-") + String(random.nextInt(below: 40))
        }
        return text
    }

    @Test(arguments: [1, 2])
    func csvNumbersEqualStrtod(threads: Int) throws {
        var random = Xoshiro256StarStar(seed: 2026)
        var texts: [String] = []
        while texts.count < 60_000 {
            let text = Self.randomNumberText(&random)
            let mantissa = text.prefix { $0 != "e" && $0 != "E" }
            if mantissa.contains(where: \.isNumber) { texts.append(text) }
        }
        let csv =
            "a,b\n"
            + stride(from: 0, to: texts.count, by: 2).map { "\(texts[$0]),\(texts[$0 + 1])" }.joined(separator: "\n")
            + "\n"
        let frame = try parse(csv, CSVOptions(threads: threads, blockSize: 1 << 16))
        #expect(frame["a"]?.kind == .numeric && frame["b"]?.kind == .numeric)
        guard let a = frame["a"]?.numbers, let b = frame["b"]?.numbers else { return }
        var mismatches = 0
        for (i, text) in texts.enumerated() {
            let got = i % 2 == 0 ? a[i / 2] : b[i / 2]
            let want = strtod(text, nil)
            if got.bitPattern != want.bitPattern {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(text): got \(got), strtod \(want)") }
            }
        }
        #expect(mismatches == 0)
    }
}

/// Full-precision numbers (17–19 significant digits, as pandas' default `to_csv` and `repr`
/// write them) take the 128-bit exact path; they must still equal `strtod`.
@Suite("Full-precision decimals against strtod")
struct FullPrecisionTests {
    @Test func reprAndLongMantissasEqualStrtod() throws {
        var random = Xoshiro256StarStar(seed: 99)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let magnitude = Double(Int(random.nextInt(below: 40)) - 20)
            let x = random.nextNormal() * pow(10, magnitude)
            texts.append("\(x)")
            texts.append(String(format: "%.17g", x))
            texts.append(String(format: "%.18f", x / 1e3))
            // 19 random digits with the dot somewhere.
            let digits = (0..<19).map { _ in String(random.nextInt(below: 10)) }.joined()
            let dot = Int(random.nextInt(below: 20))
            texts.append(String(digits.prefix(dot)) + "." + String(digits.dropFirst(dot)))
        }
        let csv = "x\n" + texts.joined(separator: "\n") + "\n"
        let numbers = try #require(try parse(csv, CSVOptions(threads: 2, blockSize: 1 << 16))["x"]?.numbers)
        var mismatches = 0
        for (i, text) in texts.enumerated() where numbers[i].bitPattern != strtod(text, nil).bitPattern {
            mismatches += 1
            if mismatches < 5 { Issue.record("\(text): got \(numbers[i]), strtod \(strtod(text, nil))") }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [
        ("9007199254740993", 0), ("18446744073709551615", 0), ("9999999999999999999", 0), ("1", 19),
        ("1234567890123456789", -19), ("9999999999999999999", -19), ("9007199254740993", -3), ("12345678901234567", 19),
    ])
    func scaledExactlyEqualsStrtod(_ digits: String, _ exponent: Int) throws {
        let mantissa = try #require(UInt64(digits))
        let value = DecimalParser.scaledExactly(mantissa, exponent)
        #expect(value.bitPattern == strtod("\(digits)e\(exponent)", nil).bitPattern)
    }
}
