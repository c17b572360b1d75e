import Foundation
import QuireNotebook
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Prose images: embedded only when they are what they claim, small enough and inside the
/// project root; otherwise a link and a warning at the image itself.
@Suite struct ProseImageTests {
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    ]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01]
    static let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0]
    static let webp: [UInt8] = Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBPVP8 ".utf8)

    /// A project with a `quire.yaml` root, the notebook in `nb/`, and `files` placed relative to the root.
    struct Project {
        let directory: TemporaryDirectory
        var root: String { directory.url.path }

        init(_ files: [String: [UInt8]] = [:]) throws {
            directory = try TemporaryDirectory()
            try directory.write("", to: "quire.yaml")
            for (name, bytes) in files { try directory.write(Data(bytes), to: name) }
        }

        func parse(_ markdown: String, options: NotebookParser.Options = [.renderProse]) throws -> NotebookParser.Result
        {
            let path = try directory.write(markdown, to: "nb/nb.md").path
            return NotebookParser(options: options, projectRoot: root).parse(contentsOfFile: path)
        }
    }

    static func html(_ result: NotebookParser.Result) -> String {
        result.notebook?.blocks.compactMap { block -> String? in
            if case .prose(let prose) = block { return prose.html }
            return nil
        }.joined() ?? ""
    }

    @Test(arguments: [
        ("a.png", png, "image/png"), ("b.jpg", jpeg, "image/jpeg"), ("c.gif", gif, "image/gif"),
        ("d.webp", webp, "image/webp"),
    ])
    func realImagesAreEmbedded(name: String, bytes: [UInt8], type: String) throws {
        let project = try Project(["nb/\(name)": bytes])
        let result = try project.parse("![x](\(name))\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(Self.html(result).contains("src=\"data:\(type);base64,"))
    }

    @Test func symlinkOutOfTheRootIsRefused() throws {
        let project = try Project()
        try FileManager.default.createDirectory(
            at: project.directory.url.appendingPathComponent("nb"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: project.directory.url.appendingPathComponent("nb/logo.png").path, withDestinationPath: "/etc/passwd"
        )
        let result = try project.parse("# T\n\n![logo](logo.png)\n")
        let warning = try #require(result.diagnostics.first)
        #expect(warning.id == .imageOutsideRoot)
        #expect(warning.severity == .warning)
        #expect(warning.range?.start == SourceLocation(line: 3, column: 1))
        #expect(warning.message.contains("outside the project root \(project.root)"))
        let html = Self.html(result)
        #expect(html.contains("<a href=\"logo.png\">logo</a>"))
        #expect(!html.contains("data:"))
        #expect(!html.contains("cm9vdDp4OjA6"), "the base64 of root:x:0:")
    }

    @Test func aNULInThePathIsNoFile() throws {
        let project = try Project(["nb/a.png": Self.png])
        let result = try project.parse("![x](a.png%00.png)\n")
        #expect(result.diagnostics.map(\.message) == ["image 'a.png%00.png' is not embedded: no such file"])
    }

    @Test(arguments: ["/etc/passwd.png", "../../x.png", "%2e%2e/%2e%2e/x.png", "sub/../../../x.png"])
    func pathsOutOfTheRootAreRefusedUnread(url: String) throws {
        let project = try Project()
        let result = try project.parse("![x](\(url))\n")
        #expect(result.diagnostics.map(\.id) == [.imageOutsideRoot])
    }

    @Test func imagesElsewhereInTheProjectAreEmbedded() throws {
        let project = try Project(["figures/a.png": Self.png])
        let result = try project.parse("![x](../figures/a.png)\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(Self.html(result).contains("data:image/png;base64,"))
    }

    @Test func allowingFilesOutsideTheRootLiftsTheRule() throws {
        let outside = try TemporaryDirectory()
        let image = try outside.write(Data(Self.png), to: "a.png").path
        let project = try Project()
        let refused = try project.parse("![x](\(image))\n")
        #expect(refused.diagnostics.map(\.id) == [.imageOutsideRoot])
        let allowed = try project.parse("![x](\(image))\n", options: [.renderProse, .allowFilesOutsideRoot])
        #expect(allowed.diagnostics.isEmpty)
        #expect(Self.html(allowed).contains("data:image/png;base64,"))
    }

    @Test func bytesMustBeTheClaimedType() throws {
        let project = try Project(["nb/text.png": Array("root:x:0:0\n".utf8), "nb/photo.png": Self.jpeg])
        let result = try project.parse("![a](text.png)\n![b](photo.png)\n")
        #expect(result.diagnostics.map(\.id) == [.imageContentMismatch, .imageContentMismatch])
        #expect(result.diagnostics[0].message.hasSuffix("its name says PNG but it is not an image"))
        #expect(result.diagnostics[1].message.hasSuffix("its name says PNG but it is a JPEG image"))
        #expect(!Self.html(result).contains("data:"))
    }

    @Test func oversizedImagesAreRefusedBeforeReading() throws {
        let project = try Project(["nb/big.png": Self.png])
        // A sparse file: its size says 11 MiB; reading it would find zeros after the signature.
        #expect(truncate(project.directory.url.appendingPathComponent("nb/big.png").path, 11 << 20) == 0)
        let result = try project.parse("![big](big.png)\n")
        let warning = try #require(result.diagnostics.first)
        #expect(warning.id == .imageNotEmbedded)
        #expect(warning.message.hasSuffix("it is 11.0 MiB, over the 10 MiB limit"))
    }

    @Test func specialFilesAreNotRead() throws {
        let project = try Project(["nb/dir.png/x": []])
        #expect(mkfifo(project.directory.url.appendingPathComponent("nb/pipe.png").path, 0o644) == 0)
        let result = try project.parse("![p](pipe.png) ![d](dir.png)\n")
        #expect(
            result.diagnostics.map(\.message) == [
                "image 'pipe.png' is not embedded: not a regular file",
                "image 'dir.png' is not embedded: not a regular file",
            ])
    }

    @Test func otherKindsBecomeLinksWithAWarning() throws {
        let project = try Project(["nb/d.svg": Array("<svg onload=alert(1)/>".utf8)])
        let source =
            "![a](d.svg) ![b](missing.png) ![c](file:///etc/passwd) ![d](notes.txt) ![e](https://example.org/e.png)\n"
        let result = try project.parse(source)
        #expect(
            result.diagnostics.map(\.message) == [
                "image 'd.svg' is not embedded: SVG images may carry scripts",
                "image 'missing.png' is not embedded: no such file",
                "image 'file:///etc/passwd' is not embedded: file: is not a file or web address",
                "image 'notes.txt' is not embedded: not a PNG, JPEG, GIF or WebP file",
            ])
        let html = Self.html(result)
        #expect(!html.contains("<img"))
        #expect(html.contains("<a href=\"https://example.org/e.png\">e</a>"), "a remote image is a link, silently")
    }

    /// Each warning names its image's own line and column, also where cmark's inline columns are
    /// off: continuation lines of quotes, lists, lazy and tab-indented lines.
    @Test func warningsPointAtEachImage() throws {
        let project = try Project()
        let source = """
            Intro ![a](a.png)
            ![b](b.png)
              ![c](c.png) and ![d](d.png)

            > quote
            >     ![e](e.png)
            lazy ![f](f.png)

            - item
            \t![g](g.png) x
            \ttext `![no](no.png)` ![h](h.png)

            """
        let expected = [(1, 7), (2, 1), (3, 3), (3, 19), (6, 7), (7, 6), (10, 2), (11, 23)]
        for options: NotebookParser.Options in [[.renderProse], [.checkProse]] {
            let result = try project.parse(source, options: options)
            #expect(
                result.diagnostics.map { $0.message.split(separator: "'")[1] } == [
                    "a.png", "b.png", "c.png", "d.png", "e.png", "f.png", "g.png", "h.png",
                ])
            #expect(
                result.diagnostics.map { [$0.range!.start.line, $0.range!.start.column] }
                    == expected.map { [$0.0, $0.1] })
        }
        let first = try #require(try project.parse(source).diagnostics.first?.range)
        #expect(first.end == SourceLocation(line: 1, column: 17), "the range covers the image")
    }

    @Test func checkingReadsNoImageAndRendersNothing() throws {
        let project = try Project(["nb/a.png": Self.png, "nb/b.png": Array("text".utf8)])
        let result = try project.parse("![a](a.png) ![b](b.png)\n", options: [.checkProse])
        #expect(result.diagnostics.map(\.id) == [.imageContentMismatch])
        #expect(Self.html(result).isEmpty)
        let unchecked = try project.parse("![a](a.png) ![b](b.png)\n", options: [])
        #expect(unchecked.diagnostics.isEmpty, "only commands that render or check prose look at images")
    }

    @Test func rawHTMLRemovalsAreWarnedAtTheirTags() throws {
        let project = try Project()
        let source = """
            # T

            <div>
            <meta http-equiv="refresh" content="0;url=https://example.org">
            </div>

            > <div>
            >   <iframe src="https://example.org"></iframe></div>

            A <img src=x onerror=alert(1)> and
              <a href="jav&#x09;ascript:alert(1)">x</a>.

            """
        let result = try project.parse(source, options: [.renderProse, .allowRawHTML])
        let warnings = result.diagnostics.filter { $0.id == .rawHTMLRemoved }
        #expect(
            warnings.map { [$0.range!.start.line, $0.range!.start.column] } == [
                [4, 1], [8, 5], [10, 3], [10, 3], [11, 3],
            ])
        let html = Self.html(result)
        #expect(html.contains("<div>\n\n</div>"))
        // The image lost its only source, so nothing of it is left to show as a broken image.
        #expect(html.contains("<p>A  and\n<a>x</a>.</p>"))
        for forbidden in ["meta", "iframe", "onerror", "javascript", "ascript"] { #expect(!html.contains(forbidden)) }
        let checked = try project.parse(source, options: [.checkProse, .allowRawHTML])
        #expect(checked.diagnostics.map(\.range) == result.diagnostics.map(\.range), "check warns as run does")
    }

    /// `--allow-raw-html` keeps cmark's safe-mode checks on Markdown links and images.
    @Test func markdownLinksStayCheckedWithRawHTML() throws {
        let project = try Project()
        let result = try project.parse(
            "[a](javascript:alert(1)) <b>bold</b> ![i](data:text/html,x)\n", options: [.renderProse, .allowRawHTML])
        let html = Self.html(result)
        #expect(html.contains("<a href=\"\">a</a> <b>bold</b>"))
        #expect(!html.contains("javascript"))
        #expect(!html.contains("data:text"))
    }

    @Test func openElementsAreClosedAtTheEndOfTheProseRun() throws {
        let project = try Project()
        let result = try project.parse(
            "<details><summary>More</summary>\n\n*markdown* inside\n\n```step a\nload: x.csv\n```\n\n</details>\n",
            options: [.renderProse, .allowRawHTML])
        let html = Self.html(result)
        #expect(html.hasPrefix("<details><summary>More</summary>\n<p><em>markdown</em> inside</p>\n</details>"))
        #expect(html.components(separatedBy: "</details>").count == 2, "the stray end tag after the step is dropped")
    }
}
