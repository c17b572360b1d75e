import Foundation
import QuireSupport
import Testing

/// `JSONTree(parsing:)` and `JSONTree.decode(_:)` against Foundation's decoder, the oracle: the
/// same tree for the same text, the same values for the same types, and errors where it errs.
@Suite struct JSONTreeTests {
    /// The tree Foundation's decoder makes of `text` (`JSONTree`'s `Decodable` conformance).
    static func foundationTree(_ text: String) throws -> JSONTree {
        try JSONCoding.decoder.decode(JSONTree.self, from: Data(text.utf8))
    }

    static let documents = [
        "0", "-0", "7", "-7", "1.5", "-2.25e-3", "1E2", "1.5e1", "1e300", "1e-320", "4.9e-324",
        "9007199254740991", "9007199254740993", "-9007199254740993", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
        "0.1", "3.0", "-0.0", "true", "false", "null", #""""#, #""nan""#, #""inf""#, #""-inf""#,
        #""a\"b\\c\/d\b\f\n\r\t""#, #""\u00e9\u4e2d\ud83d\ude00""#, #""é中😀""#,
        "[]", "{}", "[1, [2, [3, []]], {\"a\": {}}]",
        "{\"b\": 1, \"a\": [true, null, \"x\"], \"c\": {\"d\": -0, \"e\": 2.5}}",
        " \n\t {\r\n \"k\" : [ 1 , 2 ] } \n",
        "{\"dup\": 1, \"dup\": 2}",
    ]

