import Foundation
import QuireSupport
import Testing

/// The one "did you mean", the one escaper and the one JSON coder configuration.
@Suite struct SupportTests {
    @Test(
        arguments: [
            ("lod", ["load", "split"], "load"), ("spilt", ["load", "split"], "split"),
            ("zzz", ["load", "split"], nil), ("bmii", ["bp", "bmi", "city"], "bmi"), ("c", ["C", "l1_ratio"], "C"),
            // A third of the shorter length: two edits are too many for a five-letter name.
            ("lodd", ["load"], "load"), ("spl", ["split"], nil), ("aa", ["a"], "a"),
            // Ties go to the alphabetically first candidate, whatever the order.
            ("ab", ["bb", "aa"], "aa"), ("ab", ["aa", "bb"], "aa"), ("x", [], nil),
        ] as [(String, [String], String?)])
    func suggestions(name: String, candidates: [String], expected: String?) {
        #expect(Suggestion.closest(to: name, among: candidates) == expected)
    }

    @Test func didYouMeanWording() {
        #expect(Suggestion.didYouMean("delimitr", among: ["delimiter", "header"]) == "did you mean 'delimiter'?")
        #expect(Suggestion.didYouMean("qqqq", among: ["delimiter"]) == nil)
    }

    @Test func escapingSets() {
        let text = "a<b>&\"c\"'d'\u{01}\t\n"
        #expect(HTML.escape(text) == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;\u{01}\t\n")
        #expect(HTML.escape(text, .xml) == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;\t\n")
        #expect(HTML.escape(text, .doubleQuotedAttribute) == "a&lt;b&gt;&amp;&quot;c&quot;'d'\u{01}\t\n")
        #expect(HTML.escape(text, .textKeepingReferences) == "a&lt;b&gt;&\"c\"'d'\u{01}\t\n")
        #expect(HTML.escape("plain é 🧪") == "plain é 🧪")
        #expect(HTML.escape("only \u{02}control", .xml) == "only control")
        #expect(HTML.text("<x>").markup == "&lt;x&gt;")
    }

    struct Sample: Codable, Equatable {
        var b: Double
        var a: [Double]
    }

    @Test func jsonCodingSortsKeysAndSpellsNonFiniteNumbers() throws {
        let sample = Sample(b: .nan, a: [.infinity, -.infinity, 1.5])
        let text = String(decoding: try JSONCoding.encoder.encode(sample), as: UTF8.self)
        #expect(text == #"{"a":["inf","-inf",1.5],"b":"nan"}"#)
        let back = try JSONCoding.decoder.decode(Sample.self, from: Data(text.utf8))
        #expect(back.b.isNaN && back.a == sample.a)
        let pretty = String(decoding: try JSONCoding.prettyEncoder.encode(sample), as: UTF8.self)
        #expect(pretty.contains("\n"))
        let a = try #require(pretty.firstRange(of: "\"a\""))
        let b = try #require(pretty.firstRange(of: "\"b\""))
        #expect(a.lowerBound < b.lowerBound)
    }
}

/// `CivilDate.iso8601` against Foundation's `ISO8601DateFormatter`, the oracle it replaces.
@Suite struct ISO8601Tests {
    @Test func writesWhatISO8601DateFormatterWrites() {
        let formatter = ISO8601DateFormatter()
        var seconds: [Double] = [0, 1, 59.999, 86_399.5, 951_782_400, 1_700_000_000, 1_765_084_992.75, 4_102_444_800]
        seconds += [-0.25, -1, -86_400, -2_208_988_800, 253_402_300_799, 1000.9994, 1000.9995, -0.0004, -0.0006]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            seconds.append(Double(state >> 11) / Double(1 << 53) * 253_402_300_799 - 2_208_988_800)
        }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(CivilDate.iso8601(date) == formatter.string(from: date), "\(value)")
            if value == value.rounded() { #expect(CivilDate.iso8601(value) == formatter.string(from: date)) }
        }
    }
}
