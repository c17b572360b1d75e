import Foundation
import QuireNotebook
import Testing

/// Any bytes give diagnostics or a notebook: never a crash, never a hang.
@Suite struct RobustnessTests {
    /// SplitMix64, so the random inputs are the same on every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func emptyFileIsAValidEmptyNotebook() throws {
        let result = NotebookParser().parse(bytes: [], path: "empty.md")
        #expect(result.diagnostics.isEmpty)
        #expect(try #require(result.notebook).blocks.isEmpty)
    }

    @Test(arguments: 0..<8)
    func randomBytesNeverCrash(seed: UInt64) {
        var random = Random(state: seed)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let result = NotebookParser(options: [.renderProse]).parse(bytes: bytes, path: "random.md")
        #expect(result.notebook != nil || result.diagnostics.containsErrors)
    }

    /// Random text built from the notebook format's own pieces reaches deeper than random bytes.
    @Test(arguments: 0..<16)
    func randomNotebookPiecesNeverCrash(seed: UInt64) {
        let pieces = [
            "---\n", "```step a\n", "```\n", "~~~~step b x=1\n", "load: x\n", "  - [1, {a: ", "}\n", "${params.",
            "$${", "needs: [a]\n", "when: \n", "timeout: 5m\n", "> ", "- ", "\t", "🧪", "\r\n", "# h\n", "&a [1]\n",
            "*a\n", "\"unterminated\n", "'q''q'\n", "| \n  block\n", ": : :\n", "```mermaid\n", "title: 1\n",
        ]
        var random = Random(state: seed &+ 100)
        var text = ""
        for _ in 0..<400 { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        let result = NotebookParser(options: [.renderProse]).parse(bytes: Array(text.utf8), path: "pieces.md")
        #expect(result.notebook != nil)
        let printed = DiagnosticFormatter().format(result.diagnostics, path: "pieces.md", source: result.source)
        #expect(printed.isEmpty == result.diagnostics.isEmpty)
    }

    @Test func aliasBombIsADiagnosticNotAnExplosion() throws {
        var yaml = "load:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "  a\(level): &a\(level) [\(refs)]\n"
        }
        let source = "```step bomb\n\(yaml)```\n"
        let clock = ContinuousClock()
        var result: NotebookParser.Result?
        let elapsed = clock.measure {
            result = NotebookParser().parse(bytes: Array(source.utf8), path: "bomb.md")
        }
        #expect(result?.diagnostics.map(\.id) == [.yamlTooComplex])
        // 10^12 values if expanded; the budget stops it within a blink (not a timing test:
        // the bound is a thousand times what it needs).
        #expect(elapsed < .seconds(30))
    }

    @Test func manyStepsAndALongLineAreFine() throws {
        var text = "# Big\n\n" + String(repeating: "x", count: 200_000) + "\n\n"
        for index in 0..<2_000 { text += "```step s\(index)\nload: data/\(index).csv\n```\n\n" }
        let result = NotebookParser().parse(bytes: Array(text.utf8), path: "big.md")
        #expect(result.diagnostics.isEmpty)
        #expect(result.notebook?.steps.count == 2_000)
    }

    @Test func excerptOfAVeryLongLineIsCut() {
        let line = String(repeating: "a", count: 10_000) + "```step Bad"
        let source = SourceText(bytes: Array(line.utf8))
        let diagnostic = Diagnostic.error(.test("x"), "m", at: SourceRange(line: 1, column: 10_009, length: 3))
        let printed = DiagnosticFormatter().format(diagnostic, path: "p", source: source)
        #expect(printed.split(separator: "\n").allSatisfy { $0.count < 400 })
        #expect(printed.contains("Bad"))
    }
}
