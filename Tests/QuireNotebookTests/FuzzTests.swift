import Foundation
import QuireNotebook
import TestSupport
import Testing

/// Mutation fuzzing of the notebook reader and of standalone YAML (a step body, a `--params` file):
/// no crash, no hang, and every diagnostic and node position inside the text.
@Suite(.tags(.slow)) struct FuzzTests {
    static let notebookSeeds = [
        "---\ntitle: Churn\nparams:\n  k: 3\n  mode: {type: string, default: full}\n---\n# Churn\n\nProse with **bold**.\n\n```step customers\nload: data/customers.csv\n```\n\n```step train title=\"x\" echo=false\nsplit: {from: customers, test_size: 0.2, stratify: churn}\nneeds: [customers]\nwhen: \"params.k > 2 and (customers.rows > 10)\"\n```\n",
        "# T\n\n```step a\nfilter:\n  from: b\n  where: \"(x > 1) and not is_missing(y)\"\n```\n\n- list\n  ```step nested\n  load: x\n  ```\n",
        "```mermaid\nflowchart LR\n  A[Load] --> B{Split}\n  B -->|train| C((Fit))\n```\n\n> quote ![img](x.png)\n",
        "---\ntitle: [a, {b: c}]\n---\n~~~step x\nload: &a [1, *a]\n~~~\n```step y\nderive: {from: x, columns: {z: \"${params.k} + 1\"}}\ntimeout: 5m\n```\n",
        "```step a\n  - [1, {a: b}]\n  - \"unterminated\n```\n```step\n```\n",
    ]

    static let notebookTokens = [
        "---\n", "```step a\n", "```\n", "~~~", "step", "load:", "needs:", "when:", "  - ", "${params.", "$${", "- ",
        "> ", "&a ", "*a", "|\n", ">-\n", "\r\n", "\u{FEFF}", "🧪", "é", "```mermaid\n", "flowchart TD\n", "mindmap\n",
        "[[[[[[[[", "{{{{", "((((", "echo=false", "title=\"", "\t",
    ]

    @Test func notebookReader() {
        var fuzzer = Fuzzer(
            name: "notebook", seeds: Self.notebookSeeds, dictionary: Self.notebookTokens, seed: 0x5EED_0001)
        let report = fuzzer.run(iterations: Fuzzer.iterations(1500)) { bytes in
            let result = NotebookParser(options: [.renderProse]).parse(bytes: bytes, path: "fuzz.md")
            // The formatter must print every diagnostic of any input.
            let printed = DiagnosticFormatter().format(result.diagnostics, path: "fuzz.md", source: result.source)
            var problems: [String] = []
            if printed.isEmpty != result.diagnostics.isEmpty { problems.append("formatter printed nothing") }
            guard let text = String(validating: bytes, as: UTF8.self), !text.utf8.contains(0) else {
                return problems
            }
            let bounds = TextBounds(
                text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text,
                loneCarriageReturnEndsLine: true)
            for diagnostic in result.diagnostics {
                guard let range = diagnostic.range else { continue }
                for location in [range.start, range.end]
                where !bounds.contains(line: location.line, column: location.column) {
                    problems.append("[\(diagnostic.id)] at \(location) is outside the text: \(diagnostic.message)")
                }
                if range.end < range.start { problems.append("[\(diagnostic.id)] ends before it starts: \(range)") }
            }
            for step in result.notebook?.steps ?? [] {
                if let body = step.body { problems += Self.rangeProblems(of: body, in: bounds) }
            }
            return problems
        }
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description).joined(separator: "\n\n"))")
        #expect(report.executions >= 1500)
    }

    static let yamlSeeds = [
        "load: data.csv\n", "split: {from: a, test_size: 0.2}\nneeds: [a, b]\n",
        "model:\n  from: train\n  target: churn\n  kind: logistic\n  params:\n    - {c: 1.0}\n    - [1, 2, 3]\n",
        "a: &x [1, 2]\nb: *x\nc: !!str 3\nd: |\n  block\n  text\ne: >-\n  folded\n",
        "k: 3\nmode: full\nratio: 0.25\nflags: [true, false, ~]\n",
        "'quoted': \"double \\u00e9\"\n? complex\n: value\n",
    ]

    @Test func yamlReader() {
        var fuzzer = Fuzzer(
            name: "yaml", seeds: Self.yamlSeeds,
            dictionary: [
                "- ", ": ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "? ", "|", ">", "#", "---\n", "...\n", "  ",
            ],
            seed: 0x5EED_0002)
        let report = fuzzer.run(iterations: Fuzzer.iterations(3000)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let bounds = TextBounds(text, loneCarriageReturnEndsLine: true)
            do {
                guard let node = try YAMLNode.parse(text) else { return [] }
                return Self.rangeProblems(of: node, in: bounds)
            } catch let error as Diagnostic {
                guard let range = error.range else { return [] }
                return bounds.contains(line: range.start.line, column: range.start.column)
                    ? [] : ["[\(error.id)] at \(range.start) is outside the text: \(error.message)"]
            } catch {
                return ["unexpected error type \(type(of: error))"]
            }
        }
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description).joined(separator: "\n\n"))")
    }

    /// Every node's range inside the text, walked without recursion.
    static func rangeProblems(of root: YAMLNode, in bounds: TextBounds) -> [String] {
        var problems: [String] = []
        var stack = [root]
        while let node = stack.popLast() {
            for location in [node.range.start, node.range.end]
            where !bounds.contains(line: location.line, column: location.column) {
                problems.append("YAML node \(node.kindDescription) at \(location) is outside the text")
            }
            switch node.value {
            case .scalar: break
            case .sequence(let elements): stack += elements
            case .mapping(let pairs): stack += pairs.flatMap { [$0.key, $0.value] }
            }
        }
        return Array(problems.prefix(3))
    }
}
