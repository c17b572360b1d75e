import Foundation
import QuireEngine
import QuireSupport
import Testing

/// Date columns against pandas (scripts/prepare_fixtures_dates.py): ISO parsing with offsets and
/// fractions, calendar parts, truncation, day differences, strptime formats, CSV inference; and
/// the text form, the binary format, sorting and profiles of date columns.
@Suite struct DateTests {
    static var fixture: [String: Any] {
        let url = FixtureFiles.root.appendingPathComponent("prepare/dates.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    static func list(_ key: String) -> [[String: Any]] { fixture[key] as? [[String: Any]] ?? [] }

    /// pandas' nanoseconds as our seconds: exact for whole seconds, within half a microsecond else.
    static func matches(_ seconds: Double?, _ nanoseconds: Any?) -> Bool {
        guard let ns = (nanoseconds as? NSNumber)?.int64Value else { return seconds == nil }
        guard let seconds else { return false }
        if ns % 1_000_000_000 == 0 { return seconds == Double(ns / 1_000_000_000) }
        return abs(seconds * 1e9 - Double(ns)) < 500
    }

    @Test func fixtureIsThere() {
        #expect(Self.list("iso").count > 30)
        #expect(Self.list("parts").count > 20)
    }

    @Test func isoParsingAgreesWithPandas() {
        for case_ in Self.list("iso") {
            let text = case_["text"] as? String ?? ""
            let parsed = DateText.parse(text)
            #expect(Self.matches(parsed, case_["ns"]), "\(text): \(String(describing: parsed))")
        }
    }

    @Test func partsAndTruncationAgreeWithPandas() throws {
        for case_ in Self.list("parts") {
            let text = case_["text"] as? String ?? ""
            let seconds = try #require(DateText.parse(text))
            #expect(Self.matches(seconds, case_["ns"]), "\(text)")
            let frame = try Frame(columns: [Column(name: "d", dates: [seconds, .nan])])
            func value(_ expression: String) throws -> [Double] {
                switch try Expression(expression).evaluate(on: frame) {
                case .numbers(let xs), .dates(let xs): return xs
                default: return []
                }
            }
            for part in ["year", "month", "day", "weekday", "hour"] {
                let key = part == "weekday" ? "weekday" : part
                let expected = (case_[key] as? NSNumber)?.doubleValue ?? .nan
                let got = try value("\(part)(d)")
                #expect(got.first == expected, "\(part)(\(text))")
                #expect(got.last?.isNaN == true, "\(part) of a missing date is missing")
            }
            let trunc = case_["trunc"] as? [String: Any] ?? [:]
            for (unit, ns) in trunc {
                let got = try value("date_trunc(\"\(unit)\", d)")
                #expect(Self.matches(got.first, ns), "date_trunc(\(unit), \(text)) = \(got)")
            }
        }
    }

    @Test func daysBetweenAgreesWithPandas() throws {
        for case_ in Self.list("between") {
            let a = case_["a"] as? String ?? "", b = case_["b"] as? String ?? ""
            let frame = try Frame(columns: [
                Column(name: "a", dates: [try #require(DateText.parse(a))]),
                Column(name: "b", dates: [try #require(DateText.parse(b))]),
            ])
            guard case .numbers(let days) = try Expression("days_between(a, b)").evaluate(on: frame) else {
                Issue.record("days_between is not a number")
                continue
            }
            let expected = FixtureFiles.double(case_["days"])
            #expect(close(days[0], expected, tolerance: 1e-9), "\(a) → \(b): \(days[0]) vs \(expected)")
        }
    }

    @Test func patternsAgreeWithPandas() throws {
        for case_ in Self.list("patterns") {
            let pattern = try DatePattern(case_["format"] as? String ?? "")
            let text = case_["text"] as? String ?? ""
            #expect(Self.matches(pattern.parse(text), case_["ns"]), "\(pattern.text) \(text)")
        }
    }

    @Test func badPatternsAreRefused() {
        #expect(throws: FrameError.self) { try DatePattern("%d/%m") }
        #expect(throws: FrameError.self) { try DatePattern("%Y-%j") }
        #expect(throws: FrameError.self) { try DatePattern("%Y-%m-%d %") }
    }

    @Test func csvInferenceAgreesWithPandas() throws {
        let csv = try #require(Self.fixture["csv"] as? [String: Any])
        let text = try #require(csv["text"] as? String)
        let columns = try #require(csv["columns"] as? [String: Any])
        var options = CSVOptions()
        options.dates["dmy"] = try DatePattern("%d/%m/%Y")
        for threads in [1, 2] {
            options.threads = threads
            let frame = try CSVReader.read(bytes: Array(text.utf8), options: options)
            for (name, expected) in columns {
                let column = try frame.column(named: name)
                if expected as? String == "text" {
                    #expect(column.kind == .categorical, "\(name)")
                    continue
                }
                let values = try #require(column.dates, "\(name) is \(column.kind)")
                let oracle = expected as? [Any] ?? []
                #expect(values.count == oracle.count)
                for (value, ns) in zip(values, oracle) {
                    #expect(Self.matches(value.isNaN ? nil : value, ns is NSNull ? nil : ns), "\(name) \(value)")
                }
            }
            #expect(try frame.column(named: "id").kind == .numeric)
            #expect(try frame.column(named: "blank").kind == .numeric)  // all missing: numeric, as before
            // Without the format, d/m/Y texts are text.
            #expect(try CSVReader.read(bytes: Array(text.utf8)).column(named: "dmy").kind == .categorical)
        }
    }

    @Test func csvInfersDatesAcrossBlocks() throws {
        var text = "d,e\n"
        var expected: [Double] = []
        for day in 0..<3000 {
            let seconds = Double(day - 1000) * 86_400
            text += "\(DateText.format(seconds, dateOnly: true) ?? ""),\(day)\n"
            expected.append(seconds)
        }
        let frame = try CSVReader.read(bytes: Array(text.utf8), options: CSVOptions(threads: 2, blockSize: 1024))
        #expect(try frame.column(named: "d").dates == expected)
        // One bad value in the last block makes the column text.
        let bad = try CSVReader.read(
            bytes: Array((text + "2023-02-29,1\n").utf8), options: CSVOptions(threads: 2, blockSize: 1024))
        #expect(try bad.column(named: "d").kind == .categorical)
    }

    @Test func forcedDatesNameTheRowAndValue() throws {
        let text = "id,when\n1,2024-01-01\n2,2024-02-30\n3,2024-03-01\n"
        let error = try #require(
            throws: CSVError.self,
            performing: { try CSVReader.read(bytes: Array(text.utf8), options: CSVOptions(types: ["when": .date])) })
        #expect(error.code == .notADate)
        #expect(error.message.contains("row 2"))
        #expect(error.message.contains("2024-02-30"))
        #expect(error.line == 3 && error.column == 3)
        var options = CSVOptions()
        options.dates["when"] = try DatePattern("%d/%m/%Y")
        let wrong = try #require(
            throws: CSVError.self, performing: { try CSVReader.read(bytes: Array(text.utf8), options: options) })
        #expect(wrong.message.contains("row 1") && wrong.message.contains("%d/%m/%Y"))
        #expect(wrong.line == 2)
        // A categorical override keeps ISO dates as text.
        let kept = try CSVReader.read(bytes: Array(text.utf8), options: CSVOptions(types: ["when": .categorical]))
        #expect(try kept.column(named: "when").kind == .categorical)
    }

    @Test func textFormAndCSVRoundTrip() throws {
        let midnight = [DateText.parse("2024-02-29"), DateText.parse("1900-03-01"), DateText.parse("1969-12-31")]
            .map { $0 ?? 0 }
        let times = try [
            "2024-01-01T08:30:00.5", "1969-12-31T23:59:59.25", "2024-01-01T08:30:00.123456", "2024-06-01",
            "1950-07-04T12:00:00.001",
        ].map { try #require(DateText.parse($0)) }
        #expect(DateText.strings(midnight + [.nan]) == ["2024-02-29", "1900-03-01", "1969-12-31", nil])
        #expect(
            DateText.strings(times) == [
                "2024-01-01T08:30:00.5", "1969-12-31T23:59:59.25", "2024-01-01T08:30:00.123456",
                "2024-06-01T00:00:00", "1950-07-04T12:00:00.001",
            ])
        // Shortest text that reads back exactly, for awkward fractions too.
        for seconds in times + [1e9 + 0.1, -1e9 - 0.3, 1_700_000_000.000_001, -0.5, 0.1] {
            let text = try #require(DateText.format(seconds, dateOnly: false))
            #expect(DateText.parse(text) == seconds, "\(seconds) → \(text)")
        }
        let frame = try Frame(columns: [
            Column(name: "day", dates: midnight + [.nan]),
            Column(name: "stamp", dates: Array(times.prefix(3)) + [.nan]),
            Column(name: "n", numbers: [1, 2, 3, 4]),
        ])
        let text = CSVWriter.text(for: frame)
        #expect(text.hasPrefix("day,stamp,n\n2024-02-29,2024-01-01T08:30:00.5,1.0\n"))
        #expect(try CSVReader.read(bytes: Array(text.utf8)) == frame)
    }

    @Test func binaryFormatKeepsDates() throws {
        let frame = try Frame(columns: [
            Column(name: "d", dates: [0, .nan, -86_400.5]), Column(name: "x", numbers: [0, .nan, -86_400.5]),
        ])
        let back = try FrameBinaryFormat.decode(FrameBinaryFormat.encode(frame))
        #expect(back == frame)
        #expect(back.columns.map(\.kind) == [.date, .numeric])
        // Dates and numbers with the same values are different columns.
        #expect(Column(name: "d", dates: [1]) != Column(name: "d", numbers: [1]))
    }

    @Test func rowsSortAndProfile() throws {
        let values = try ["2024-03-01", "1969-12-31", "2000-02-29"].map { try #require(DateText.parse($0)) }
        let frame = try Frame(columns: [
            Column(name: "d", dates: values + [.nan]), Column(name: "i", numbers: [0, 1, 2, 3]),
        ])
        let sorted = try frame.sorted(by: [SortKey("d")], nullsFirst: false)
        #expect(sorted["i"]?.numbers == [1, 2, 0, 3])
        #expect(sorted["d"]?.kind == .date)
        #expect(frame.rows([2, 0]).columns[0].dates == [values[2], values[0]])
        #expect(frame.rows(1..<3).columns[0].dates == [values[1], values[2]])
        let profile = frame.profile().columns[0]
        #expect(profile.kind == .date && profile.count == 3 && profile.missing == 1 && profile.distinct == 3)
        #expect(profile.min == values[1] && profile.max == values[0] && profile.mean == nil)
    }

    @Test func civilArithmeticRoundTripsOverCenturies() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = CivilDate.civil(days: day)
            #expect(CivilDate.isValid(year: y, month: m, day: d))
            #expect(CivilDate.days(year: y, month: m, day: d) == day)
        }
        #expect(CivilDate.weekday(days: 0) == 3)  // 1970-01-01 was a Thursday
        #expect(CivilDate.weekday(days: -1) == 2)
    }

    @Test func trainAndDriftLeaveDatesOut() throws {
        let n = 40
        let frame = try Frame(columns: [
            Column(name: "d", dates: (0..<n).map { Double($0) * 86_400 }),
            Column(name: "x", numbers: (0..<n).map { Double($0 % 7) }),
            Column(name: "y", numbers: (0..<n).map { Double($0 % 2) }),
        ])
        let model = try ModelTrainer.fit(ModelSpec(algorithm: .logisticRegression, target: "y"), on: frame)
        #expect(model.features == ["x"], "a date is not a default feature")
        let listed = try #require(
            throws: ModelError.self,
            performing: {
                try ModelTrainer.fit(
                    ModelSpec(algorithm: .logisticRegression, target: "y", features: ["d", "x"]), on: frame)
            })
        #expect(listed.message.contains("`d` is a date"))
        let result = try Drift.compare(reference: frame, current: frame)
        #expect(result.columns.map(\.column).sorted() == ["x", "y"])
        let included = try #require(
            throws: FrameError.self,
            performing: { try Drift.compare(reference: frame, current: frame, options: DriftOptions(include: ["d"])) })
        #expect(included.message.contains("is a date column"))
    }
}
