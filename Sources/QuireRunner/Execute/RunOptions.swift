import Foundation

/// How to run a plan.
public struct RunOptions: Sendable {
    /// Steps run at once (default: the machine's cores). Results do not depend on it.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// The cache (nil: `--no-cache`, nothing read or written).
    public var cache: CacheStore?
    /// Where the digests of the files steps read are memoised when there is no ``cache`` (with
    /// one, its own `files.json`): `.quire/files.json` in the project root for `--no-cache`.
    public var fileDigestMemo: URL?
    /// Steps to run even when cached (the CLI adds their dependents).
    public var force: Set<String> = []
    /// `--only`: the one step that may run. Every other step of the plan is read from the cache
    /// (a volatile one too: its own task measured it) and fails as `not-cached` when it is not
    /// there; the plan should hold only this step and the steps it depends on.
    public var only: String?
    /// Where the notebook is: relative paths start here.
    public var baseDirectory: String
    /// Files outside this directory are refused unless ``allowOutsideRoot``.
    public var projectRoot: String
    /// Let steps read files outside ``projectRoot`` (`--allow-outside-root`).
    public var allowOutsideRoot = false
    /// Threads one step may use (the CSV reader's, for instance), within ``threadLimit``.
    public var threadsPerStep: Int = ProcessInfo.processInfo.activeProcessorCount
    /// The value kinds outputs may have: how cached values are decoded, and (through ``RunResult``)
    /// how the report and summaries show them.
    public var valueKinds: ValueKinds = .standard
    /// Threads that compute at once, steps and their kernels together (default: the machine's
    /// cores). Each running step has its own thread; kernels borrow more only while fewer than
    /// this many compute, so at most `max(jobs, threadLimit)` threads ever compute at once.
    public var threadLimit: Int = ProcessInfo.processInfo.activeProcessorCount

    /// At most `count` threads compute at once (`--threads`), one step's kernels included: for a
    /// process that shares its machine, as a task of a distributed run does.
    public mutating func limitThreads(to count: Int) {
        threadLimit = max(1, count)
        threadsPerStep = max(1, count)
    }

    /// Options for a notebook in `baseDirectory` under the project root `projectRoot`; the rest take their defaults.
    public init(baseDirectory: String, projectRoot: String) {
        self.baseDirectory = baseDirectory
        self.projectRoot = projectRoot
    }

    /// The project root of a notebook: the nearest directory above it holding `.git`, `.quire`
    /// or `quire.yaml`, else the notebook's own directory.
    public static func projectRoot(forNotebookIn directory: String) -> String {
        var url = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        let start = url
        while true {
            for marker in [".git", ".quire", "quire.yaml"]
            where FileManager.default.fileExists(atPath: url.appendingPathComponent(marker).path) {
                return url.path
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return start.path }
            url = parent
        }
    }
}
