import QuireNotebook
import Testing

/// Each diagnostic the parser reports, with its exact position, stated independently of the
/// formatter. A `‸` in a source marks where the diagnostic must point; it is removed before parsing.
@Suite struct DiagnosticPositionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: Diagnostic.ID
        var severity: Diagnostic.Severity
        var marked: String
        var testDescription: String { id.rawValue }
    }

    static let cases: [Case] = [
        Case(id: .frontMatterUnterminated, severity: .error, marked: "‸---\ntitle: x\n\n# H\n"),
        Case(id: .frontMatterYAML, severity: .error, marked: "---\ntitle: x\nparams: {a: 1‸\n---\n"),
        Case(id: .frontMatterType, severity: .error, marked: "---\nparams: ‸[1]\n---\n"),
        Case(
            id: .stepYAML, severity: .error, marked: "---\ntitle: t\n---\n\n```step a\nload:\n  path: x\n   ‸: y\n```\n"
        ),
        Case(id: .stepMissingID, severity: .error, marked: "```‸step\nload: x\n```\n"),
        Case(id: .stepInvalidID, severity: .error, marked: "text\n\n```step ‸Bad_Id\nload: x\n```\n"),
        Case(id: .stepDuplicateID, severity: .error, marked: "```step a\nload: x\n```\n\n```step ‸a\nload: y\n```\n"),
        Case(id: .stepEmpty, severity: .error, marked: "```step ‸a\n\n```\n"),
        Case(id: .stepNoOp, severity: .error, marked: "```step a\n‸needs: b\n```\n"),
        Case(id: .stepSeveralOps, severity: .error, marked: "```step a\nload: x\n‸profile: y\n```\n"),
        Case(id: .stepNotMapping, severity: .error, marked: "```step a\n‸- load\n```\n"),
        Case(id: .reservedKeyType, severity: .error, marked: "```step a\nload: x\ntimeout: ‸[1]\n```\n"),
        Case(
            id: .undeclaredParam, severity: .error,
            marked: "---\nparams: {seed: 1}\n---\n```step a\nload: {seed: \"‸${params.sed}\"}\n```\n"),
        Case(id: .badSubstitution, severity: .error, marked: "```step a\nload: \"‸${oops}\"\n```\n"),
        Case(id: .unclosedFence, severity: .warning, marked: "# T\n\n‸~~~~\nnever closed\n~~~\n\nmore\n"),
        Case(id: .nestedStep, severity: .warning, marked: "> ‸```step a\n> load: x\n> ```\n"),
        Case(id: .displayOption, severity: .warning, marked: "```step a ‸colour=red\nload: x\n```\n"),
        Case(id: .invalidUTF8, severity: .error, marked: "ok\nbad: ‸\u{FFFF}\n"),
        Case(id: .binaryFile, severity: .error, marked: "ab‸\u{0}cd"),
        // Columns count characters: the emoji, the accented letter and the tab are one column each.
        Case(id: .stepInvalidID, severity: .error, marked: "# 🧪 café\n\n```step\t‸Ünï\nload: x\n```\n"),
        Case(id: .stepYAML, severity: .error, marked: "```step a\nload: {path: \"🧪\", x: [1, 2‸\n```\n"),
    ]

    /// The source without the marker, and the marker's location.
    static func unmark(_ marked: String) -> (bytes: [UInt8], location: QuireNotebook.SourceLocation) {
        var line = 1
        var column = 1
        var text = ""
        var location = QuireNotebook.SourceLocation(line: 0, column: 0)
        for scalar in marked.unicodeScalars {
            if scalar == "‸" {
                location = QuireNotebook.SourceLocation(line: line, column: column)
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        var bytes = Array(text.utf8)
        // U+FFFF marks where an invalid byte goes: replace its UTF-8 encoding by a lone 0xFF.
        if let index = bytes.indices.first(where: {
            bytes[$0] == 0xEF && $0 + 2 < bytes.count && bytes[$0 + 1] == 0xBF && bytes[$0 + 2] == 0xBF
        }) {
            bytes.replaceSubrange(index...(index + 2), with: [0xFF])
        }
        return (bytes, location)
    }

    @Test(arguments: cases)
    func position(_ example: Case) throws {
        let (bytes, location) = Self.unmark(example.marked)
        let result = NotebookParser().parse(bytes: bytes, path: "case.md")
        let found = result.diagnostics.filter { $0.id == example.id }
        let diagnostic = try #require(found.last, "expected \(example.id), got \(result.diagnostics.map(\.id))")
        #expect(diagnostic.severity == example.severity)
        #expect(diagnostic.range?.start == location, "\(diagnostic.message)")
    }

    @Test func everyProblemIsReportedInOnePass() {
        let source = """
            ---
            params: {seed: 1}
            ---
            ```step Bad
            load: x
            ```

            ```step
            load: y
            ```

            ```step c
            split: {seed: "${params.sed}"}
            ```

            ```step c
            ```
            """
        let result = NotebookParser().parse(bytes: Array(source.utf8), path: "many.md")
        let ids = result.diagnostics.map(\.id)
        #expect(ids.contains(.stepInvalidID))
        #expect(ids.contains(.stepMissingID))
        #expect(ids.contains(.undeclaredParam))
        #expect(ids.contains(.stepDuplicateID))
        #expect(ids.contains(.stepEmpty))
        #expect(!result.isValid)
    }

    @Test func duplicateIDsPointAtBothDefinitions() throws {
        let source = "```step a\nload: x\n```\n\n```step a\nload: y\n```\n"
        let result = NotebookParser().parse(bytes: Array(source.utf8), path: "dup.md")
        let diagnostic = try #require(result.diagnostics.first { $0.id == .stepDuplicateID })
        #expect(diagnostic.range == SourceRange(line: 5, column: 9))
        #expect(diagnostic.notes.map(\.range) == [SourceRange(line: 1, column: 9)])
    }

    @Test func validNotebookHasNoDiagnostics() {
        let source = "---\ntitle: t\nparams:\n  n: 3\n---\n\n# T\n\n```step a\nload: {path: x.csv}\nneeds: []\n```\n"
        let result = NotebookParser().parse(bytes: Array(source.utf8), path: "ok.md")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.isValid)
    }
}
