import Foundation
import QuireEngine
import QuireSupport
import Testing

/// Hyperparameter values read back from JSON (the cache, an exported model) show as they did.
@Suite struct HyperValueTests {
    @Test(arguments: [
        HyperValue.double(1.0), .double(-3.0), .double(0.5), .double(1e-4), .double(1e20), .int(7), .string("sqrt"),
        .bool(true), .null,
    ])
    func descriptionSurvivesAJSONRoundTrip(_ value: HyperValue) throws {
        let bytes = try JSONEncoder().encode([value])
        let back = try #require(try JSONDecoder().decode([HyperValue].self, from: bytes).first)
        #expect(back == value)
        #expect(back.description == value.description, "\(String(decoding: bytes, as: UTF8.self))")
    }

    @Test func wholeNumbersReadTheSameWrittenEitherWay() {
        #expect(HyperValue.double(1.0).description == "1")
        #expect(HyperValue.int(1).description == "1")
        #expect(HyperValue.double(0.25).description == "0.25")
    }
}
