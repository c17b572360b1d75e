import Foundation
import QuireReport
import QuireRunner
import TestSupport
import Testing

/// Output sets are all or nothing; what a killed run leaves is completed or removed by the next.
@Suite struct OutputSetTests {
    static func read(_ directory: TemporaryDirectory, _ name: String) -> String? {
        FileManager.default.contents(atPath: directory.url.appendingPathComponent(name).path).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Every name under `directory`, recursively, sorted (hidden files included).
    static func listing(_ directory: TemporaryDirectory) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.url.path)
        return ((enumerator?.allObjects as? [String]) ?? []).sorted()
    }

    /// The id of a process that has ended (and so owns nothing any more).
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    /// A directory where a killed run staged `nb.html` and wrote its commit journal
    /// `journalAge` seconds ago, before renaming anything.
    static func killedCommit(journalAge: TimeInterval) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let dead = try deadProcessID()
        try directory.write("killed run's html", to: ".nb.html.\(dead).tmp")
        let journalURL = try directory.write(
            #"[[".nb.html.\#(dead).tmp","nb.html"]]"#, to: ".quire-commit-1.\(dead).journal")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -journalAge)], ofItemAtPath: journalURL.path)
        return directory
    }

    @Test func commitRenamesEveryFileIntoPlaceAndLeavesNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let set = OutputSet(directory: directory.url.appendingPathComponent("out").path)
        try set.stage("<html>", as: "nb.html")
        try set.stage("{}", as: "nb.json")
        try set.stage("m", as: "models/churn.json")
        #expect(Self.read(directory, "out/nb.html") == nil, "a staged file is visible before the commit")
        try set.commit()
        #expect(Self.read(directory, "out/nb.html") == "<html>")
        #expect(Self.read(directory, "out/nb.json") == "{}")
        #expect(Self.read(directory, "out/models/churn.json") == "m")
        #expect(
            Self.listing(directory) == ["out", "out/models", "out/models/churn.json", "out/nb.html", "out/nb.json"])
    }

    @Test func aFailedStageDiscardsTheSetAndKeepsThePreviousFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("old json", to: "nb.json")
        try directory.write("old html", to: "nb.html")
        // A directory where the page should go: the set fails before anything is renamed.
        try FileManager.default.createDirectory(
            at: directory.url.appendingPathComponent("nb.prom"), withIntermediateDirectories: true)
        let before = Self.listing(directory)
        let set = OutputSet(directory: directory.url.path)
        try set.stage("new json", as: "nb.json")
        try set.stage("new html", as: "nb.html")
        #expect(Self.listing(directory) != before, "staging wrote no temporary file")
        let error = try #require(throws: OutputError.self) { try set.stage("new prom", as: "nb.prom") }
        #expect(error.code == EISDIR)
        #expect(error.description == "cannot write \(directory.url.path)/nb.prom: Is a directory")
        #expect(Self.listing(directory) == before)
        #expect(Self.read(directory, "nb.json") == "old json")
        #expect(Self.read(directory, "nb.html") == "old html")
    }

    @Test func anOutputDirectoryUnderAFileNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("x", to: "file")
        let set = OutputSet(directory: directory.url.appendingPathComponent("file/sub").path)
        let error = try #require(throws: OutputError.self) { try set.stage("a", as: "nb.html") }
        #expect(error.description == "cannot write into \(directory.url.path)/file: Not a directory")
        #expect(Self.listing(directory) == ["file"])
    }

    @Test func aSetNeitherCommittedNorDiscardedLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        do {
            let set = OutputSet(directory: directory.url.path)
            try set.stage("a", as: "nb.html")
            try set.stage("b", as: "models/m.json")
        }
        #expect(Self.listing(directory) == ["models"])
    }

    @Test func errorsSayTheReasonInWords() {
        #expect(
            OutputError(path: "r/nb.html", action: "write", code: ENOSPC).description
                == "cannot write r/nb.html: No space left on device")
        #expect(
            OutputError(path: "r", action: "create the directory", code: EACCES).description
                == "cannot create the directory r: Permission denied")
    }

    @Test func recoveryRemovesTheTemporaryFilesOfEndedProcessesOnly() throws {
        let directory = try TemporaryDirectory()
        let dead = try Self.deadProcessID()
        let alive = getppid()
        try directory.write("x", to: ".nb.html.\(dead).tmp")
        try directory.write("x", to: "models/.m.json.\(dead).tmp")
        try directory.write("x", to: ".nb.json.\(alive).tmp")
        try directory.write("x", to: ".hidden.tmp")
        try directory.write("report", to: "nb.html")
        try directory.write("x", to: "data/.user.\(dead).tmp")  // not a directory sets write into
        let recovery = OutputSet.recover(in: directory.url.path, subdirectories: ["models"])
        #expect(recovery.completed.isEmpty)
        #expect(recovery.removed == [".nb.html.\(dead).tmp", "models/.m.json.\(dead).tmp"])
        #expect(
            Self.listing(directory) == [
                ".hidden.tmp", ".nb.json.\(alive).tmp", "data", "data/.user.\(dead).tmp", "models", "nb.html",
            ])
    }

    /// A run killed between two renames of its commit: the next run completes the set.
    @Test func recoveryCompletesACommitInterruptedBetweenRenames() throws {
        let directory = try TemporaryDirectory()
        let dead = try Self.deadProcessID()
        try directory.write("old html", to: "nb.html")
        try directory.write("new json", to: "nb.json")  // renamed before the kill
        try directory.write("new html", to: ".nb.html.\(dead).tmp")
        try directory.write("new model", to: "models/.m.json.\(dead).tmp")
        let journal =
            #"[[".nb.json.\#(dead).tmp","nb.json"],["models/.m.json.\#(dead).tmp","models/m.json"],[".nb.html.\#(dead).tmp","nb.html"]]"#
        try directory.write(journal, to: ".quire-commit-1.\(dead).journal")
        let recovery = OutputSet.recover(in: directory.url.path, subdirectories: ["models"])
        #expect(recovery.completed == ["models/m.json", "nb.html"])
        #expect(recovery.removed.isEmpty)
        #expect(Self.read(directory, "nb.html") == "new html")
        #expect(Self.read(directory, "models/m.json") == "new model")
        #expect(Self.listing(directory) == ["models", "models/m.json", "nb.html", "nb.json"])
    }

    /// A file replaced after the journal was written belongs to a later run and is kept.
    @Test func recoveryKeepsFilesALaterRunWrote() throws {
        let directory = try Self.killedCommit(journalAge: 60)
        try directory.write("later run's html", to: "nb.html")
        let recovery = OutputSet.recover(in: directory.url.path)
        #expect(recovery.completed.isEmpty)
        #expect(Self.read(directory, "nb.html") == "later run's html")
        #expect(Self.listing(directory) == ["nb.html"])
    }

    @Test func reportWriterWritesOneFileAtomically() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("a/b/profile.json").path
        try ReportWriter.write("{}", to: path)
        #expect(Self.read(directory, "a/b/profile.json") == "{}")
        #expect(Self.listing(directory) == ["a", "a/b", "a/b/profile.json"])
    }
}

