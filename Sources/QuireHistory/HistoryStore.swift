import Foundation
import GRDB

/// The run history: every run of every notebook of a project, in SQLite
/// (`.quire/history.sqlite`, WAL mode, so runs record while others read), through GRDB.
///
/// The schema is made by versioned migrations; a database with migrations this Quire does not
/// know was written by a newer one and is refused, not changed. Several processes may record at
/// once: each run is one short write transaction, and a writer waits up to ``busyTimeout`` for
/// another's.
public final class HistoryStore: Sendable {
    /// The file, as given.
    public let path: String
    private let queue: DatabaseQueue

    /// How long a write waits for another process's, unless told otherwise.
    public static let busyTimeout: TimeInterval = 5

    /// The history of the project at `projectRoot`: `.quire/history.sqlite` in it.
    public static func path(inProject projectRoot: String) -> String {
        URL(fileURLWithPath: projectRoot).appendingPathComponent(".quire/history.sqlite").path
    }

    /// Opens the database at `path`, creating it (and its directory) when `create` is set, and
    /// migrates it to this Quire's schema.
    ///
    /// - Throws: ``HistoryError/database(path:reason:)`` when it cannot be opened (locked past the
    ///   timeout, not SQLite, corrupt, or missing and not to be created);
    ///   ``HistoryError/newerDatabase(path:unknown:)`` when a newer Quire wrote it.
    public init(path: String, create: Bool = true, busyTimeout: TimeInterval = busyTimeout) throws(HistoryError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw .database(path: path, reason: "no such file") }
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw .database(path: path, reason: error.localizedDescription)
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "quire-history"
        // A commit is not flushed to the disk on its own (WAL with synchronous=NORMAL): a power
        // cut may lose the last runs recorded, never the file; a run does not wait for the disk.
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = NORMAL") }
        let migrator = Self.migrator
        do {
            // One connection: a command records one run at a time. Other processes share the file
            // through SQLite's locks; WAL lets them read while one writes.
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // A newer Quire's database is only read, and left exactly as it is.
            let (unknown, mode) = try Self.retryingWhileBusy {
                try queue.read { db in
                    let known = Set(migrator.migrations)
                    let unknown = try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
                    return (unknown, try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "")
                }
            }
            if !unknown.isEmpty { throw HistoryError.newerDatabase(path: path, unknown: unknown) }
            if mode.lowercased() != "wal" {
                try Self.retryingWhileBusy {
                    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
                }
            }
            try Self.migrate(queue, with: migrator)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw .database(path: path, reason: Self.reason(error))
        }
    }

    /// Migrates the database, trying again while another process migrates the same new file:
    /// both may find a migration to do, and the second to write then fails (its snapshot is
    /// stale, or the table exists); once the first has committed there is nothing left to do.
    private static func migrate(_ queue: DatabaseQueue, with migrator: DatabaseMigrator) throws {
        try retryingWhileBusy { try migrator.migrate(queue) }
    }

    /// `work`, tried again while SQLite refuses it: when several processes open one new file at
    /// once, switching it to WAL and migrating it can fail at once (no busy wait) until the first
    /// has finished.
    private static func retryingWhileBusy<T>(_ work: () throws -> T) throws -> T {
        var attempts = 0
        while true {
            do {
                return try work()
            } catch is DatabaseError where attempts < 20 {
                attempts += 1
                usleep(useconds_t(10_000 * attempts))
            }
        }
    }

    /// The schema, one migration per version; a migration, once released, never changes.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      notebook TEXT NOT NULL,
                      title TEXT NOT NULL,
                      started_at REAL NOT NULL,
                      ended_at REAL NOT NULL,
                      status TEXT NOT NULL,
                      ending TEXT NOT NULL,
                      git_commit TEXT,
                      git_dirty INTEGER,
                      engine TEXT NOT NULL,
                      quire_version TEXT NOT NULL,
                      host TEXT,
                      notebook_digest TEXT NOT NULL,
                      monitor_status TEXT,
                      reproducible INTEGER NOT NULL
                    );
                    CREATE INDEX run_by_notebook ON run(notebook, id);
                    CREATE TABLE param (
                      run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      value TEXT NOT NULL,
                      PRIMARY KEY (run_id, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE file (
                      run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                      path TEXT NOT NULL,
                      digest TEXT NOT NULL,
                      PRIMARY KEY (run_id, path)
                    ) WITHOUT ROWID;
                    CREATE TABLE step (
                      run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                      position INTEGER NOT NULL,
                      id TEXT NOT NULL,
                      op TEXT NOT NULL,
                      status TEXT NOT NULL,
                      cache_key TEXT,
                      duration_ms REAL,
                      PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE metric (
                      run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                      position INTEGER NOT NULL,
                      step TEXT NOT NULL,
                      name TEXT NOT NULL,
                      value REAL,
                      PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE monitor (
                      run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                      position INTEGER NOT NULL,
                      step TEXT NOT NULL,
                      subject TEXT NOT NULL,
                      test TEXT NOT NULL,
                      value REAL,
                      status TEXT NOT NULL,
                      direction TEXT,
                      PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }

    /// Records `run` (its `id` is ignored) and returns its id.
    @discardableResult
    public func record(_ run: RunSnapshot) throws(HistoryError) -> Int64 {
        try access {
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (notebook, title, started_at, ended_at, status, ending, git_commit, git_dirty,
                          engine, quire_version, host, notebook_digest, monitor_status, reproducible)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        run.notebook, run.title, (run.startedAt ?? Date()).timeIntervalSince1970,
                        (run.endedAt ?? run.startedAt ?? Date()).timeIntervalSince1970, run.status, run.ending,
                        run.gitCommit, run.gitDirty, run.engine, run.quireVersion, run.host, run.notebookDigest,
                        run.monitorStatus, run.reproducible,
                    ])
                let id = db.lastInsertedRowID
                let param = try db.makeStatement(sql: "INSERT INTO param VALUES (?, ?, ?)")
                for (name, value) in run.params.sorted(by: { $0.key < $1.key }) {
                    try param.execute(arguments: [id, name, value])
                }
                let file = try db.makeStatement(sql: "INSERT INTO file VALUES (?, ?, ?)")
                for (path, digest) in run.files.sorted(by: { $0.key < $1.key }) {
                    try file.execute(arguments: [id, path, digest])
                }
                let step = try db.makeStatement(sql: "INSERT INTO step VALUES (?, ?, ?, ?, ?, ?, ?)")
                for (position, s) in run.steps.enumerated() {
                    try step.execute(arguments: [id, position, s.id, s.op, s.status, s.key, s.durationMs])
                }
                let metric = try db.makeStatement(sql: "INSERT INTO metric VALUES (?, ?, ?, ?, ?)")
                for (position, m) in run.metrics.enumerated() {
                    try metric.execute(arguments: [id, position, m.step, m.name, m.value])
                }
                let monitor = try db.makeStatement(sql: "INSERT INTO monitor VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for (position, m) in run.monitors.enumerated() {
                    try monitor.execute(
                        arguments: [id, position, m.step, m.subject, m.test, m.value, m.status, m.direction])
                }
                return id
            }
        }
    }

    /// The notebooks with runs, by path.
    public func notebooks() throws(HistoryError) -> [String] {
        try access {
            try queue.read { try String.fetchAll($0, sql: "SELECT DISTINCT notebook FROM run ORDER BY notebook") }
        }
    }

    /// How many runs of `notebook` (of every notebook when nil) are recorded.
    public func count(notebook: String? = nil) throws(HistoryError) -> Int {
        try access {
            try queue.read { db in
                if let notebook {
                    return try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM run WHERE notebook = ?", arguments: [notebook])
                        ?? 0
                }
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0
            }
        }
    }

    /// What of a run to read besides its own columns.
    public struct Parts: OptionSet, Sendable {
        /// The option bits.
        public let rawValue: Int
        /// Parts from bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Parameter values.
        public static let params = Parts(rawValue: 1)
        /// Data file digests.
        public static let files = Parts(rawValue: 2)
        /// Steps.
        public static let steps = Parts(rawValue: 4)
        /// Metrics.
        public static let metrics = Parts(rawValue: 8)
        /// Monitor rows.
        public static let monitors = Parts(rawValue: 16)
        /// Everything.
        public static let all: Parts = [.params, .files, .steps, .metrics, .monitors]
    }

    /// The last `limit` runs of `notebook` (every run when `limit` is nil), oldest first, with
    /// `parts`; with `before`, only runs recorded before that id.
    public func runs(
        of notebook: String, limit: Int? = nil, before: Int64? = nil, parts: Parts = .all
    ) throws(HistoryError) -> [RunSnapshot] {
        try access {
            try queue.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM run WHERE notebook = ? AND id < ? ORDER BY id DESC LIMIT ?
                        """,
                    arguments: [notebook, before ?? Int64.max, limit ?? -1])
                return try Self.records(rows.reversed(), parts: parts, in: db)
            }
        }
    }

    /// The run with id `id`, or nil.
    public func run(id: Int64) throws(HistoryError) -> RunSnapshot? {
        try access {
            try queue.read { db in
                try Self.records(Row.fetchAll(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]), in: db).first
            }
        }
    }

    /// The lowest and highest run ids, or nil when there is no run.
    public func idRange() throws(HistoryError) -> ClosedRange<Int64>? {
        try access {
            try queue.read { db -> ClosedRange<Int64>? in
                guard let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM run"),
                    let low = row[0] as Int64?, let high = row[1] as Int64?
                else { return nil }
                return low...high
            }
        }
    }

    /// Deletes all but the last `keep` runs of each notebook (of `notebook` only, when given) and
    /// returns how many runs were deleted.
    @discardableResult
    public func collectGarbage(keep: Int, notebook: String? = nil) throws(HistoryError) -> Int {
        try access {
            try queue.write { db in
                try db.execute(
                    sql: """
                        DELETE FROM run WHERE id IN (
                          SELECT id FROM (
                            SELECT id, notebook, row_number() OVER (PARTITION BY notebook ORDER BY id DESC) AS age
                            FROM run
                          ) WHERE age > ? AND (? IS NULL OR notebook = ?)
                        )
                        """,
                    arguments: [keep, notebook, notebook])
                return db.changesCount
            }
        }
    }

    /// Every run, each with its params, metrics and monitor rows, oldest first (of `notebook`
    /// only, when given): what `quire history export` writes.
    public func allRuns(notebook: String? = nil) throws(HistoryError) -> [RunSnapshot] {
        try access {
            try queue.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM run WHERE (? IS NULL OR notebook = ?) ORDER BY id",
                    arguments: [notebook, notebook])
                return try Self.records(rows, in: db)
            }
        }
    }

    /// The runs of `rows`, with their parameters, files, steps, metrics and monitor rows.
    ///
    /// Columns are read by position, in the order each `SELECT` names them.
    private static func records(_ rows: [Row], parts: Parts = .all, in db: Database) throws -> [RunSnapshot] {
        guard !rows.isEmpty else { return [] }
        var records: [RunSnapshot] = []
        records.reserveCapacity(rows.count)
        var index: [Int64: Int] = [:]
        for row in rows {
            let id: Int64 = row["id"]
            index[id] = records.count
            records.append(
                RunSnapshot(
                    id: id, notebook: row["notebook"], title: row["title"],
                    startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    endedAt: Date(timeIntervalSince1970: row["ended_at"]), status: row["status"],
                    ending: row["ending"], params: [:], gitCommit: row["git_commit"], gitDirty: row["git_dirty"],
                    engine: row["engine"], quireVersion: row["quire_version"], host: row["host"],
                    notebookDigest: row["notebook_digest"], files: [:], steps: [], metrics: [], monitors: [],
                    monitorStatus: row["monitor_status"], reproducible: row["reproducible"], source: nil))
        }
        // One query per table for every run at once, in chunks (SQLite allows 32,766 parameters).
        let ids = records.compactMap(\.id)
        for start in stride(from: 0, to: ids.count, by: 10_000) {
            let list = ids[start..<min(start + 10_000, ids.count)].map(String.init).joined(separator: ",")
            func each(_ sql: String, if part: Parts, _ body: (Int, Row) -> Void) throws {
                guard parts.contains(part) else { return }
                let cursor = try Row.fetchCursor(db, sql: sql.replacingOccurrences(of: "LIST", with: list))
                while let row = try cursor.next() {
                    if let at = index[row[0]] { body(at, row) }
                }
            }
            try each("SELECT run_id, name, value FROM param WHERE run_id IN (LIST)", if: .params) {
                records[$0].params[$1[1]] = $1[2]
            }
            try each("SELECT run_id, path, digest FROM file WHERE run_id IN (LIST)", if: .files) {
                records[$0].files[$1[1]] = $1[2]
            }
            try each(
                "SELECT run_id, id, op, status, cache_key, duration_ms FROM step WHERE run_id IN (LIST) ORDER BY run_id, position",
                if: .steps
            ) {
                records[$0].steps.append(.init(id: $1[1], op: $1[2], status: $1[3], key: $1[4], durationMs: $1[5]))
            }
            try each(
                "SELECT run_id, step, name, value FROM metric WHERE run_id IN (LIST) ORDER BY run_id, position",
                if: .metrics
            ) {
                records[$0].metrics.append(.init(step: $1[1], name: $1[2], value: $1[3]))
            }
            try each(
                "SELECT run_id, step, subject, test, value, status, direction FROM monitor WHERE run_id IN (LIST) ORDER BY run_id, position",
                if: .monitors
            ) {
                records[$0].monitors.append(
                    .init(step: $1[1], subject: $1[2], test: $1[3], value: $1[4], status: $1[5], direction: $1[6]))
            }
        }
        return records
    }

    /// Runs `body`, turning what SQLite throws into ``HistoryError``.
    private func access<T>(_ body: () throws -> T) throws(HistoryError) -> T {
        do {
            return try body()
        } catch {
            throw .database(path: path, reason: Self.reason(error))
        }
    }

    /// SQLite's reason, in its words (`database is locked`, `file is not a database`).
    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