    @Test(arguments: documents) func parsesAsFoundationDoes(_ text: String) throws {
        let ours = try JSONTree(parsing: Data(text.utf8))
        let oracle = try Self.foundationTree(text)
        #expect(ours == oracle, "\(text)")
        // The same bits for every number, -0 included.
        if case .number(let a) = ours, case .number(let b) = oracle { #expect(a.bitPattern == b.bitPattern) }
    }

    static let invalid = [
        "", " ", "[", "{\"a\" 1}", "{1: 2}", "01", "-", "1.", ".5", "1e", "+1", "NaN",
        "nul", "tru", "\"abc", "\"a\u{01}b\"", #""\x""#, #""\ud800""#, #""\ud800\u0041""#, #""\u12""#,
        "[1] 2", "1e400", "-1e400", "[\"\\", "{\"a\":",
    ]

    @Test(arguments: invalid) func refusesWhatFoundationRefuses(_ text: String) {
        #expect(throws: DecodingError.self, "\(text)") { try JSONTree(parsing: Data(text.utf8)) }
        #expect(throws: (any Error).self, "\(text)") { try Self.foundationTree(text) }
    }

    /// Foundation's reader accepts a comma before `]` or `}`; JSON does not, and neither do we.
    @Test func refusesTrailingCommas() throws {
        for text in ["[1,]", "{\"a\":1,}"] {
            #expect(throws: DecodingError.self) { try JSONTree(parsing: Data(text.utf8)) }
            _ = try Self.foundationTree(text)
        }
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        #expect(throws: DecodingError.self) { try JSONTree(parsing: Data([0x22, 0xFF, 0xFE, 0x22])) }
        #expect(throws: DecodingError.self) { try JSONTree(parsing: Data([0x22, 0xC3, 0x22])) }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: DecodingError.self) { try JSONTree(parsing: Data(deep.utf8)) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONTree(parsing: Data(fine.utf8)) }
    }

    /// Every committed report's JSON summary: real documents, as the index page reads them.
    @Test func parsesTheCommittedSummariesAsFoundationDoes() throws {
        let reports = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../reports").standardizedFileURL
        let files = try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 5)
        for file in files {
            let data = try Data(contentsOf: reports.appendingPathComponent(file))
            #expect(try JSONTree(parsing: data) == JSONCoding.decoder.decode(JSONTree.self, from: data), "\(file)")
        }
    }

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case polygon([Int16], closed: Bool)
        case empty
    }

    struct Everything: Codable, Equatable {
        var flag: Bool
        var text: String
        var double: Double
        var float: Float
        var int: Int
        var int8: Int8
        var int16: Int16
        var int32: Int32
        var int64: Int64
        var uint: UInt
        var uint8: UInt8
        var uint16: UInt16
        var uint32: UInt32
        var uint64: UInt64
        var nonFinite: [Double]
        var optional: Int?
        var missing: String?
        var nested: [[Double?]]
        var byName: [String: Shape]
        var byNumber: [Int: String]
        var shapes: [Shape]
        var date: Date
        var data: Data
        var url: URL
        var decimal: Decimal
        var tree: JSONTree
    }

    static let everything = Everything(
        flag: true, text: "é \"quoted\" \n line", double: 0.1 + 0.2, float: 1.1, int: -42, int8: -128, int16: 32767,
        int32: -2_000_000_000, int64: 9_007_199_254_740_993, uint: 7, uint8: 255, uint16: 65535, uint32: 4_000_000_000,
        uint64: 9_223_372_036_854_775_807,
        nonFinite: [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude],
        optional: nil, missing: nil, nested: [[1, nil, 2.5], [], [nil]],
        byName: ["a": .circle(radius: 2), "b": .polygon([1, -2, 3], closed: false), "c": .empty],
        byNumber: [1: "one", -3: "minus three"], shapes: [.empty, .circle(radius: -0.0)],
        date: Date(timeIntervalSinceReferenceDate: 12345.678), data: Data([0, 1, 2, 255]),
        url: URL(string: "https://example.com/a?b=c")!, decimal: Decimal(string: "3.14159")!,
        tree: .object(["x": .array([.integer(1), .number(1.5), .string("nan"), .null])]))

    @Test func decodesAsFoundationDoes() throws {
        let data = try JSONCoding.encoder.encode(Self.everything)
        let oracle = try JSONCoding.decoder.decode(Everything.self, from: data)
        let ours = try JSONCoding.decode(Everything.self, from: data)
        // Through JSON text again, so NaN compares equal to NaN.
        #expect(try JSONCoding.encoder.encode(ours) == JSONCoding.encoder.encode(oracle))
        #expect(ours.double.bitPattern == oracle.double.bitPattern)
        #expect(ours.nonFinite[3].sign == .minus)
        #expect(ours.int64 == 9_007_199_254_740_993)
        // A tree made from a value decodes back to it.
        let tree = try JSONTree(encoding: Self.everything)
        #expect(try JSONCoding.encoder.encode(tree.decode(Everything.self)) == data)
    }

    struct Small: Codable, Equatable {
        var count: UInt8
        var ratio: Double
        var name: String
    }

    static let mismatches = [
        #"{"count": 300, "ratio": 1, "name": "a"}"#, #"{"count": 1.5, "ratio": 1, "name": "a"}"#,
        #"{"count": -1, "ratio": 1, "name": "a"}"#, #"{"count": 1, "ratio": "x", "name": "a"}"#,
        #"{"count": 1, "ratio": null, "name": "a"}"#, #"{"count": 1, "ratio": 1, "name": 5}"#,
        #"{"count": 1, "ratio": 1}"#, #"[1, 1, "a"]"#, #"{"count": "1", "ratio": 1, "name": "a"}"#,
    ]

    @Test(arguments: mismatches) func refusesValuesFoundationRefuses(_ text: String) {
        let data = Data(text.utf8)
        #expect(throws: DecodingError.self) { try JSONCoding.decode(Small.self, from: data) }
        #expect(throws: DecodingError.self) { try JSONCoding.decoder.decode(Small.self, from: data) }
    }

    @Test func optionalTreesReadNullAsNil() throws {
        let data = Data(#"[null, 1, {"a": null}]"#.utf8)
        let oracle = try JSONCoding.decoder.decode([JSONTree?].self, from: data)
        let ours = try JSONCoding.decode([JSONTree?].self, from: data)
        #expect(ours == oracle)
        #expect(ours.first == .some(nil))
    }

    @Test func acceptsWhatFoundationAccepts() throws {
        let text = #"{"count": 2.0, "ratio": "inf", "name": "", "extra": [1, {"x": null}]}"#
        let data = Data(text.utf8)
        let oracle = try JSONCoding.decoder.decode(Small.self, from: data)
        let ours = try JSONCoding.decode(Small.self, from: data)
        #expect(ours == oracle)
        #expect(ours.ratio == .infinity && ours.count == 2)
    }
}