/// Reports name paths relative to the project root.
@Suite struct ProjectPathTests {
    @Test(arguments: [
        ("/p/notebooks/churn.md", "/p", "notebooks/churn.md"),
        ("/p/churn.md", "/p", "churn.md"),
        ("/p", "/p", "."),
        ("/p/a/../b/x.md", "/p", "b/x.md"),
        ("/elsewhere/x.md", "/p", "x.md"),
        ("/pq/x.md", "/p", "x.md"),
    ])
    func relative(path: String, root: String, expected: String) {
        #expect(RunOptions.path(path, relativeToRoot: root) == expected)
    }

    @Test func aLinkedDirectoryIsResolvedLikeTheRoot() throws {
        let directory = try TemporaryDirectory()
        let real = directory.url.appendingPathComponent("real")
        try FileManager.default.createDirectory(
            at: real.appendingPathComponent("nb"), withIntermediateDirectories: true)
        let link = directory.url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let root = real.resolvingSymlinksInPath().path
        #expect(RunOptions.path(link.path + "/nb/x.md", relativeToRoot: root) == "nb/x.md")
    }
}

extension OutputSetTests {
    @Test func aNameNearTheFileSystemLimitStillHasATemporaryName() throws {
        let directory = try TemporaryDirectory()
        let name = String(repeating: "n", count: 250) + ".html"
        let set = OutputSet(directory: directory.url.path)
        try set.stage("page", as: name)
        try set.commit()
        #expect(Self.read(directory, name) == "page")
        #expect(Self.listing(directory) == [name])
    }
}

