import Foundation
import QuireSupport
import Synchronization

/// The files of one run written all or nothing: a report's HTML, JSON summary, Prometheus file
/// and exported models, or a multi-notebook run's index.
///
/// Each file is *staged*: written with POSIX calls to a temporary file beside its target
/// (`reports/.nb.html.PID.tmp`) and flushed with `fsync`, so a full disk shows up here and not
/// later. A failed stage removes every temporary file of the set and throws, leaving the previous
/// files untouched. ``commit()`` then renames the temporary files into place, in the order they
/// were staged. A commit of several files first writes a journal (`.quire-commit-N.PID.journal`)
/// naming the renames, so a process killed between two renames can be completed by the next run
/// (``recover(in:)``), which also removes temporary files whose process is gone.
///
/// ```swift
/// let set = OutputSet(directory: "reports")
/// try set.stage(json, as: "nb.json")
/// try set.stage(html, as: "nb.html")
/// try set.commit()  // both, or neither
/// ```
///
/// Sets of different notebooks are independent transactions; write an index that links them
/// in a set of its own, last.
public final class OutputSet {
    /// The directory the set writes into, as given (created on the first stage if missing).
    public let directory: String

    private struct File {
        /// Relative to ``directory``.
        var name: String
        var temporaryName: String
    }

    private var staged: [File] = []
    private var finished = false

    /// Creates an empty set writing into `directory`; an empty path means the current directory.
    public init(directory: String) {
        self.directory = directory.isEmpty ? "." : directory
    }

    /// The names staged so far, relative to ``directory``.
    public var names: [String] { staged.map(\.name) }

    /// The path of `name` in the set, as the user named the directory (for messages).
    public func path(of name: String) -> String { Self.join(directory, name) }

    /// Writes `text` (as UTF-8) to a temporary file for `name`.
    ///
    /// - Parameters:
    ///   - name: the file's path relative to ``directory`` (`nb.html`, `models/churn.json`).
    /// - Throws: ``OutputError`` naming the file and the OS's reason; the whole set is then
    ///   discarded (every temporary file removed) and nothing of it becomes visible.
    public func stage(_ text: String, as name: String) throws(OutputError) {
        try stage(Array(text.utf8), as: name)
    }

    /// Writes `bytes` to a temporary file for `name`. See ``stage(_:as:)-(String,_)``.
    public func stage(_ bytes: [UInt8], as name: String) throws(OutputError) {
        precondition(!finished, "OutputSet: staged after commit or discard")
        let target = path(of: name)
        // A name from the input (ReportWriter's `-o`) that is not a file inside the directory, or a
        // file staged twice, is an error, never a trap: the set is discarded.
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        let problem: Int32? =
            name.isEmpty || name.hasPrefix("/") || components.contains { $0.isEmpty || $0 == "." || $0 == ".." }
            ? EISDIR : staged.contains { $0.name == name } ? EEXIST : nil
        if let problem {
            discard()
            throw OutputError(path: target, action: "write", code: problem)
        }
        let temporaryName = Self.temporaryName(for: name, processID: getpid())
        do throws(OutputError) {
            try Self.createDirectory(Self.parent(of: target))
            // A directory in the file's place would fail the rename in the middle of the commit.
            var info = stat()
            if lstat(target, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                throw OutputError(path: target, action: "write", code: EISDIR)
            }
            try Self.writeFile(bytes, to: path(of: temporaryName), reportedAs: target)
        } catch {
            discard()
            throw error
        }
        staged.append(File(name: name, temporaryName: temporaryName))
    }

    /// Renames every staged file into place.
    ///
    /// - Throws: ``OutputError`` when the journal cannot be written or the first rename fails
    ///   (nothing is then visible), or when a later rename fails (the remaining renames are still
    ///   tried, and the journal is kept for the next run's ``recover(in:)``).
    public func commit() throws(OutputError) {
        precondition(!finished, "OutputSet: committed twice")
        finished = true
        guard !staged.isEmpty else { return }
        var journal: String?
        if staged.count > 1 {
            let path = Self.join(directory, ".quire-commit-\(Self.nextSerial()).\(getpid()).journal")
            let pairs = JSONValue.array(staged.map { .array([.string($0.temporaryName), .string($0.name)]) })
            do throws(OutputError) {
                try Self.writeFile(Array(pairs.compactText.utf8), to: path, reportedAs: directory)
            } catch {
                removeTemporaryFiles()
                throw OutputError(path: error.path, action: "write the commit journal in", code: error.code)
            }
            journal = path
        }
        for (index, file) in staged.enumerated() {
            guard rename(path(of: file.temporaryName), path(of: file.name)) != 0 else { continue }
            let error = OutputError(path: path(of: file.name), action: "write", code: errno)
            if index == 0 {
                removeTemporaryFiles()
                if let journal { unlink(journal) }
            } else {
                for rest in staged[(index + 1)...] { rename(path(of: rest.temporaryName), path(of: rest.name)) }
            }
            throw error
        }
        // Make the renames durable before the journal goes (best effort: not every file system can).
        for folder in Set(staged.map { Self.parent(of: path(of: $0.name)) }) {
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if descriptor >= 0 {
                _ = fsync(descriptor)
                close(descriptor)
            }
        }
        if let journal { unlink(journal) }
    }

