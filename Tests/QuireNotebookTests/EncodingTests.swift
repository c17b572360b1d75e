import Foundation
import QuireNotebook
import Testing

/// Line endings, byte-order marks, tabs and non-ASCII text keep every position right.
@Suite struct EncodingTests {
    static let notebook = """
        ---
        title: Encodings — ünïcödé 🧪
        params: {seed: 7}
        ---

        # 日本語 and emoji 🧑‍🔬

        ```step load_it echo=false
        load:
          path: "données/🧪.csv"
          seed: ${params.seed}
        ```

        ```mermaid
        flowchart LR
          A --> B
        ```
        """

    static func dump(_ bytes: [UInt8]) throws -> String {
        let result = NotebookParser().parse(bytes: bytes, path: "enc.md")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.notebook).dump()
    }

    @Test func crlfGivesTheSameTreeAsLF() throws {
        let lf = Array(Self.notebook.utf8)
        let crlf = Array(Self.notebook.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        #expect(try Self.dump(crlf) == Self.dump(lf))
    }

    @Test func byteOrderMarkIsNotAColumn() throws {
        let lf = Array(Self.notebook.utf8)
        #expect(try Self.dump([0xEF, 0xBB, 0xBF] + lf) == Self.dump(lf))
    }

    @Test func crlfWithBOMKeepsFrontMatterAndStepPositions() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(Self.notebook.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let notebook = try #require(NotebookParser().parse(bytes: bytes, path: "x.md").notebook)
        #expect(notebook.frontMatter?.title?.value == "Encodings — ünïcödé 🧪")
        let step = try #require(notebook.steps.first)
        #expect(step.idRange == SourceRange(start: .init(line: 8, column: 9), end: .init(line: 8, column: 15)))
        #expect(step.source == "load:\n  path: \"données/🧪.csv\"\n  seed: ${params.seed}\n")
        #expect(
            step.paramReferences.first?.range
                == SourceRange(start: .init(line: 11, column: 9), end: .init(line: 11, column: 22)))
    }

    @Test func nonASCIIColumnsCountCharacters() throws {
        let notebook = try #require(NotebookParser().parse(bytes: Array(Self.notebook.utf8), path: "x.md").notebook)
        let path = try #require(notebook.steps.first?.parameters?["path"])
        // `  path: "données/🧪.csv"`: the value starts at column 9 and its 15 characters end at 23.
        #expect(path.range == SourceRange(start: .init(line: 10, column: 9), end: .init(line: 10, column: 23)))
        #expect(notebook.firstHeading == "日本語 and emoji 🧑‍🔬")
    }

    @Test func tabsCountOneColumn() throws {
        let source = "```step\ta\tfold=true\nload:\tx\n```\n"
        let step = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "t.md").notebook?.steps.first)
        #expect(step.idRange == SourceRange(line: 1, column: 9))
        #expect(step.displayOptions.first?.range == SourceRange(line: 1, column: 11, length: 9))
    }

    @Test func indentedFenceMapsBodyColumns() throws {
        // cmark strips the fence's indentation from the body; positions must add it back.
        let source = "   ```step a\n   load:\n     path: x.csv\n   ```\n"
        let step = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "i.md").notebook?.steps.first)
        #expect(step.op?.range == SourceRange(line: 2, column: 4, length: 4))
        #expect(step.parameters?["path"]?.range == SourceRange(line: 3, column: 12, length: 5))
    }

    @Test func frontMatterLinesKeepFileLineNumbers() throws {
        let source = "---\na: 1\nb: 2\nc: 3\n---\n```step s\nload: x\n```\n"
        let step = try #require(NotebookParser().parse(bytes: Array(source.utf8), path: "f.md").notebook?.steps.first)
        #expect(step.range.start.line == 6)
        #expect(step.op?.range.start == QuireNotebook.SourceLocation(line: 7, column: 1))
    }
}