extension OutputSetTests {
    @Test func aSymbolicLinkInTheFilesPlaceIsReplacedNotWrittenThrough() throws {
        let directory = try TemporaryDirectory()
        try directory.write("keep", to: "keep.txt")
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("nb.html").path, withDestinationPath: "keep.txt")
        try ReportWriter.write("page", to: directory.url.appendingPathComponent("nb.html").path)
        #expect(Self.read(directory, "keep.txt") == "keep")
        #expect(Self.read(directory, "nb.html") == "page")
        let type = try FileManager.default.attributesOfItem(
            atPath: directory.url.appendingPathComponent("nb.html").path)[.type]
        #expect(type as? FileAttributeType == .typeRegular)
    }
}

/// Inputs that reach an output set (a `-o` path, a journal left in the directory) give errors or
/// are refused, never a trap and never a rename outside the set.
extension OutputSetTests {
    @Test func stagingAPathTwiceOrANameOutsideTheDirectoryThrows() throws {
        let directory = try TemporaryDirectory()
        let twice = OutputSet(directory: directory.url.path)
        try twice.stage("a", as: "models/m.json")
        let error = try #require(throws: OutputError.self) { try twice.stage("b", as: "models/m.json") }
        #expect(error.code == EEXIST)
        #expect(Self.listing(directory) == ["models"], "the set was not discarded")
        for name in ["", "/", "/etc/x", "..", ".", "a/../b", "a//b", "x/"] {
            let set = OutputSet(directory: directory.url.path)
            let error = try #require(throws: OutputError.self, "\(name)") { try set.stage("a", as: name) }
            #expect(error.code == EISDIR, "\(name)")
        }
        #expect(Self.listing(directory) == ["models"])
    }

    @Test(arguments: ["", "/", "..", ".", "sub/", "a/.."])
    func reportWriterRefusesAPathThatIsNotAFile(_ path: String) throws {
        let directory = try TemporaryDirectory()
        let full = path.hasPrefix("/") || path.isEmpty ? path : directory.url.path + "/" + path
        let error = try #require(throws: OutputError.self) { try ReportWriter.write("{}", to: full) }
        #expect(error.code == (path.isEmpty ? ENOENT : EISDIR))
        #expect(Self.listing(directory) == [])
    }

    /// The reviewer's journal: a symlinked `models` and renames that are not staged names.
    @Test func recoveryRefusesAJournalThatIsNotACommitsAndRenamesNothing() throws {
        let directory = try TemporaryDirectory()
        let victim = try TemporaryDirectory()
        let dead = try Self.deadProcessID()
        try victim.write("secret", to: "secret.txt")
        try victim.write("staged?", to: ".m.json.\(dead).tmp")
        try directory.write("{}", to: "nb.json")
        try FileManager.default.createSymbolicLink(
            atPath: directory.url.appendingPathComponent("models").path, withDestinationPath: victim.url.path)
        let journals = [
            #"[["models/secret.txt","stolen.txt"],["nb.json","models/planted.txt"]]"#,
            // Well formed, but through the symbolic link.
            #"[["models/.m.json.\#(dead).tmp","models/m.json"]]"#,
            // A staged name of another process, a target outside the known folders, a hidden path.
            #"[[".nb.json.1.tmp","nb.json"]]"#, #"[["data/.x.\#(dead).tmp","data/x"]]"#,
            #"[[".\#(dead).tmp",""]]"#, #"{"a": 1}"#,
        ]
        for (index, journal) in journals.enumerated() {
            try directory.write(journal, to: ".quire-commit-\(index + 1).\(dead).journal")
        }
        let recovery = OutputSet.recover(in: directory.url.path, subdirectories: ["models"])
        #expect(recovery.completed.isEmpty)
        #expect(recovery.rejected == journals.indices.map { ".quire-commit-\($0 + 1).\(dead).journal" })
        #expect(Self.listing(directory) == ["models", "nb.json"])
        #expect(Self.listing(victim) == [".m.json.\(dead).tmp", "secret.txt"])
    }

    /// A later run staged before the killed run's journal and committed after it: its file keeps
    /// the staging time as mtime (older than the journal) but its ctime says it came later.
    @Test func recoveryKeepsALaterRunsFileWhoseModificationTimeIsOlder() throws {
        let directory = try Self.killedCommit(journalAge: 5)
        let later = try directory.write("later run's html", to: "nb.html")
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -10)], ofItemAtPath: later.path)
        let recovery = OutputSet.recover(in: directory.url.path)
        #expect(recovery.completed.isEmpty)
        #expect(Self.read(directory, "nb.html") == "later run's html")
        #expect(Self.listing(directory) == ["nb.html"])
    }
}
