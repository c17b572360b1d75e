import Foundation
import QuireEngine
import Testing

@testable import QuireServe

/// The request reader on its own: JSON's grammar, numbers exactly as `strtod` reads them (the CSV
/// reader's rule), strings with escapes, and the errors that name a row and a field.
@Suite struct PredictRequestTests {
    static let inputs = [
        ModelInput(name: "x", kind: .numeric), ModelInput(name: "colour name", kind: .categorical),
        ModelInput(name: "day", kind: .date),
    ]

    static func decode(_ text: String) throws(RequestError) -> PredictRequest {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBufferPointer { buffer throws(RequestError) in
            try PredictRequest.decode(UnsafeBufferPointer(buffer), fields: RequestFields(inputs))
        }
    }

    static func error(_ text: String) -> RequestError? {
        do throws(RequestError) {
            _ = try decode(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "0", "-0", "1.5", "0.1", "123456789012345678901234567890", "1e-320", "2.2250738585072011e-308",
        "9007199254740993", "1.7976931348623157e308", "1E+2", "-3.25e-3", "0.30000000000000004",
    ])
    func numbersReadAsStrtodReadsThem(_ text: String) throws {
        let request = try Self.decode(#"{"rows": [{"x": \#(text), "colour name": "a", "day": null}]}"#)
        let value = try #require(request.frame["x"]?.numbers?.first)
        #expect(value.bitPattern == strtod(text, nil).bitPattern)
    }

    /// Thousands of numbers in the forms clients write (shortest round-trip, 17 significant
    /// digits, fixed decimals, exponents, long mantissas, leading zeros in fractions), read in one
    /// `columns` request: each must have `strtod`'s bits, whichever path converts it.
    @Test func randomNumbersReadAsStrtodReadsThem() throws {
        var generator = SplitMix64(seed: 20_261_207)
        var texts: [String] = []
        for _ in 0..<4_000 {
            let value =
                Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (generator.next() & 1 == 0 ? 1 : -1)
            let small = Double(Int64(bitPattern: generator.next() % 2_000_000) - 1_000_000) / 1_000
            texts.append("\(value)")
            texts.append(String(format: "%.17g", value).replacingOccurrences(of: "inf", with: "1e400"))
            texts.append("\(small)")
            texts.append(String(format: "%.6f", small))
            texts.append(String(format: "%.3e", small))
            texts.append("0.000\(generator.next() % 1_000_000_000)")
            texts.append("\(generator.next())\(generator.next() % 1000).5e-\(generator.next() % 30)")
        }
        let body =
            #"{"columns": {"x": ["# + texts.joined(separator: ",") + #"], "colour name": ["#
            + Array(repeating: "null", count: texts.count).joined(separator: ",") + #"], "day": ["#
            + Array(repeating: "null", count: texts.count).joined(separator: ",") + "]}}"
        let values = try #require(try Self.decode(body).frame["x"]?.numbers)
        #expect(values.count == texts.count)
        var mismatches: [String] = []
        for (text, value) in zip(texts, values) where value.bitPattern != strtod(text, nil).bitPattern {
            mismatches.append(text)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Keys in the model's order are matched as bytes; any other order, a key with an escape, and
    /// unknown keys between them are read as strings. All give the same frame.
    @Test func fieldsInAnyOrderOrEscapedGiveTheSameFrame() throws {
        let ordered = try Self.decode(#"{"rows": [{"x": 2, "colour name": "b", "day": null}]}"#)
        for body in [
            #"{"rows": [{"day": null, "colour name": "b", "x": 2}]}"#,
            #"{"rows": [{"x": 2, "colour\u0020name": "b", "day": null}]}"#,
            #"{"rows": [{ "x" : 2 , "other": {"x": 3}, "colour name":"b","day":null }]}"#,
            #"{"rows": [{"xx": 1, "x": 2, "colour name": "b", "day": null}]}"#,
        ] {
            #expect(try Self.decode(body).frame == ordered.frame, "\(body)")
        }
        #expect(Self.error(#"{"rows": [{"x": 2, "x": 2, "colour name": "b", "day": null}]}"#)?.field == "x")
    }

    @Test func rowsAndColumnsGiveTheSameFrame() throws {
        let rows = try Self.decode(
            #"{"rows": [{"day": "2026-12-07", "x": 1, "colour name": "r\u00e9d \"a\"", "extra": [1, {"y": 2}]}, "#
                + #"{"x": null, "colour name": null, "day": "2026-12-07T08:15:02Z"}]}"#)
        let columns = try Self.decode(
            #"{"columns": {"x": [1, null], "colour name": ["r\u00e9d \"a\"", null], "#
                + #""day": ["2026-12-07", "2026-12-07T08:15:02Z"]}, "other": true}"#)
        #expect(rows.layout == .rows && columns.layout == .columns)
        #expect(rows.frame == columns.frame)
        #expect(rows.frame.columnNames == ["x", "colour name", "day"])
        #expect(rows.frame["colour name"]?.strings?.categories == ["réd \"a\""])
        #expect(rows.frame["x"]?.isMissing(at: 1) == true)
        let days = try [#require(DateText.parse("2026-12-07")), #require(DateText.parse("2026-12-07T08:15:02Z"))]
        #expect(rows.frame["day"]?.dates == days)
    }

    @Test func surrogatePairsDecode() throws {
        let request = try Self.decode(#"{"rows": [{"x": 1, "colour name": "\ud83d\ude00", "day": null}]}"#)
        #expect(request.frame["colour name"]?.strings?.categories == ["😀"])
    }

    @Test(arguments: [
        (#"{"rows": [{"x": 1, "day": null}]}"#, 0, "colour name"),
        (
            #"{"rows": [{"x": 1, "colour name": "a", "day": null}, {"x": "1", "colour name": "a", "day": null}]}"#, 1,
            "x"
        ),
        (#"{"rows": [{"x": 1, "colour name": 2, "day": null}]}"#, 0, "colour name"),
        (#"{"rows": [{"x": 1, "colour name": "a", "day": "yesterday"}]}"#, 0, "day"),
        (#"{"rows": [{"x": 1, "x": 2, "colour name": "a", "day": null}]}"#, 0, "x"),
        (#"{"columns": {"x": [1, [2]], "colour name": ["a", "b"], "day": [null, null]}}"#, 1, "x"),
    ])
    func badValuesNameTheRowAndField(_ text: String, _ row: Int, _ field: String) {
        let error = Self.error(text)
        #expect(error?.status == 400)
        #expect(error?.row == row)
        #expect(error?.field == field)
    }

    @Test(arguments: [
        "", "{", "[]", "{\"rows\": [", "{\"rows\": [}", "{\"rows\": []} x", "{\"rows\": [{\"x\": 01}]}",
        "{\"rows\": [{\"x\": 1.}]}", "{\"rows\": [{\"x\": -}]}", "{\"rows\": [{\"x\": 1e}]}",
        "{\"rows\": [{\"x\": tru}]}",
        "{\"rows\": [{\"x\": \"\\q\"}]}", "{\"rows\": [{\"x\": \"\\ud800\"}]}", "{\"rows\": [{\"x\": \"a\nb\"}]}",
        "{\"a\": " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}", "{}",
        "{\"rows\": [], \"columns\": {}}",
    ])
    func malformedBodiesAre400(_ text: String) {
        #expect(Self.error(text)?.status == 400, "\(text)")
    }

    /// The same bad numbers with enough text after them for the eight-bytes-at-a-time reader.
    @Test(arguments: ["01", "1.", "-", "1.e5", "-.5", "+1", ".5", "1.5.5", "00.5", "-01", "1.5e", "12345678.5x"])
    func malformedNumbersBeforeMoreFieldsAre400(_ number: String) {
        let text = #"{"rows": [{"x": \#(number), "colour name": "a long enough value", "day": null}]}"#
        #expect(Self.error(text)?.status == 400, "\(text)")
    }

    @Test func invalidUTF8Is400() throws {
        var bytes: [UInt8] =
            Array(#"{"rows": [{"x": 1, "colour name": ""#.utf8) + [0xC3, 0x28] + Array(#"", "day": null}]}"#.utf8)
        let error = bytes.withUnsafeMutableBufferPointer { buffer -> RequestError? in
            do throws(RequestError) {
                _ = try PredictRequest.decode(UnsafeBufferPointer(buffer), fields: RequestFields(Self.inputs))
                return nil
            } catch {
                return error
            }
        }
        #expect(error?.status == 400)
    }

    @Test func errorBodiesAreJSON() throws {
        let error = RequestError(status: 400, "field `a\"b` is missing", row: 3, field: "a\"b")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(error.body)) as? [String: [String: Any]])
        #expect(object["error"]?["row"] as? Int == 3)
        #expect(object["error"]?["field"] as? String == "a\"b")
    }
}
