import Foundation
import QuireRunner
import TestSupport
import Testing

/// A small tmpfs mounted for one test, unmounted when the value goes.
///
/// Mounting needs root (CI runs as root). Where the environment cannot mount, set
/// `QUIRE_TEST_NO_MOUNT=1` to turn the tests that need one off explicitly; otherwise a failed
/// mount fails the test, never skips it silently.
final class Tmpfs {
    static let disabled = ProcessInfo.processInfo.environment["QUIRE_TEST_NO_MOUNT"] != nil
    let url: URL

    init(kilobytes: Int, readOnly: Bool = false) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("quire-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let options = "size=\(kilobytes)k,mode=0755" + (readOnly ? ",ro" : "")
        let (status, output) = try Self.command("mount", "-t", "tmpfs", "-o", options, "tmpfs", url.path)
        guard status == 0 else {
            try? FileManager.default.removeItem(at: url)
            throw MountFailure(
                description: """
                    cannot mount a tmpfs (\(output.trimmingCharacters(in: .whitespacesAndNewlines))): the full-disk \
                    tests need root (CI runs as root); set QUIRE_TEST_NO_MOUNT=1 only where the environment cannot mount
                    """)
        }
    }

    struct MountFailure: Error, CustomStringConvertible { var description: String }

    var path: String { url.path }

