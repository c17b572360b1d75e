import Foundation
import QuireNotebook
import Testing

/// The limits that keep small inputs from exhausting the stack or the clock: YAML depth and step
/// id length, each at the bound and one past it.
@Suite struct LimitTests {
    static func diagnostics(_ notebook: String) -> [Diagnostic] {
        NotebookParser().parse(bytes: Array(notebook.utf8), path: "nb.md").diagnostics
    }

    static func nested(_ levels: Int, open: String = "[", close: String = "]") -> String {
        String(repeating: open, count: levels) + "1" + String(repeating: close, count: levels)
    }

    @Test(arguments: [("[", "]"), ("{a: ", "}")])
    func stepBodyNestsAtMost64Levels(open: String, close: String) {
        // The body mapping is the first level.
        let atLimit = Self.diagnostics("```step a\nload: \(Self.nested(63, open: open, close: close))\n```\n")
        #expect(!atLimit.contains { $0.id == .yamlTooDeep })
        let over = Self.diagnostics("```step a\nload: \(Self.nested(64, open: open, close: close))\n```\n")
        #expect(over.map(\.id) == [.yamlTooDeep])
        let column = 7 + 63 * open.count
        #expect(over.first?.range?.start == SourceLocation(line: 2, column: column))
        #expect(over.first?.hint?.contains("at most 64 levels") == true)
        #expect(over.first?.message.contains("yaml_set_max_nest_level") == false)
    }

    @Test func blockSequencesAndFrontMatterAreBounded() {
        let block = Self.diagnostics("```step a\nload:\n  \(String(repeating: "- ", count: 800))1\n```\n")
        #expect(block.map(\.id) == [.yamlTooDeep])
        #expect(block.first?.range?.start == SourceLocation(line: 3, column: 3 + 2 * 63))
        let front = Self.diagnostics("---\nparams:\n  p: \(Self.nested(800))\n---\n# t\n")
        #expect(front.map(\.id) == [.yamlTooDeep])
        #expect(front.first?.range?.start == SourceLocation(line: 3, column: 6 + 62))
    }

    /// Far past libYAML's own limit (1,000), whose scanner looks ahead: the error is still Quire's.
    @Test func hundredThousandBracketsStopAtLevel65() {
        let found = Self.diagnostics("```step a\nload: \(Self.nested(100_000))\n```\n")
        #expect(found.map(\.id) == [.yamlTooDeep])
        #expect(found.first?.range?.start == SourceLocation(line: 2, column: 70))
    }

    @Test func standaloneYAMLIsBounded() throws {
        #expect(try YAMLNode.parse(Self.nested(64)) != nil)
        do {
            _ = try YAMLNode.parse("p: " + Self.nested(800))
            Issue.record("800 levels were read")
        } catch {
            #expect(error.id == .yamlTooDeep)
            #expect(error.range?.start == SourceLocation(line: 1, column: 4 + 63))
            #expect(error.hint != nil)
        }
    }

    @Test func stepIDsHaveAtMost64Characters() {
        let ok = Self.diagnostics("```step \(String(repeating: "a", count: 64))\nload: x.csv\n```\n")
        #expect(ok.isEmpty)
        let long = Self.diagnostics("```step \(String(repeating: "a", count: 65))\nload: x.csv\n```\n")
        #expect(long.map(\.id) == [.stepIDTooLong])
        #expect(long.first?.range?.start == SourceLocation(line: 1, column: 9))
        #expect(long.first?.message.contains("65 characters") == true)
    }

    @Test func aHugeStepIDIsReportedQuickly() {
        let clock = ContinuousClock()
        var found: [Diagnostic] = []
        let elapsed = clock.measure {
            found = Self.diagnostics("```step \(String(repeating: "B", count: 200_000))\nload: x.csv\n```\n")
        }
        #expect(found.map(\.id) == [.stepIDTooLong])
        #expect(elapsed < .seconds(5))
    }

    /// Markdown nesting has no limit, so the reader walks cmark's tree without recursion.
    @Test(arguments: ["> ", "- "])
    func deeplyNestedQuotesAndListsAreRead(marker: String) throws {
        let deep = "# t\n\n" + String(repeating: marker, count: 50_000) + "```step a\n"
        let result = NotebookParser(options: [.renderProse]).parse(bytes: Array(deep.utf8), path: "nb.md")
        #expect(try #require(result.notebook).steps.isEmpty)
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
    }

    /// A CR without an LF ends a line, as for cmark: positions after it stay right.
    @Test func loneCarriageReturnsEndLines() {
        let found = Self.diagnostics("# t\r\r```step a\nload: [1\n```\n")
        #expect(found.first?.range?.start.line == 4)
    }
}