    /// Removes every staged file; nothing of the set becomes visible. Called on deinit if the
    /// set was neither committed nor discarded.
    public func discard() {
        guard !finished else { return }
        finished = true
        removeTemporaryFiles()
    }

    deinit { discard() }

    /// The temporary file `name` is staged in by process `processID`: `.NAME.PID.tmp` beside it,
    /// the name shortened so one near the file system's limit (255 bytes) still has a temporary name.
    static func temporaryName(for name: String, processID: Int32) -> String {
        let base = lastComponent(name)
        let short = base.utf8.count > 200 ? String(decoding: base.utf8.prefix(200), as: UTF8.self) : base
        return join(parent(of: name), ".\(short).\(processID).tmp")
    }

    private func removeTemporaryFiles() {
        for file in staged { unlink(path(of: file.temporaryName)) }
        staged.removeAll()
    }

    // MARK: Recovery

    /// What ``recover(in:)`` found left by killed runs.
    public struct Recovery: Sendable, Equatable {
        /// Files whose interrupted commit was completed, relative to the directory.
        public var completed: [String] = []
        /// Temporary files and journals removed, relative to the directory.
        public var removed: [String] = []
        /// Journals removed without renaming anything because they name a rename no commit makes
        /// (a crafted or corrupt journal, or a symbolic link in a path), relative to the directory.
        public var rejected: [String] = []

        /// Whether recovery found nothing to complete, remove or reject.
        public var isEmpty: Bool { completed.isEmpty && removed.isEmpty && rejected.isEmpty }
    }

    /// Cleans up after runs that were killed while writing into `directory`: completes every
    /// commit whose journal outlived its process (unless a later run has replaced a file since),
    /// then removes the temporary files and journals of processes that no longer exist, in
    /// `directory` and the `subdirectories` sets write into (only those: a user's own files
    /// elsewhere are never looked at). Call it before staging anything in this
    /// process: a temporary file bearing this process's id is taken for an orphan of an earlier
    /// process that had the same id.
    @discardableResult
    public static func recover(in directory: String, subdirectories: [String] = []) -> Recovery {
        let directory = directory.isEmpty ? "." : directory
        var recovery = Recovery()
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory) else { return recovery }
        for name in names.sorted() where name.hasPrefix(".quire-commit-") && name.hasSuffix(".journal") {
            guard let pid = processID(in: name, suffix: ".journal"), !isAlive(pid) else { continue }
            let journal = join(directory, name)
            if let completed = completeJournal(journal, processID: pid, in: directory, subdirectories: subdirectories) {
                recovery.completed += completed
            } else {
                recovery.rejected.append(name)
            }
            unlink(journal)
        }
        var folders = [""]
        for name in subdirectories where isInside(name) {
            var info = stat()
            if lstat(join(directory, name), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { folders.append(name) }
        }
        for folder in folders {
            let path = folder.isEmpty ? directory : join(directory, folder)
            guard let entries = try? fileManager.contentsOfDirectory(atPath: path) else { continue }
            for name in entries.sorted() where name.hasPrefix(".") {
                let pid: Int32?
                if name.hasSuffix(".tmp") {
                    pid = processID(in: name, suffix: ".tmp")
                } else if folder.isEmpty && name.hasPrefix(".quire-commit-") {
                    pid = processID(in: name, suffix: ".journal")
                } else {
                    pid = nil
                }
                guard let pid, !isAlive(pid) else { continue }
                if unlink(join(path, name)) == 0 { recovery.removed.append(join(folder.isEmpty ? "." : folder, name)) }
            }
        }
        return recovery
    }

