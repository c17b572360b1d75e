import QuireNotebook
import Testing

@Suite struct DiagnosticFormatterTests {
    @Test func compilerStyleWithCaretAndHint() {
        let source = SourceText(bytes: Array("one\n  two three\n".utf8))
        let diagnostic = Diagnostic.error(
            .test("some-id"), "bad word", at: SourceRange(line: 2, column: 7, length: 5), hint: "use another")
        let printed = DiagnosticFormatter().format(diagnostic, path: "nb.md", source: source)
        #expect(
            printed == """
                nb.md:2:7: error: bad word [some-id]
                 2 |   two three
                   |       ^~~~~
                hint: use another

                """)
    }

    @Test func caretSkipsWideCharactersAndKeepsTabs() {
        let source = SourceText(bytes: Array("\t日本 🧪 x\n".utf8))
        let diagnostic = Diagnostic.warning(.test("w"), "here", at: SourceRange(line: 1, column: 6, length: 1))
        let printed = DiagnosticFormatter().format(diagnostic, path: "p", source: source)
        let caretLine = printed.split(separator: "\n")[2]
        // tab, 日本 (4 cells), space, 🧪 (2 cells), space: the caret is under x.
        #expect(caretLine == "   | \t       ^")
    }

    @Test func colorsOnlyWhenAsked() {
        let diagnostic = Diagnostic.error(.test("id"), "m", at: nil)
        #expect(!DiagnosticFormatter(colors: false).format(diagnostic, path: "p", source: nil).contains("\u{1B}["))
        #expect(DiagnosticFormatter(colors: true).format(diagnostic, path: "p", source: nil).contains("\u{1B}[1;31m"))
    }

    @Test func withoutPositionPrintsPathOnly() {
        let diagnostic = Diagnostic.error(.test("file-unreadable"), "cannot read", at: nil)
        #expect(
            DiagnosticFormatter().format(diagnostic, path: "gone.md", source: nil)
                == "gone.md: error: cannot read [file-unreadable]\n")
    }

    @Test func diagnosticsPrintInFileOrder() {
        let source = SourceText(bytes: Array("a\nb\n".utf8))
        let later = Diagnostic.error(.test("x"), "later", at: SourceRange(line: 2, column: 1))
        let earlier = Diagnostic.error(.test("x"), "earlier", at: SourceRange(line: 1, column: 1))
        let printed = DiagnosticFormatter().format([later, earlier], path: "p", source: source)
        #expect(printed.range(of: "earlier")!.lowerBound < printed.range(of: "later")!.lowerBound)
    }

    @Test(
        arguments: [
            ("load", ["load", "split"], "load"), ("lod", ["load", "split"], "load"),
            ("spilt", ["load", "split"], "split"), ("zzz", ["load", "split"], nil),
        ] as [(String, [String], String?)])
    func suggestions(name: String, candidates: [String], expected: String?) {
        #expect(Suggestion.closest(to: name, among: candidates) == expected)
    }
}

extension Diagnostic.ID {
    /// An id for formatter tests, outside the catalogue.
    static func test(_ name: String) -> Self { Self(domain: "test", name) }
}
