import Foundation
import TestSupport
import Testing

/// End-to-end: the built `quire` binary on real files, checking exit codes, output and files.
@Suite(.tags(.slow)) struct CLITests {
    static let valid = """
        ---
        title: Valid
        params: {seed: 1}
        ---

        # Valid notebook

        Some *prose*.

        ```step raw
        generate: {kind: blobs, n_samples: 20}
        ```

        ```step split
        split: {from: raw, seed: "${params.seed}"}
        ```
        """

    static let invalid = "```step Bad\nload: x\n```\n"

    @Test func versionAndHelp() throws {
        let version = try QuireProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("quire "), "the format: CIOutputTests")
        for command in ["check", "dump", "run"] {
            let help = try QuireProcess.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: quire \(command)"))
        }
        let top = try QuireProcess.run(["--help"])
        #expect(top.stdout.contains("Exit codes"))
    }

    @Test func checkValidNotebookExitsZero() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "ok.md")
        let output = try QuireProcess.run(["check", "ok.md"], in: directory.url)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "ok.md: ok (2 steps)\n")
        #expect(output.stderr.isEmpty)
    }

    @Test func checkInvalidNotebookExitsTwoWithDiagnostics() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.invalid, to: "bad.md")
        let output = try QuireProcess.run(["check", "bad.md"], in: directory.url)
        #expect(output.status == 2)
        #expect(
            output.stderr.hasPrefix(
                "bad.md:1:9: error: 'Bad' is not a valid step id [step-invalid-id]\n 1 | ```step Bad\n"))
        #expect(output.stderr.contains("hint: "))
        #expect(!output.stderr.contains("\u{1B}["), "NO_COLOR is respected")
    }

    @Test func checkReportsEveryNotebook() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "ok.md")
        try directory.write(Self.invalid, to: "bad.md")
        let output = try QuireProcess.run(["check", "bad.md", "ok.md", "missing.md"], in: directory.url)
        #expect(output.status == 2)
        #expect(output.stdout.contains("ok.md: ok"))
        #expect(output.stderr.contains("bad.md:1:9: error"))
        #expect(
            output.stderr.contains(
                "missing.md: error: cannot read notebook: no such file or directory [file-unreadable]"))
        #expect(output.stderr.contains("2 errors and 0 warnings in 3 notebooks"))
    }

    @Test(arguments: ["directory", "binary", "empty", "huge-line"])
    func checkNeverCrashesOnOddInput(kind: String) throws {
        let directory = try TemporaryDirectory()
        var expected: Int32 = 2
        switch kind {
        case "directory":
            try FileManager.default.createDirectory(
                at: directory.url.appendingPathComponent("input"), withIntermediateDirectories: true)
        case "binary":
            try directory.write(Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), to: "input")
        case "empty":
            try directory.write("", to: "input")
            expected = 0
        default:
            try directory.write(String(repeating: "word ", count: 2_000_000), to: "input")
            expected = 0
        }
        let output = try QuireProcess.run(["check", "input"], in: directory.url)
        #expect(output.status == expected, "\(output.stderr)")
        if expected == 2 { #expect(output.stderr.contains("input")) }
    }

    @Test func fiftyMegabyteNotebookIsChecked() throws {
        let directory = try TemporaryDirectory()
        var text = ""
        let paragraph =
            String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", count: 16) + "\n\n"
        let step = "```step s%d\nload: data/%d.csv\n```\n\n"
        var index = 0
        while text.utf8.count < 50_000_000 {
            text += paragraph
            text += step.replacingOccurrences(of: "%d", with: String(index))
            index += 1
        }
        try directory.write(text, to: "large.md")
        let output = try QuireProcess.run(["check", "--quiet", "large.md"], in: directory.url)
        #expect(output.status == 0, "\(output.stderr.prefix(500))")
    }

    @Test func dumpPrintsTheTree() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "ok.md")
        let output = try QuireProcess.run(["dump", "ok.md"], in: directory.url)
        #expect(output.status == 0)
        #expect(output.stdout.contains("step raw @10:1-12:3"))
        #expect(output.stdout.contains("param-ref seed @15:27-15:40"))
    }

    @Test func runWritesAReport() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "nb/valid.md")
        let output = try QuireProcess.run(["run", "nb/valid.md"], in: directory.url)
        #expect(output.status == 0, "\(output.stderr)")
        let report = try String(contentsOf: directory.url.appendingPathComponent("reports/valid.html"), encoding: .utf8)
        #expect(report.contains("<title>Valid</title>"))
        #expect(report.contains("<em>prose</em>"))
        #expect(report.contains("id=\"step-split\""))
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: directory.url.appendingPathComponent("reports").path)
        #expect(
            leftovers.sorted() == ["index.html", "valid.html", "valid.json", "valid.prom"],
            "no temporary files are left behind")
    }

    @Test func runWithOutputDirectory() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "a.md")
        let output = try QuireProcess.run(["run", "a.md", "-o", "out/deep"], in: directory.url)
        #expect(output.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("out/deep/a.html").path))
    }

    @Test func invalidNotebookKeepsThePreviousReport() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "nb.md")
        #expect(try QuireProcess.run(["run", "nb.md"], in: directory.url).status == 0)
        let reportURL = directory.url.appendingPathComponent("reports/nb.html")
        let before = try Data(contentsOf: reportURL)
        try directory.write(Self.invalid, to: "nb.md")
        let output = try QuireProcess.run(["run", "nb.md"], in: directory.url)
        #expect(output.status == 2)
        #expect(output.stderr.contains("not run"))
        #expect(try Data(contentsOf: reportURL) == before)
    }

    @Test func runIsByteIdentical() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "nb.md")
        _ = try QuireProcess.run(["run", "--reproducible", "--no-cache", "nb.md", "-o", "one"], in: directory.url)
        _ = try QuireProcess.run(["run", "--reproducible", "--no-cache", "nb.md", "-o", "two"], in: directory.url)
        #expect(
            try Data(contentsOf: directory.url.appendingPathComponent("one/nb.html"))
                == Data(contentsOf: directory.url.appendingPathComponent("two/nb.html")))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        #expect(try QuireProcess.run(["check"]).status == 64)
        #expect(try QuireProcess.run(["frobnicate"]).status == 64)
        #expect(try QuireProcess.run(["run", "--no-such-flag", "x.md"]).status == 64)
        let directory = try TemporaryDirectory()
        try directory.write(Self.valid, to: "a/nb.md")
        try directory.write(Self.valid, to: "b/nb.md")
        let clash = try QuireProcess.run(["run", "a/nb.md", "b/nb.md"], in: directory.url)
        #expect(clash.status == 64)
        #expect(clash.stderr.contains("would both write nb.html"))
    }
}
