import QuireNotebook
import Testing

/// `--diagnostics-format github`: workflow commands, escaped as GitHub's runner unescapes them.
@Suite struct GitHubAnnotationTests {
    @Test func escapesDataAndProperties() {
        #expect(GitHubAnnotation.escapeData("100% sure\r\nnext") == "100%25 sure%0D%0Anext")
        #expect(GitHubAnnotation.escapeData("a:b,c") == "a:b,c")
        #expect(GitHubAnnotation.escapeProperty("dir:1/a,b%.md\n") == "dir%3A1/a%2Cb%25.md%0A")
    }

    @Test func formatsADiagnosticWithItsRangeHintAndNotes() {
        let range = SourceRange(line: 14, column: 10, length: 5)
        let note = Diagnostic.Note("first defined here", at: SourceRange(line: 3, column: 9, length: 5))
        let diagnostic = Diagnostic.error(
            .unclosedFence, "duplicate step id 'split'", at: range, hint: "rename one: 50%", notes: [note])
        let text = GitHubAnnotation.format([diagnostic], file: "notebooks/a,b.md")
        let id = Diagnostic.ID.unclosedFence.rawValue
        #expect(
            text == """
                ::error file=notebooks/a%2Cb.md,line=14,col=10,endLine=14,endColumn=14,title=\(id)::duplicate step id 'split'%0Ahint: rename one: 50%25
                ::notice file=notebooks/a%2Cb.md,line=3,col=9,endLine=3,endColumn=13,title=\(id)::first defined here

                """)
    }

    @Test func warningsAndDiagnosticsWithoutAPlace() {
        let warning = Diagnostic.warning(.binaryFile, "careful", at: nil)
        #expect(
            GitHubAnnotation.format([warning], file: "nb.md") == "::warning file=nb.md,title=binary-file::careful\n")
    }
}