    /// Bytes free for an unprivileged writer.
    var available: Int {
        var info = statvfs()
        statvfs(path, &info)
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Writes a file that leaves `free` bytes available (to within a page).
    func fill(leaving free: Int) throws {
        let filler = url.appendingPathComponent("filler")
        let size = max(available - free, 0)
        try Data(count: size).write(to: filler)
    }

    @discardableResult
    static func command(_ arguments: String...) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    deinit {
        _ = try? Self.command("umount", url.path)
        try? FileManager.default.removeItem(at: url)
    }
}

/// Outputs that cannot be written: the run exits 74 naming the file and the reason in words, and
/// nothing of the new report set is visible; the previous set stays whole, byte for byte.
@Suite(.serialized, .tags(.slow)) struct OutputFailureTests {
    /// A notebook with every kind of output file: page, summary, metrics and an exported model.
    /// `prose` makes the page as large as a test needs.
    static func notebook(version: Int, prose: String = "") -> String {
        """
        ---
        title: Output set \(version)
        ---
        # Output set, version \(version)

        \(prose)

        ```step data
        generate: {kind: classification, n_samples: 300, n_features: 4, seed: 1}
        ```

        ```step model
        train: {data: data, algorithm: logistic_regression, target: target}
        ```

        ```step ship
        export: {model: model, name: churn}
        ```
        """
    }

    /// Every file under `directory` (hidden ones too) with its bytes, by relative path.
    static func snapshot(_ directory: URL, excluding: Set<String> = []) -> [String: Data] {
        var files: [String: Data] = [:]
        let names = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]) ?? []
        for name in names where !excluding.contains(name) {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[name] = FileManager.default.contents(atPath: path)
        }
        return files
    }

    static func notebookDigest(inSummary data: Data?) -> String? {
        guard let data, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (json["notebook"] as? [String: Any])?["digest"] as? String
    }

    /// The disk fills at every point of writing the set, page by page: each run either writes
    /// the whole new set (exit 0) or none of it (exit 74, the old set byte for byte, no temporary
    /// file), and its message names the file and says why in words.
    @Test(.enabled(if: !Tmpfs.disabled, "QUIRE_TEST_NO_MOUNT is set"))
    func aFullDiskAtAnyPointLeavesTheOldSetWhole() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let disk = try Tmpfs(kilobytes: 1024)
        try project.write(Self.notebook(version: 1), to: "nb.md")
        let first = try QuireProcess.run(["run", "-q", "-o", disk.path, "nb.md"], in: project.url)
        try #require(first.status == 0, "\(first.stderr)")
        let old = Self.snapshot(disk.url)
        #expect(Set(old.keys) == ["nb.html", "nb.json", "nb.prom", "models/churn.json", "index.html"])

        // Version 2's page is about 120 KB larger: its set no longer fits beside the old one.
        let prose = String(
            repeating: "A paragraph that makes the page larger than the disk has room for. ", count: 1800)
        let newNotebook = Self.notebook(version: 2, prose: prose)
        try project.write(newNotebook, to: "nb.md")
        let newDigest = Digest.sha256(Array(newNotebook.utf8))
        var failures = 0
        var successes = 0
        var failedFiles: Set<String> = []
        for free in stride(from: 0, through: 200 * 1024, by: 4 * 1024) {
            // Back to the old set, then fill the disk to leave `free` bytes.
            try? FileManager.default.removeItem(at: disk.url.appendingPathComponent("filler"))
            for name in (try FileManager.default.contentsOfDirectory(atPath: disk.path)) {
                try FileManager.default.removeItem(at: disk.url.appendingPathComponent(name))
            }
            for (name, data) in old {
                let file = disk.url.appendingPathComponent(name)
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file)
            }
            try disk.fill(leaving: free)
            let output = try QuireProcess.run(["run", "-q", "-o", disk.path, "nb.md"], in: project.url, timeout: 60)
            let after = Self.snapshot(disk.url, excluding: ["filler"])
            let context = "\(free / 1024) KiB free: exit \(output.status)\n\(output.stderr)"
            #expect(!output.stderr.contains("NSCocoaErrorDomain") && !output.stderr.contains("Code="), "\(context)")
            if output.status == 74 {
                failures += 1
                #expect(output.stderr.contains("No space left on device"), "\(context)")
                let named = ["nb.html", "nb.json", "nb.prom", "models/churn.json", "index.html"].first {
                    output.stderr.contains("cannot write \(disk.path)/\($0): No space left on device")
                }
                #expect(output.stderr.contains("(no file of this report was replaced"), "\(context)")
                if let named {
                    failedFiles.insert(named)
                } else if output.stderr.contains("commit journal") {
                    failedFiles.insert("journal")
                } else {
                    Issue.record("the message names no file of the set: \(context)")
                }
                #expect(after == old, "the old set changed: \(context); files: \(after.keys.sorted())")
            } else {
                successes += 1
                #expect(output.status == 0, "\(context)")
                #expect(Set(after.keys) == Set(old.keys), "\(context): \(after.keys.sorted())")
                #expect(Self.notebookDigest(inSummary: after["nb.json"]) == newDigest, "\(context)")
                let model = after["models/churn.json"].map { String(decoding: $0, as: UTF8.self) } ?? ""
                #expect(model.contains(newDigest), "the exported model is not the new one: \(context)")
                let page = after["nb.html"].map { String(decoding: $0, as: UTF8.self) } ?? ""
                #expect(page.contains("version 2") && page.contains(newDigest), "\(context)")
            }
        }
        print(
            "full disks: \(failures) runs failed cleanly (on \(failedFiles.sorted())), \(successes) wrote the new set")
        #expect(failures >= 5, "the sweep never ran out of space")
        #expect(successes >= 1, "the sweep never left enough space")
        #expect(failedFiles.count >= 2, "the disk filled up at only one point of the set: \(failedFiles)")
    }

    /// The cache on a full disk: a warning, the run completes, and the cache stays consistent.
    @Test(.enabled(if: !Tmpfs.disabled, "QUIRE_TEST_NO_MOUNT is set"))
    func aFullCacheDiskWarnsAndTheRunCompletes() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let disk = try Tmpfs(kilobytes: 256)
        try project.write(
            """
            ```step small
            generate: {kind: blobs, n_samples: 50, seed: 1}
            ```
            ```step big
            generate: {kind: regression, n_samples: 20000, n_features: 10, seed: 2}
            ```
            ```step summary
            profile: big
            ```
            """, to: "nb.md")
        let cache = disk.url.appendingPathComponent("cache")
        for attempt in 1...2 {
            let output = try QuireProcess.run(
                ["run", "--cache-dir", cache.path, "nb.md"], in: project.url, timeout: 60)
            #expect(output.status == 0, "run \(attempt): \(output.stderr)")
            #expect(
                output.stderr.contains("warning:") && output.stderr.contains("No space left on device"),
                "run \(attempt): \(output.stderr)")
            #expect(!output.stderr.contains("NSCocoaErrorDomain"), "\(output.stderr)")
            #expect(FileManager.default.fileExists(atPath: project.url.appendingPathComponent("reports/nb.html").path))
            try ReliabilityTests.verifyCache(cache)
            let leftovers = try FileManager.default.contentsOfDirectory(
                atPath: cache.appendingPathComponent("tmp").path)
            #expect(leftovers.isEmpty, "temporary cache files left: \(leftovers)")
        }
    }

    /// A read-only file system: exit 74, "Read-only file system".
    @Test(.enabled(if: !Tmpfs.disabled, "QUIRE_TEST_NO_MOUNT is set"))
    func aReadOnlyOutputDiskExits74() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook(version: 1), to: "nb.md")
        let disk = try Tmpfs(kilobytes: 64, readOnly: true)
        let output = try QuireProcess.run(["run", "--no-cache", "-o", disk.path, "nb.md"], in: project.url)
        #expect(output.status == 74, "\(output.stderr)")
        #expect(
            output.stderr.contains("cannot create the directory \(disk.path)/models: Read-only file system"),
            "\(output.stderr)")
        #expect(Self.snapshot(disk.url).isEmpty)
    }

    /// Runs quire as an unprivileged user when the tests run as root (root bypasses permissions).
    static func runUnprivileged(_ arguments: [String], in directory: URL) throws -> (Int32, String) {
        let process = Process()
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments =
                ["--reuid=65534", "--regid=65534", "--clear-groups", QuireProcess.binary.path] + arguments
        } else {
            process.executableURL = QuireProcess.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": "/tmp"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aDirectoryWithoutWritePermissionExits74AndKeepsTheOldSet() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook(version: 1), to: "nb.md")
        let first = try QuireProcess.run(["run", "-q", "--no-cache", "nb.md"], in: project.url)
        try #require(first.status == 0, "\(first.stderr)")
        let reports = project.url.appendingPathComponent("reports")
        let old = Self.snapshot(reports)
        try project.write(Self.notebook(version: 2), to: "nb.md")
        for folder in [reports, reports.appendingPathComponent("models")] {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        }
        defer {
            for folder in [reports, reports.appendingPathComponent("models")] {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            }
        }
        let (status, stderr) = try Self.runUnprivileged(["run", "--no-cache", "nb.md"], in: project.url)
        #expect(status == 74, "\(stderr)")
        #expect(stderr.contains("cannot write reports/models/churn.json: Permission denied"), "\(stderr)")
        #expect(Self.snapshot(reports) == old)
    }

    @Test func anOutputPathUnderAFileExits74NamingTheFile() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        try project.write(Self.notebook(version: 1), to: "nb.md")
        try project.write("not a directory", to: "taken")
        let output = try QuireProcess.run(["run", "--no-cache", "-o", "taken/reports", "nb.md"], in: project.url)
        #expect(output.status == 74, "\(output.stderr)")
        #expect(output.stderr.contains("nb.md: error: cannot write into taken: Not a directory"), "\(output.stderr)")
        #expect(
            try String(contentsOf: project.url.appendingPathComponent("taken"), encoding: .utf8) == "not a directory")
    }

    @Test func helpListsExitCode74() throws {
        let output = try QuireProcess.run(["--help"])
        let text = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("74 I/O error writing the outputs"), "\(output.stdout)")
    }
}