    /// Completes the commit `journal` (written by process `processID`) names, returning the
    /// targets renamed, or nil, renaming nothing, if the journal is not one a commit writes: each
    /// rename must move `.NAME.PID.tmp` to `NAME` in the same folder, that folder being the directory
    /// or one of `subdirectories`, with no symbolic link on the way (every file operation is
    /// relative to a descriptor of a folder opened with `O_NOFOLLOW`). A target changed (renamed,
    /// so its ctime updated) after the journal was written belongs to a later run and is kept.
    private static func completeJournal(
        _ journal: String, processID pid: Int32, in directory: String, subdirectories: [String]
    ) -> [String]? {
        var journalInfo = stat()
        guard lstat(journal, &journalInfo) == 0, (journalInfo.st_mode & S_IFMT) == S_IFREG,
            journalInfo.st_size < 1 << 20,
            let data = FileManager.default.contents(atPath: journal),
            let pairs = try? JSONCoding.decode([[String]].self, from: data)
        else { return nil }
        var renames: [(folder: String, temporary: String, target: String, shown: String)] = []
        for pair in pairs {
            guard pair.count == 2 else { return nil }
            let parts = pair[1].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 1 || (parts.count == 2 && subdirectories.contains(parts[0])),
                let base = parts.last, !base.isEmpty, base != ".", base != "..", !base.contains("\0"),
                pair[0] == temporaryName(for: pair[1], processID: pid)
            else { return nil }
            renames.append((parts.count == 2 ? parts[0] : "", lastComponent(pair[0]), base, pair[1]))
        }
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        var folders: [String: Int32] = ["": root]
        defer { for descriptor in folders.values where descriptor >= 0 { close(descriptor) } }
        for folder in Set(renames.map(\.folder)) where !folder.isEmpty {
            let descriptor = openat(root, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            // A missing folder holds no temporary file; a symbolic link (or a file) rejects the journal.
            guard descriptor >= 0 || errno == ENOENT else { return nil }
            folders[folder] = descriptor
        }
        var completed: [String] = []
        for rename in renames {
            guard let folder = folders[rename.folder], folder >= 0 else { continue }
            var info = stat()
            guard fstatat(folder, rename.temporary, &info, AT_SYMLINK_NOFOLLOW) == 0,
                (info.st_mode & S_IFMT) == S_IFREG
            else { continue }
            if fstatat(folder, rename.target, &info, AT_SYMLINK_NOFOLLOW) == 0 {
                // A rename keeps the staged file's mtime but sets its ctime: a target whose ctime is
                // later than the journal was put there by a later run.
                if (info.st_mode & S_IFMT) == S_IFDIR || isLater(info.st_ctim, than: journalInfo.st_mtim) { continue }
            }
            if renameat(folder, rename.temporary, folder, rename.target) == 0 { completed.append(rename.shown) }
        }
        return completed
    }

    /// The process id in `.NAME.PID.tmp` or `.quire-commit-N.PID.journal`.
    private static func processID(in name: String, suffix: String) -> Int32? {
        guard name.hasSuffix(suffix) else { return nil }
        let stem = name.dropLast(suffix.count)
        guard let dot = stem.lastIndex(of: "."), let pid = Int32(stem[stem.index(after: dot)...]), pid > 0 else {
            return nil
        }
        return pid
    }

    /// Whether a process with this id runs (one of another user's counts). This process's own id
    /// counts as gone: see ``recover(in:)``.
    private static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    private static func isLater(_ a: timespec, than b: timespec) -> Bool {
        a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec
    }

    private static func isInside(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("/") && !name.split(separator: "/").contains("..")
    }

    // MARK: POSIX helpers

    private static let serial = Atomic<Int>(0)

    private static func nextSerial() -> Int {
        serial.add(1, ordering: .relaxed).newValue
    }

    /// Writes `bytes` to `path` (replacing it, never following a symbolic link) and flushes them
    /// to the disk; on failure removes what was written.
    static func writeFile(_ bytes: [UInt8], to path: String, reportedAs shown: String) throws(OutputError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw OutputError(path: shown, action: "write", code: errno) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            guard let base = buffer.baseAddress else { return }
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        // A file system that cannot fsync (EINVAL) has nothing more to flush.
        if failure == 0 && fsync(descriptor) != 0 && errno != EINVAL { failure = errno }
        if close(descriptor) != 0 && failure == 0 && errno != EINTR { failure = errno }
        if failure != 0 {
            unlink(path)
            throw OutputError(path: shown, action: "write", code: failure)
        }
    }

    /// `mkdir -p`, naming the first component that is not a directory or cannot be created.
    static func createDirectory(_ path: String) throws(OutputError) {
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw OutputError(path: path, action: "write into", code: ENOTDIR)
        }
        let parent = parent(of: path)
        if parent != path { try createDirectory(parent) }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw OutputError(path: path, action: "create the directory", code: errno)
        }
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty || directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of `path` (`.` for a bare name, `/` for a file at the root).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
