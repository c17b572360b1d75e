import Foundation
import QuireEngine
import Testing

/// `Frame.casting`: text to numbers against pandas' `to_numeric` (scripts/prepare_fixtures_dates.py),
/// booleans, whole numbers, text and dates; failures name the row and value, or become missing.
@Suite struct CastTests {
    static var numbers: [[String: Any]] {
        let url = FixtureFiles.root.appendingPathComponent("prepare/dates.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return object["numbers"] as? [[String: Any]] ?? []
    }

    @Test func textToNumbersAgreesWithPandas() throws {
        let cases = Self.numbers
        #expect(cases.count > 5)
        for oracle in cases {
            let text = oracle["text"] as? String ?? ""
            let frame = try Frame(columns: [Column(name: "x", strings: [text])])
            let (cast, report) = try frame.casting([("x", .num)], errorsToNull: true)
            let value = try #require(cast["x"]?.numbers?.first)
            let expected = FixtureFiles.double(oracle["value"])
            // pandas turns an empty text into NaN; so does the CSV reader (a missing value).
            if text.isEmpty { continue }
            #expect(close(value, expected), "\(text): \(value) vs \(expected)")
            #expect(report.total == (expected.isNaN ? 1 : 0), "\(text)")
        }
    }

    @Test func booleansWholeNumbersAndFailures() throws {
        let frame = try Frame(columns: [
            Column(name: "flag", strings: ["yes", "No", " TRUE ", "0", nil, "1", "false"]),
            Column(name: "n", strings: ["1", "2.0", "-3", nil, "1e2", "7", "0"]),
            Column(name: "bad", strings: ["1", "2", "2.5", nil, "x", "3", "4"]),
        ])
        let (cast, report) = try frame.casting([("flag", .bool), ("n", .int)])
        #expect(cast["flag"]?.numbers?.map { $0.isNaN ? -1 : $0 } == [1, 0, 1, 0, -1, 1, 0])
        #expect(cast["n"]?.numbers?.map { $0.isNaN ? -1 : $0 } == [1, 2, -3, -1, 100, 7, 0])
        #expect(report.total == 0)
        let error = try #require(throws: FrameError.self) { try frame.casting([("bad", .int)]) }
        #expect(error.code == .castFailed)
        #expect(error.message.contains("row 3: `2.5`"))
        let (lenient, nulled) = try frame.casting([("bad", .int)], errorsToNull: true)
        #expect(nulled.nulled.map(\.count) == [2])
        #expect(lenient["bad"]?.missingCount == 3)
        let notBool = try #require(throws: FrameError.self) { try frame.casting([("n", .bool)]) }
        #expect(notBool.message.contains("row 2: `2.0`"))
    }

    @Test func strAndDateRoundTrip() throws {
        let frame = try Frame(columns: [
            Column(name: "x", numbers: [1, 2.5, .nan, -0.0]),
            Column(name: "d", strings: ["2024-01-31", nil, "1969-12-31", "2000-02-29"]),
        ])
        let (text, _) = try frame.casting([("x", .str), ("d", .date)])
        let strings = try #require(text["x"]?.strings)
        #expect((0..<4).map { strings[$0] } == ["1.0", "2.5", nil, "-0.0"])
        #expect(text["d"]?.kind == .date)
        let (back, _) = try text.casting([("d", .str)])
        #expect(back["d"] == frame["d"])
        #expect(throws: FrameError.self) { try frame.casting([("x", .date)]) }
        #expect(throws: FrameError.self) { try text.casting([("d", .num)]) }
        let bad = try #require(
            throws: FrameError.self,
            performing: { try Frame(columns: [Column(name: "d", strings: ["2024-02-30"])]).casting([("d", .date)]) })
        #expect(bad.message.contains("row 1: `2024-02-30`"))
    }
}
