import Foundation
import Testing

@testable import QuireEngine

/// Bad input: every case is an error naming file, line and column with a hint — never a crash.
@Suite("CSV errors")
struct CSVErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var code: CSVError.Code
        var line: Int
        var column: Int
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "empty file", text: "", code: .emptyFile, line: 1, column: 1),
        Case(label: "only blank lines", text: "\n\r\n\n", code: .emptyFile, line: 1, column: 1),
        Case(label: "duplicate column", text: "a,b,a\n1,2,3\n", code: .duplicateColumn, line: 1, column: 5),
        Case(label: "too many fields", text: "a,b\n1,2\n3,4,5\n", code: .raggedRow, line: 3, column: 5),
        Case(label: "too few fields", text: "a,b,c\n1,2,3\n4,5\n", code: .raggedRow, line: 3, column: 4),
        Case(label: "unterminated quote", text: "a,b\n1,\"open\n2,3\n", code: .unterminatedQuote, line: 2, column: 3),
        Case(label: "text after closing quote", text: "a,b\n\"x\"y,1\n", code: .textAfterQuote, line: 2, column: 4),
        Case(
            label: "quote inside unquoted field", text: "a,b\n5\"6,1\n", code: .quoteInUnquotedField, line: 2, column: 2
        ),
        Case(label: "stray carriage return", text: "a,b\n1,2\r3,4\n", code: .strayCarriageReturn, line: 2, column: 4),
        Case(label: "ragged after quoted newline", text: "a,b\n\"x\ny\",1\n2\n", code: .raggedRow, line: 4, column: 2),
        Case(label: "unterminated quote in header", text: "\"a,b\n1,2\n", code: .unterminatedQuote, line: 1, column: 1),
        Case(label: "non-ASCII before the error", text: "name,n\nJosé,1,2\n", code: .raggedRow, line: 2, column: 8),
    ]

    @Test(arguments: cases, [1, 2])
    func reportsLineAndColumn(_ testCase: Case, threads: Int) throws {
        let error = try #require(csvError(testCase.text, CSVOptions(threads: threads, blockSize: 64)))
        #expect(error.code == testCase.code)
        #expect(error.file == "bad.csv")
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.hint?.isEmpty == false)
        #expect(error.description.hasPrefix("bad.csv:\(testCase.line):\(testCase.column): error: "))
    }

    @Test func invalidUTF8NamesTheByte() throws {
        var bytes = Array("a,b\nok,1\nx".utf8)
        bytes.append(0xFF)
        bytes += Array("y,2\n".utf8)
        let error = try #require(csvError(bytes: bytes))
        #expect(error.code == .invalidUTF8)
        #expect(error.line == 3)
        #expect(error.column == 2)
        #expect(error.hint?.contains("UTF-8") == true)
    }

    @Test func invalidUTF8InHeader() throws {
        let error = try #require(csvError(bytes: [0x61, 0xC3, 0x28, 0x2C, 0x62, 0x0A]))
        #expect(error.code == .invalidUTF8)
        #expect((error.line, error.column) == (1, 2))
    }

    @Test func numericOverrideRejectsText() throws {
        let error = try #require(csvError("a,b\n1,2\nthree,4\n", CSVOptions(types: ["a": .numeric])))
        #expect(error.code == .notANumber)
        #expect((error.line, error.column) == (3, 1))
        #expect(error.message.contains("three"))
    }

    @Test func unknownOverrideSuggestsAName() throws {
        let error = try #require(csvError("bmi,age\n1,2\n", CSVOptions(types: ["bmj": .categorical])))
        #expect(error.code == .unknownTypeOverride)
        #expect(error.hint == "did you mean `bmi`?")
    }

    @Test func badDelimiterIsAnOptionError() throws {
        let error = try #require(csvError("a,b\n", CSVOptions(delimiter: "\"")))
        #expect(error.code == .invalidOptions)
    }

    @Test func missingFileIsAnIOError() throws {
        #expect(throws: CSVError.self) { try CSVReader.read(contentsOf: "/nonexistent/dir/file.csv") }
    }

    @Test func errorLocatedDeepInALargeInput() throws {
        var text = "a,b\n"
        for i in 0..<5000 { text += "\(i),\(i * 2)\n" }
        text += "1,2,3\n"
        let error = try #require(csvError(text, CSVOptions(threads: 2, blockSize: 1024)))
        #expect(error.code == .raggedRow)
        #expect(error.line == 5002)
    }
}
