import Foundation
import Testing

@testable import QuireEngine

/// `CSVRoundTrip`: a frame written as CSV and read back with the options it names is the same
/// frame, over generated awkward frames (numbers that are hard to print, text that looks like
/// numbers or missing markers, delimiters, quotes and line breaks in values and names, no rows,
/// one column).
@Suite struct WriteRoundTripTests {
    static let numbers: [Double] = [
        0, -0.0, 0.1, 1 / 3, -2.5, 1e-300, .leastNonzeroMagnitude, 1.7976931348623157e308, .infinity, -.infinity, .nan,
        7, 123456789012,
    ]
    static let texts: [String?] = [
        nil, "007", "1.50", "nan", "inf", "-0", "NA", "null", "N/A", "NaN", "NA_1", "", " ", "\t", "a,b", "say \"hi\"",
        "x\ny", "a\r\nb", " lead", "trail ", "é", "naïve", "👍🏽", "ß", "plain", "=1+2", "#",
    ]
    static let names = ["a", "a,b", "q\"uote", " sp", "é", "x\ny", "007", "NA", "col"]

    /// Numbers equal bit for bit (so -0.0 and NaN count), text equal row by row.
    static func same(_ a: Frame, _ b: Frame) -> Bool {
        guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
        for (x, y) in zip(a.columns, b.columns) {
            switch (x.values, y.values) {
            case let (.numeric(p), .numeric(q)):
                guard
                    p.map(\.bitPattern) == q.map(\.bitPattern)
                        || zip(p, q).allSatisfy({ ($0.isNaN && $1.isNaN) || $0.bitPattern == $1.bitPattern })
                else { return false }
            case let (.categorical(p), .categorical(q)):
                guard (0..<p.count).allSatisfy({ p[$0] == q[$0] }) else { return false }
            default: return false
            }
        }
        return true
    }

    static func generated(seed: UInt64) throws -> Frame {
        var random = Xoshiro256StarStar(seed: seed)
        let rows = [0, 1, 2, 5, 17][Int.random(in: 0..<5, using: &random)]
        let width = Int.random(in: 1...4, using: &random)
        var used: Set<String> = []
        var columns: [Column] = []
        for index in 0..<width {
            var name = names[Int.random(in: 0..<names.count, using: &random)]
            if used.contains(name) { name += "_\(index)" }
            used.insert(name)
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                columns.append(
                    Column(name: name, numbers: (0..<rows).map { _ in numbers.randomElement(using: &random) ?? 0 }))
            case 1:
                // Text that all looks like numbers (or is missing).
                let pool: [String?] = [nil, "007", "1.50", "nan", "-0", "inf", " 3"]
                columns.append(
                    Column(name: name, strings: (0..<rows).map { _ in pool.randomElement(using: &random) ?? nil }))
            default:
                columns.append(
                    Column(name: name, strings: (0..<rows).map { _ in texts.randomElement(using: &random) ?? nil }))
            }
        }
        return try Frame(columns: columns, rowCount: rows)
    }

    @Test(arguments: 0..<300)
    func generatedFramesComeBackTheSame(_ seed: Int) throws {
        let frame = try Self.generated(seed: UInt64(seed))
        let plan = try CSVRoundTrip(for: frame)
        let text = plan.text(for: frame)
        let back = try CSVReader.read(bytes: Array(text.utf8), options: plan.options)
        #expect(Self.same(frame, back), "seed \(seed): \(plan)\n\(text)")
    }

    @Test func textThatLooksLikeNumbersIsNamedForTheReader() throws {
        let frame = try Frame(columns: [
            Column(name: "zip", strings: ["007", "10001", nil]), Column(name: "city", strings: ["Paris", "NA", nil]),
            Column(name: "n", numbers: [1, .nan, -0.0]),
        ])
        let plan = try CSVRoundTrip(for: frame)
        #expect(plan.textColumns == ["zip"])
        // "NA" is a value, so missing values are written empty and only "" means missing.
        #expect(plan.missingMarker == "")
        #expect(plan.options.missingMarkers == [""])
        // Without the options the zip codes would come back as numbers.
        let naive = try CSVReader.read(bytes: Array(plan.text(for: frame).utf8))
        #expect(naive["zip"]?.kind == .numeric)
    }

    @Test func emptyStringsChooseAnotherMarker() throws {
        let frame = try Frame(columns: [Column(name: "s", strings: ["", "NA", nil, " "])])
        let plan = try CSVRoundTrip(for: frame)
        #expect(plan.missingMarker == "N/A")
        let back = try CSVReader.read(bytes: Array(plan.text(for: frame).utf8), options: plan.options)
        #expect(Self.same(frame, back))
    }

    @Test func framesCSVCannotHoldAreRefused() throws {
        #expect(throws: FrameError.self) { try CSVRoundTrip(for: Frame.empty) }
        let unnamed = try Frame(columns: [Column(name: "", numbers: [1])])
        #expect(throws: FrameError.self) { try CSVRoundTrip(for: unnamed) }
    }

    @Test func churnComesBackTheSame() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../notebooks/data/churn.csv")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let frame = try CSVReader.read(contentsOf: url.path)
        let plan = try CSVRoundTrip(for: frame)
        let back = try CSVReader.read(bytes: Array(plan.text(for: frame).utf8), options: plan.options)
        #expect(Self.same(frame, back))
    }
}
