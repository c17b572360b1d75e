import Foundation
import TestSupport
import Testing

/// The seed-style document: MLOps notes that end with a mermaid mindmap whose fence is never
/// closed, then `## Key Takeaways`. The built binary draws the mindmap, renders the heading and the
/// list after it as prose, and warns once at the fence with the line to add.
@Suite struct UnclosedMermaidCLITests {
    /// The mindmap as mermaid.js reads it once cut: `mermaid-oracle --parse-only` (mermaid 11.16.0)
    /// says `ok mindmap type=mindmap`, and with the blank lines and `## Key Takeaways` after it
    /// "There can be only one root. No parent could be found for ("## Key Takeaways")".
    static let mindmap = """
        mindmap
          root((MLOps))
            Data
              ["Versioning (DVC, lakeFS)"]
              "Validation"
              Feature stores
            Training
              "Experiment tracking"
              "Hyperparameter search"
            Deployment
              ("Serving (KServe, BentoML)")
              "Canary releases"
            Monitoring
              "Drift detection"
              "Dashboards"
        """

    static let document = """
        # MLOps notes

        Notes from a week of putting a churn model into production: what the pipeline looks like,
        what each stage needs, and what to watch once it runs.

        ```mermaid
        flowchart LR
          data[Raw data] --> validate[Validate] --> train[Train] --> deploy[Deploy]
          deploy --> monitor[Monitor] -.-> data
        ```

        The stages:

        1. **Data**: versioned, validated on every load.
        2. **Training**: tracked, reproducible from a commit.
        3. **Deployment**: behind a canary.
           - roll back automatically
           - keep the previous model warm

        ```mermaid
        \(mindmap)


        ## Key Takeaways

        - Version data and models together.
        - Automate training and evaluation.
        - Monitor drift in production.

        """

