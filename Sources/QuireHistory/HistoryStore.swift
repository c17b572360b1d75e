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
    private let pool: DatabasePool

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
        let migrator = Self.migrator
        do {
            // A newer Quire's database is looked at read-only, and left exactly as it is.
            if FileManager.default.fileExists(atPath: path) {
                var readOnly = configuration
                readOnly.readonly = true
                let unknown = try DatabaseQueue(path: path, configuration: readOnly).read { db -> [String] in
                    let known = Set(migrator.migrations)
                    return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
                }
                if !unknown.isEmpty { throw HistoryError.newerDatabase(path: path, unknown: unknown) }
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            try migrator.migrate(pool)
        } catch let error as HistoryError {
            throw error
        } catch {
            throw .database(path: path, reason: Self.reason(error))
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
            try pool.write { db in
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
            try pool.read { try String.fetchAll($0, sql: "SELECT DISTINCT notebook FROM run ORDER BY notebook") }
        }
    }

    /// How many runs of `notebook` (of every notebook when nil) are recorded.
    public func count(notebook: String? = nil) throws(HistoryError) -> Int {
        try access {
            try pool.read { db in
                if let notebook {
                    return try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM run WHERE notebook = ?", arguments: [notebook])
                        ?? 0
                }
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0
            }
        }
    }

    /// The last `limit` runs of `notebook` (every run when `limit` is nil), oldest first; with
    /// `before`, only runs recorded before that id.
    public func runs(of notebook: String, limit: Int? = nil, before: Int64? = nil) throws(HistoryError) -> [RunSnapshot]
    {
        try access {
            try pool.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM run WHERE notebook = ? AND id < ? ORDER BY id DESC LIMIT ?
                        """,
                    arguments: [notebook, before ?? Int64.max, limit ?? -1])
                return try Self.records(rows.reversed(), in: db)
            }
        }
    }

    /// The run with id `id`, or nil.
    public func run(id: Int64) throws(HistoryError) -> RunSnapshot? {
        try access {
            try pool.read { db in
                try Self.records(Row.fetchAll(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]), in: db).first
            }
        }
    }

    /// The lowest and highest run ids, or nil when there is no run.
    public func idRange() throws(HistoryError) -> ClosedRange<Int64>? {
        try access {
            try pool.read { db -> ClosedRange<Int64>? in
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
            try pool.write { db in
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
            try pool.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM run WHERE (? IS NULL OR notebook = ?) ORDER BY id",
                    arguments: [notebook, notebook])
                return try Self.records(rows, in: db)
            }
        }
    }

    /// The runs of `rows`, with their parameters, files, steps, metrics and monitor rows.
    private static func records(_ rows: [Row], in db: Database) throws -> [RunSnapshot] {
        guard !rows.isEmpty else { return [] }
        var records: [Int64: RunSnapshot] = [:]
        var order: [Int64] = []
        for row in rows {
            let id: Int64 = row["id"]
            order.append(id)
            records[id] = RunSnapshot(
                id: id, notebook: row["notebook"], title: row["title"],
                startedAt: Date(timeIntervalSince1970: row["started_at"]),
                endedAt: Date(timeIntervalSince1970: row["ended_at"]), status: row["status"], ending: row["ending"],
                params: [:], gitCommit: row["git_commit"], gitDirty: row["git_dirty"], engine: row["engine"],
                quireVersion: row["quire_version"], host: row["host"], notebookDigest: row["notebook_digest"],
                files: [:], steps: [], metrics: [], monitors: [], monitorStatus: row["monitor_status"],
                reproducible: row["reproducible"], source: nil)
        }
        // One query per table, for every run at once (SQLite allows 32,766 parameters).
        for chunk in stride(from: 0, to: order.count, by: 10_000).map({
            Array(order[$0..<min($0 + 10_000, order.count)])
        }) {
            let list = chunk.map(String.init).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT * FROM param WHERE run_id IN (\(list))") {
                records[row["run_id"]]?.params[row["name"]] = row["value"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM file WHERE run_id IN (\(list))") {
                records[row["run_id"]]?.files[row["path"]] = row["digest"]
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM step WHERE run_id IN (\(list)) ORDER BY run_id, position")
            {
                records[row["run_id"]]?.steps.append(
                    .init(
                        id: row["id"], op: row["op"], status: row["status"], key: row["cache_key"],
                        durationMs: row["duration_ms"]))
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM metric WHERE run_id IN (\(list)) ORDER BY run_id, position")
            {
                records[row["run_id"]]?.metrics.append(.init(step: row["step"], name: row["name"], value: row["value"]))
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM monitor WHERE run_id IN (\(list)) ORDER BY run_id, position")
            {
                records[row["run_id"]]?.monitors.append(
                    .init(
                        step: row["step"], subject: row["subject"], test: row["test"], value: row["value"],
                        status: row["status"], direction: row["direction"]))
            }
        }
        return order.compactMap { records[$0] }
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
