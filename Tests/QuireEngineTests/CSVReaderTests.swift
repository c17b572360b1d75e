import Foundation
import TestSupport
import Testing

@testable import QuireEngine

@Suite("CSV reader", .tags(.slow))
struct CSVReaderTests {
    /// A messy CSV with quoted fields, embedded newlines and quotes, CRLF, missing markers and
    /// a column that turns from numbers to text late in the file.
    static func messyText(rows: Int, seed: UInt64) -> String {
        var random = Xoshiro256StarStar(seed: seed)
        var text = "id,value,label,late\r\n"
        for i in 0..<rows {
            let value = random.nextInt(below: 10) == 0 ? "NA" : String(random.nextNormal())
            let label: String
            switch random.nextInt(below: 5) {
            case 0: label = "\"multi\nline \"\"quoted\"\", with comma\""
            case 1: label = ""
            case 2: label = "plain\(i % 7)"
            case 3: label = "\"\""
            default: label = "\"ü, ß\r\nx\""
            }
            let late = i == rows - 3 ? "text!" : String(i)
            text += "\(i),\(value),\(label),\(late)" + (random.nextInt(below: 2) == 0 ? "\n" : "\r\n")
        }
        return text
    }

    @Test(arguments: [64, 100, 257, 4096, 1 << 20])
    func parallelParseEqualsSingleThread(blockSize: Int) throws {
        let text = Self.messyText(rows: 3000, seed: 9)
        let one = try parse(text, CSVOptions(threads: 1, blockSize: blockSize))
        for threads in [2, 3, 4] {
            let many = try parse(text, CSVOptions(threads: threads, blockSize: blockSize))
            #expect(many == one, "threads \(threads)")
            #expect(FrameBinaryFormat.encode(many) == FrameBinaryFormat.encode(one))
        }
        #expect(one.rowCount == 3000)
        #expect(one["late"]?.kind == .categorical)
        #expect(one["late"]?.strings?[0] == "0")
        #expect(one["late"]?.strings?[2997] == "text!")
        #expect(one["value"]?.kind == .numeric)
    }

    @Test func blockSizeDoesNotChangeTheFrame() throws {
        let text = Self.messyText(rows: 2000, seed: 4)
        let reference = try parse(text, CSVOptions(threads: 1, blockSize: 1 << 22))
        for blockSize in [64, 65, 333, 1000, 5000] {
            #expect(try parse(text, CSVOptions(threads: 2, blockSize: blockSize)) == reference, "block \(blockSize)")
        }
    }

    @Test func valuesSurviveQuotingRules() throws {
        let frame = try parse(Self.messyText(rows: 50, seed: 1), CSVOptions(blockSize: 64))
        let labels = try #require(frame["label"]?.strings)
        var random = Xoshiro256StarStar(seed: 1)
        for i in 0..<50 {
            let isMissing = random.nextInt(below: 10) == 0
            _ = isMissing ? 0 : random.nextNormal()
            let expected: String?
            switch random.nextInt(below: 5) {
            case 0: expected = "multi\nline \"quoted\", with comma"
            case 1, 3: expected = nil
            case 2: expected = "plain\(i % 7)"
            default: expected = "ü, ß\r\nx"
            }
            _ = random.nextInt(below: 2)
            #expect(labels[i] == expected, "row \(i)")
        }
    }

    @Test func numbersRoundTripThroughText() throws {
        var random = Xoshiro256StarStar(seed: 5)
        let values = (0..<2000).map { _ in random.nextNormal() * 1e3 }
        let text = "x\n" + values.map { "\($0)" }.joined(separator: "\n") + "\n"
        let frame = try parse(text, CSVOptions(threads: 2, blockSize: 512))
        #expect(frame["x"]?.numbers == values)
    }

    @Test func categoricalOverrideKeepsTextExactly() throws {
        let frame = try parse("zip,n\n01234,1\n1.50,2\n,3\n", CSVOptions(types: ["zip": .categorical]))
        let zip = try #require(frame["zip"]?.strings)
        #expect(zip[0] == "01234")
        #expect(zip[1] == "1.50")
        #expect(zip[2] == nil)
    }

    @Test func customMissingMarkersAndDelimiter() throws {
        let frame = try parse("a|b\n-|x\n2|-\n", CSVOptions(delimiter: "|", missingMarkers: ["-"]))
        #expect(frame["a"]?.numbers?[0].isNaN == true)
        #expect(frame["a"]?.numbers?[1] == 2)
        #expect(frame["b"]?.strings?[1] == nil)
        // With no markers, an empty field is text, and "NA" is a category.
        let strict = try parse("a,b\n,NA\n1,x\n", CSVOptions(missingMarkers: []))
        #expect(strict["a"]?.kind == .categorical)
        #expect(strict["b"]?.strings?[0] == "NA")
    }

    @Test func thousandsOfColumns() throws {
        let columns = 5000
        let header = (0..<columns).map { "c\($0)" }.joined(separator: ",")
        let rows = (0..<20).map { r in (0..<columns).map { c in String(r * columns + c) }.joined(separator: ",") }
        let text = header + "\n" + rows.joined(separator: "\n") + "\n"
        let frame = try parse(text, CSVOptions(threads: 2, blockSize: 4096))
        #expect(frame.columnCount == columns)
        #expect(frame.rowCount == 20)
        #expect(frame["c4999"]?.numbers?[19] == Double(19 * columns + 4999))
    }

    @Test func longRecordGrowsTheBlock() throws {
        let long = String(repeating: "x", count: 10_000)
        let frame = try parse("a,b\n1,\"\(long)\n\(long)\"\n2,y\n", CSVOptions(threads: 2, blockSize: 64))
        #expect(frame.rowCount == 2)
        #expect(frame["b"]?.strings?[0]?.count == 20_001)
    }

    @Test func headerOnlyGivesAnEmptyTypedFrame() throws {
        let frame = try parse("a,b")
        #expect(frame.rowCount == 0)
        #expect(frame.columnNames == ["a", "b"])
        #expect(frame.schema.fields.allSatisfy { $0.kind == .numeric })
    }

    @Test func readsAFileInBlocks() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-engine-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = Self.messyText(rows: 5000, seed: 12)
        try text.write(to: url, atomically: true, encoding: .utf8)
        let fromFile = try CSVReader.read(contentsOf: url.path, options: CSVOptions(threads: 2, blockSize: 4096))
        #expect(fromFile == (try parse(text, CSVOptions(threads: 1))))
    }

    @Test func writerAndReaderRoundTrip() throws {
        let frame = try Frame(columns: [
            Column(name: "n", numbers: [1.5, .nan, -0.0, .infinity, 1e-300]),
            Column(name: "s", strings: ["a,b", nil, "q\"uote", "line\nbreak", " pad "]),
        ])
        let text = CSVWriter.text(for: frame)
        let back = try parse(text)
        #expect(back == frame)
    }
}