    /// 1-based line of the first line of `document` that is `text`.
    static func line(of text: String) throws -> Int {
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0 == text }) + 1
    }

    static func project() throws -> TemporaryDirectory {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(document, to: "notes.md")
        return project
    }

    @Test func checkWarnsOnceAtTheFenceWithTheLineToAdd() throws {
        let project = try Self.project()
        let check = try QuireProcess.run(["check", "notes.md"], in: project.url)
        // Warnings do not fail `check` (docs/diagnostics.md); `--strict` makes them errors.
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let output = check.stdout + check.stderr
        // The second ```mermaid fence opens the mindmap.
        let lines = Self.document.split(separator: "\n", omittingEmptySubsequences: false)
        let mindmapFence = try #require(lines.indices.last { lines[$0] == "```mermaid" }) + 1
        let lastMindmapLine = mindmapFence + Self.mindmap.split(separator: "\n").count
        let heading = try Self.line(of: "## Key Takeaways")
        #expect(output.components(separatedBy: "[unclosed-fence]").count == 2, "warned once: \(output)")
        #expect(output.contains("notes.md:\(mindmapFence):1: warning: mermaid block opened here is never closed"))
        #expect(
            output.contains(
                "the diagram is taken to end at line \(lastMindmapLine), before '## Key Takeaways' on line \(heading)"))
        #expect(output.contains("hint: add a line holding only ``` after line \(lastMindmapLine)"))
        #expect(!output.contains("indent it"), "the heading is no longer read as a second root")
        #expect(!output.contains("mermaid-syntax"))
        let strict = try QuireProcess.run(["check", "--strict", "notes.md"], in: project.url)
        #expect(strict.status != 0)
    }

    @Test func bareQuotedItemsAreOneSummarisedWarning() throws {
        let project = try Self.project()
        let check = try QuireProcess.run(["check", "notes.md"], in: project.url)
        let output = check.stdout + check.stderr
        let bare = Self.mindmap.split(separator: "\n").filter {
            let text = $0.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("\"") && text.hasSuffix("\"")
        }
        #expect(bare.count > 1)
        #expect(output.components(separatedBy: "[mermaid-portability]").count == 2, "\(output)")
        #expect(output.contains("\(bare.count) mindmap items are written as bare quoted text"))
        let lines = Self.document.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            try #require(
                lines.firstIndex {
                    $0.trimmingCharacters(in: .whitespaces) == bare[0].trimmingCharacters(in: .whitespaces)
                }) + 1
        let column = try #require(lines[first - 1].firstIndex(of: "\"")).utf16Offset(in: lines[first - 1]) + 1
        #expect(output.contains("notes.md:\(first):\(column): warning: \(bare.count) mindmap items"))
    }

    @Test func runDrawsTheMindmapAndRendersTheRestAsProse() throws {
        let project = try Self.project()
        let run = try QuireProcess.run(["run", "--quiet", "notes.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "[unclosed-fence]").count == 2, "warned once: \(run.stderr)")
        #expect(run.stderr.contains("hint: add a line holding only ```"))
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/notes.html"), encoding: .utf8)
        let start = try #require(html.range(of: "<main>")).lowerBound
        let main = String(html[start...])
        #expect(main.components(separatedBy: "<svg").count - 1 == 2, "the flowchart and the mindmap are drawn")
        #expect(main.contains(">Feature stores<"), "a mindmap label is in the SVG")
        #expect(!main.contains("could not be drawn"))
        #expect(main.contains("<h2 id=\"key-takeaways\">Key Takeaways</h2>"))
        #expect(main.contains("<li>Monitor drift in production.</li>"))
        #expect(!main.contains("## Key Takeaways"), "the heading is not code")
        #expect(!main.contains("Note (line"), "portability notes stay out of the report")
        #expect(!main.contains("bare quoted"))
    }

    @Test func dumpShowsTheCutAtExactLines() throws {
        let project = try Self.project()
        let dump = try QuireProcess.run(["dump", "notes.md"], in: project.url)
        #expect(dump.status == 0, "\(dump.stderr)")
        let lines = Self.document.split(separator: "\n", omittingEmptySubsequences: false)
        let fence = try #require(lines.indices.last { lines[$0] == "```mermaid" }) + 1
        let last = fence + Self.mindmap.split(separator: "\n").count
        let lastColumn = lines[last - 1].count
        let heading = try Self.line(of: "## Key Takeaways")
        let mindmapLines = Self.mindmap.split(separator: "\n").count
        #expect(
            dump.stdout.contains("  mermaid @\(fence):1-\(last):\(lastColumn) lines=\(mindmapLines) unclosed\n"),
            "\(dump.stdout)")
        #expect(dump.stdout.contains("    heading 2 #key-takeaways \"Key Takeaways\" @\(heading):1-\(heading):16\n"))
        #expect(dump.stdout.contains("  prose @\(heading):1-"))
    }

    /// Lines that cannot continue a diagram cut it; others do not, and a closed fence is left alone.
    @Test func whatCutsAnUnclosedDiagram() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        // A fence with an info string cuts it, even without a blank line before. (A ``` fence
        // would close the mermaid block itself, as CommonMark says; a ~~~ fence cannot.)
        try project.write("# T\n\n```mermaid\nflowchart LR\n  A --> B\n~~~python\nprint(1)\n~~~\n", to: "fence.md")
        let fence = try QuireProcess.run(["dump", "fence.md"], in: project.url)
        #expect(fence.stdout.contains("  mermaid @3:1-5:9 lines=2 unclosed\n"), "\(fence.stdout)")
        #expect(fence.stdout.contains("  code \"python\" @6:1-8:3\n"), "\(fence.stdout)")
        // Indented `#` text, `#hashtag` and text lines do not: the block runs to the end, as before.
        try project.write("# T\n\n```mermaid\nmindmap\n  root\n    # not a heading\n#tag\nText\n", to: "none.md")
        let none = try QuireProcess.run(["check", "none.md"], in: project.url)
        #expect(
            none.stdout.contains("code block opened here is never closed; it runs to the end of the file")
                || none.stderr.contains("code block opened here is never closed; it runs to the end of the file"))
    }

    /// The next step's closing fence closed the diagram: the diagram is cut at the step's fence,
    /// and the step runs.
    @Test func aStepAfterAnUnclosedDiagramIsAStepAgain() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write("a,b\n1,2\n", to: "x.csv")
        let notebook = "# T\n\n```mermaid\nflowchart LR\n  A --> B\n\n```step rows\nload: x.csv\n```\n\nAfter.\n"
        try project.write(notebook, to: "nb.md")
        let check = try QuireProcess.run(["check", "nb.md"], in: project.url)
        let output = check.stdout + check.stderr
        #expect(check.status == 0, "\(output)")
        #expect(
            output.contains(
                "nb.md:3:1: warning: mermaid block opened here is never closed; the diagram is taken to end at line 5, before '```step rows' on line 7 (the fence on line 9 closes that block, not this one)"
            ), "\(output)")
        #expect(output.contains("hint: add a line holding only ``` after line 5"))
        let run = try QuireProcess.run(["run", "--quiet", "nb.md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: project.url.appendingPathComponent("reports/nb.html"), encoding: .utf8)
        #expect(html.contains("id=\"step-rows\""), "the step is a step")
        #expect(html.contains("<p>After.</p>"))
        let main = String(html[try #require(html.range(of: "<main>")).lowerBound...])
        #expect(main.components(separatedBy: "<svg").count - 1 >= 1)
        #expect(!main.contains("could not be drawn"))
    }
}
