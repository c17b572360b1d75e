import Foundation
import QuireSupport
import Testing

/// Quoted values' formats against Python's `format(value, spec)`, whose results
/// `scripts/quote-format-fixture.py` writes to `Fixtures/quote-format.json`.
@Suite struct QuoteFormatTests {
    struct Case: Decodable {
        var spec: String
        var value: String
        var text: String
    }

    static func number(_ text: String) -> Double? {
        switch text {
        case "nan": .nan
        case "inf": .infinity
        case "-inf": -.infinity
        default: Double(text)
        }
    }

    @Test func matchesPythonsFormat() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/quote-format", withExtension: "json"))
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
        #expect(cases.count > 500)
        var failures: [String] = []
        for item in cases {
            let value = try #require(Self.number(item.value), "\(item.value)")
            let format = try QuoteFormat(item.spec)
            let text = format.format(value)
            if text != item.text { failures.append("format(\(item.value), '\(item.spec)'): \(text) != \(item.text)") }
        }
        #expect(failures.isEmpty, "\(failures.count) differ:\n\(failures.prefix(40).joined(separator: "\n"))")
    }

    @Test(arguments: [
        ("10d", 0, "width"), (">5", 0, "width"), (".3x", 2, "unknown format type 'x'"), (".", 0, "precision"),
        (".3fz", 3, "width"), ("f.2", 1, "out of place"), (".200f", 0, "more than"), ("s", 0, "unknown format type"),
    ])
    func refusesOtherSpecs(spec: String, offset: Int, message: String) {
        #expect(throws: QuoteFormat.Failure.self) { try QuoteFormat(spec) }
        do {
            _ = try QuoteFormat(spec)
        } catch {
            #expect(error.offset == offset, "\(spec): \(error)")
            #expect(error.message.contains(message), "\(spec): \(error.message)")
        }
    }

    @Test func plainTextOfValuesWithoutAFormat() {
        #expect(QuoteFormat.plain(300) == "300")
        #expect(QuoteFormat.plain(-0.0) == "0")
        #expect(QuoteFormat.plain(0.9844142785319256) == "0.9844142785319256")
        #expect(QuoteFormat.plain(1.5e-05) == "1.5e-05")
        #expect(QuoteFormat.plain(.nan) == "nan")
    }
}
