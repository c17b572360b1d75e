import Foundation
import TestSupport
import Testing

@testable import QuireNotebook

/// Reading a notebook refuses what is not a notebook file, from `stat`, before reading a byte.
@Suite struct ReadFileTests {
    static func message(_ result: Result<[UInt8], Diagnostic>) -> String? {
        if case .failure(let diagnostic) = result { return "\(diagnostic.message) [\(diagnostic.id.rawValue)]" }
        return nil
    }

    /// A 4 GiB sparse file: a read up to the limit would take 256 MiB of memory and time; the
    /// size in the message can only come from `stat`, since the reader never reads that far.
    @Test func oversizedFileIsRefusedFromItsSize() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write("", to: "huge.md")
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 4 << 30)
        try handle.close()
        let started = Date()
        let message = Self.message(NotebookParser.readNotebook(url.path))
        #expect(message == "notebook is 4 GiB, more than the limit of 256 MiB [file-unreadable]")
        #expect(Date().timeIntervalSince(started) < 0.05, "the file was read")
    }

    @Test func limitIsExact() throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write(String(repeating: "a", count: 2048), to: "p.yaml")
        guard case .success(let bytes) = NotebookParser.readFile(url.path, noun: "params file", maximumSize: 2048)
        else {
            Issue.record("a file of exactly the limit was refused")
            return
        }
        #expect(bytes.count == 2048)
        #expect(
            Self.message(NotebookParser.readFile(url.path, noun: "params file", maximumSize: 2047))
                == "params file is 2 KiB, more than the limit of 1.9 KiB [file-unreadable]")
    }

    /// Opening a FIFO for reading blocks until a writer comes; the reader must not open it.
    @Test func fifoIsRefusedWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("pipe.md").path
        #expect(mkfifo(path, 0o644) == 0)
        #expect(
            Self.message(NotebookParser.readNotebook(path))
                == "is a named pipe (FIFO), not a regular file; a notebook is read from a regular file [file-unreadable]"
        )
    }

    @Test(arguments: ["/dev/zero", "/dev/null", "/dev/urandom"])
    func deviceIsRefused(path: String) throws {
        let directory = try TemporaryDirectory()
        let link = directory.url.appendingPathComponent("nb.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(Self.message(NotebookParser.readNotebook(link))?.hasPrefix("is a character device") == true)
    }

    @Test(arguments: [
        ("data.csv", "a .csv file is data, not a notebook"), ("x/y.Parquet", "a .Parquet file is data, not a notebook"),
        ("reports/churn.html", "a .html file is a report, not a notebook"),
    ])
    func dataAndReportsAreNotNotebooks(name: String, message: String) throws {
        // Refused by name, before looking at the file: it need not exist.
        #expect(Self.message(NotebookParser.readNotebook(name)) == message + " [not-a-notebook]")
    }

    @Test(arguments: ["nb.md", "nb.markdown", "nb.qmd", "nb.txt", "README", ".hidden", "v1.2/nb"])
    func otherNamesAreReadAsMarkdown(name: String) throws {
        let directory = try TemporaryDirectory()
        let url = try directory.write("# T\n", to: name)
        guard case .success(let bytes) = NotebookParser.readNotebook(url.path) else {
            Issue.record("\(name) was refused")
            return
        }
        #expect(bytes == Array("# T\n".utf8))
    }

    /// Sizes up to `Int.max` (a sparse file can claim an exabyte) are named without overflowing.
    @Test(arguments: [
        (512, "512 bytes"), (1536, "1.5 KiB"), (256 << 20, "256 MiB"), (4 << 30, "4 GiB"), (1 << 60, "1048576 TiB"),
        (Int.max, "8388607 TiB"),
    ])
    func sizeText(bytes: Int, expected: String) {
        #expect(NotebookParser.sizeText(bytes) == expected)
    }
}
