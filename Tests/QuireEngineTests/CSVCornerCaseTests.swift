import Foundation
import Testing

@testable import QuireEngine

/// RFC 4180 corner cases, each read by Quire and compared with pandas.read_csv's reading of the
/// same file (Fixtures/expected/csv_cases.json).
@Suite("CSV corner cases against pandas")
struct CSVCornerCaseTests {
    static let cases: [String] = [
        "quoted_delimiter", "quoted_quote", "quoted_newline", "crlf", "no_final_newline", "bom", "missing_markers",
        "quoted_numbers", "quoted_empty", "mixed_column", "numbers_odd", "semicolon", "tab", "spaces_around_numbers",
        "unicode", "empty_header_name", "blank_lines", "header_only", "all_missing_column",
    ]

    @Test(arguments: cases, [1, 2])
    func matchesPandas(name: String, threads: Int) throws {
        let all = try #require(try FixtureFiles.json("csv_cases.json") as? [String: [String: Any]])
        let expected = try #require(all[name])
        let delimiter = Character(expected["delimiter"] as! String)
        let frame = try CSVReader.read(
            contentsOf: FixtureFiles.path("csv", "\(name).csv"),
            options: CSVOptions(delimiter: delimiter, threads: threads, blockSize: 64))
        #expect(frame.rowCount == expected["rows"] as! Int)
        let columns = expected["columns"] as! [[String: Any]]
        #expect(frame.columnNames == columns.map { $0["name"] as! String })
        for (column, spec) in zip(frame.columns, columns) {
            // pandas gives an empty column the object dtype; Quire documents numeric (see docs/engine.md).
            let kind = frame.rowCount == 0 ? "numeric" : spec["kind"] as! String
            let values = spec["values"] as! [Any]
            #expect(column.kind.rawValue == kind, "column \(column.name)")
            if kind == "numeric", let numbers = column.numbers {
                let negativeZero = spec["negative_zero"] as? [Bool] ?? []
                for (i, value) in values.enumerated() {
                    let want = FixtureFiles.double(value)
                    #expect(want.isNaN ? numbers[i].isNaN : numbers[i] == want, "\(column.name)[\(i)]")
                    #expect(
                        (numbers[i] == 0 && numbers[i].sign == .minus) == negativeZero[i],
                        "sign of zero \(column.name)[\(i)]")
                }
            } else if let strings = column.strings {
                for (i, value) in values.enumerated() {
                    #expect(strings[i] == value as? String, "\(column.name)[\(i)]")
                }
            }
        }
    }
}
