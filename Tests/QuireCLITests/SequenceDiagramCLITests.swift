import Foundation
import TestSupport
import Testing

/// Sequence diagrams and v11 `@{ shape }` nodes end to end: a notebook run by the built binary
/// draws both as inline SVG, a mistake is reported at its place inside the fence, and `check`
/// names the diagram types only mermaid.js draws.
@Suite struct SequenceDiagramCLITests {
    static let notebook = """
        # Diagrams

        ```mermaid
        sequenceDiagram
            actor U as Analyst
            participant Q as Quire
            U->>+Q: quire run nb.md
            loop every step
                Q->>Q: run step
            end
            Note over U,Q: the report is self-contained
            Q-->>-U: report.html
        ```

        ```mermaid
        flowchart LR
            data@{ shape: cyl, label: "Data" } --> model@{ shape: procs, label: "Tune" }
            model --> report@{ shape: doc, label: "Report" }
        ```

        """

    @Test func notebookWithBothDiagramsRuns() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook, to: "nb.md")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("mermaid"), "\(check.stderr)")
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("class=\"quire-mermaid sequence\""))
        #expect(html.contains("class=\"quire-mermaid flowchart\""))
        for text in ["Analyst", "quire run nb.md", "the report is self-contained", "report.html", "[every step]"] {
            #expect(html.contains(">\(text)<"), "\(text) is drawn")
        }
        for text in ["Data", "Tune", "Report"] { #expect(html.contains(">\(text)<")) }
        #expect(!html.contains("<pre class=\"mermaid-source\""), "both are drawn, not shown as source")
        #expect(!html.contains("<script"))
    }

    @Test func badSequenceSyntaxIsReportedInsideTheFence() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(
            """
            # Bad

            ```mermaid
            sequenceDiagram
                Alice->>Bob: hi
                Bob->>Alice
            ```

            ```mermaid
            flowchart LR
                A@{ shape: cylindre } --> B
            ```

            """, to: "nb.md")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.stderr.contains("nb.md:6:16: warning: diagram cannot be drawn: the message has no ':' and text"))
        #expect(
            check.stderr.contains("nb.md:11:16: warning: diagram cannot be drawn: 'cylindre' is not a mermaid shape"))
        #expect(check.stderr.contains("did you mean 'cylinder'?"))
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "a broken diagram does not stop a run: \(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("This diagram could not be drawn."))
    }

    @Test func checkNamesTypesOnlyMermaidJSDraws() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(
            "# Plan\n\n```mermaid\ngantt\n    title Plan\n    section A\n    Task :a1, 2024-01-01, 3d\n```\n",
            to: "nb.md")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 0, "a note does not fail check: \(check.stderr)")
        #expect(check.stderr.contains("nb.md:3:1: note: gantt diagrams are not drawn natively"), "\(check.stderr)")
        #expect(check.stderr.contains("[mermaid-not-native]"))
        #expect(check.stderr.contains("--mermaid-js"))
        let run = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(run.status == 0 && run.stderr.contains("[mermaid-not-native]"), "\(run.stderr)")
        try project.write("window.mermaid = {initialize() {}};", to: "mermaid.js")
        let drawn = try QuireProcess.run(["run", "--mermaid-js", "mermaid.js", "nb.md"], in: project.url)
        #expect(drawn.status == 0 && !drawn.stderr.contains("mermaid-not-native"), "with the script, no note")
        let help = try QuireProcess.run(["mermaid", "--help"], in: project.url)
        #expect(help.stdout.contains("sequenceDiagram") && help.stdout.contains("--mermaid-js"))
    }

    @Test func mermaidCommandDrawsSequenceAndShapeFiles() throws {
        let project = try TemporaryDirectory()
        try project.write("sequenceDiagram\n  A->>B: hello\n", to: "seq.mmd")
        try project.write("flowchart LR\n  A@{ shape: delay, label: \"Wait\" }\n", to: "shape.mmd")
        try project.write("pie\n  \"a\": 1\n", to: "pie.mmd")
        let seq = try QuireProcess.run(["mermaid", "seq.mmd"], in: project.url)
        #expect(seq.status == 0 && seq.stdout.hasPrefix("<svg") && seq.stdout.contains(">hello<"))
        let shape = try QuireProcess.run(["mermaid", "shape.mmd"], in: project.url)
        #expect(shape.status == 0 && shape.stdout.contains(">Wait<"))
        let pie = try QuireProcess.run(["mermaid", "pie.mmd"], in: project.url)
        #expect(pie.status == 2 && pie.stderr.contains("--mermaid-js"))
    }

    /// Every ```` ```mermaid ```` example of docs/mermaid.md is drawn by the built binary, in a
    /// notebook with no diagram notes.
    @Test func documentedExamplesDraw() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let doc = try String(contentsOf: root.appendingPathComponent("docs/mermaid.md"), encoding: .utf8)
        var examples: [String] = []
        var rest = doc[...]
        while let open = rest.range(of: "```mermaid\n") {
            guard let close = rest.range(of: "\n```\n", range: open.upperBound..<rest.endIndex) else { break }
            examples.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        #expect(examples.count >= 2)
        #expect(examples.contains { $0.hasPrefix("sequenceDiagram") } && examples.contains { $0.contains("@{ shape:") })
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        for (index, example) in examples.enumerated() {
            try project.write(example + "\n", to: "example\(index).mmd")
            let drawn = try QuireProcess.run(["mermaid", "example\(index).mmd"], in: project.url)
            #expect(drawn.status == 0 && drawn.stderr.isEmpty, "example \(index): \(drawn.stderr)")
            #expect(drawn.stdout.hasPrefix("<svg"))
        }
        let notebook = "# Docs\n\n" + examples.map { "```mermaid\n\($0)\n```\n" }.joined(separator: "\n")
        try project.write(notebook, to: "nb.md")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        #expect(check.status == 0 && !check.stderr.contains("mermaid"), "\(check.stderr)")
    }
}
