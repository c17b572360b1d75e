import Foundation
import GRDB
import QuireHistory
import QuireSupport
import TestSupport
import Testing

/// The run store: what goes in comes back, per notebook and in order; old runs are collected;
/// a newer, corrupt or busy database is refused with a reason, never changed.
@Suite struct HistoryStoreTests {
    /// A run of `notebook` measuring `auc`, with a monitor row and two params.
    static func run(_ notebook: String = "notebooks/a.md", auc: Double?, seed: Int = 1) -> RunSnapshot {
        RunSnapshot(
            id: nil, notebook: notebook, title: "A <b>title</b>", startedAt: Date(timeIntervalSince1970: 1_700_000_000),
            endedAt: Date(timeIntervalSince1970: 1_700_000_002.5), status: "ok", ending: "succeeded",
            params: ["seed": String(seed), "plan": "\"basic\""], gitCommit: "abc123", gitDirty: true,
            engine: "quire-engine/0.1.0-r6", quireVersion: "0.1.0", host: "box", notebookDigest: "d1",
            files: ["data/x.csv": "f1"],
            steps: [
                .init(id: "load", op: "load", status: "ok", key: "k1", durationMs: 3),
                .init(id: "eval", op: "evaluate", status: "cached", key: nil, durationMs: nil),
            ],
            metrics: [
                .init(step: "eval", name: "accuracy", value: 0.5), .init(step: "eval", name: "roc_auc", value: auc),
            ],
            monitors: [
                .init(
                    step: "drift", subject: "x", test: "psi", value: 0.3, status: "alert", direction: "higher_is_worse")
            ],
            monitorStatus: "alert", reproducible: false, source: nil)
    }

    @Test func aRecordedRunComesBackAsItWent() throws {
        let directory = try TemporaryDirectory()
        let store = try HistoryStore(path: directory.url.appendingPathComponent("h/history.sqlite").path)
        let first = try store.record(Self.run(auc: 0.8))
        let second = try store.record(Self.run(auc: nil, seed: 2))
        #expect(second == first + 1)
        var expected = Self.run(auc: nil, seed: 2)
        expected.id = second
        #expect(try store.run(id: second) == expected)
        #expect(try store.run(id: 999) == nil)
        #expect(try store.count() == 2)
        #expect(try store.idRange() == first...second)
    }

    @Test func runsAreListedPerNotebookOldestFirstWithinTheLimit() throws {
        let directory = try TemporaryDirectory()
        let store = try HistoryStore(path: directory.url.appendingPathComponent("history.sqlite").path)
        for index in 0..<5 {
            try store.record(Self.run(auc: Double(index) / 10))
            try store.record(Self.run("notebooks/b.md", auc: 1))
        }
        let last3 = try store.runs(of: "notebooks/a.md", limit: 3)
        #expect(last3.map { $0.metric("roc_auc")?.value } == [0.2, 0.3, 0.4])
        #expect(last3.map(\.id) == [5, 7, 9])
        let before = try store.runs(of: "notebooks/a.md", limit: 2, before: 7)
        #expect(before.map(\.id) == [3, 5])
        #expect(try store.runs(of: "notebooks/none.md").isEmpty)
        #expect(try store.notebooks() == ["notebooks/a.md", "notebooks/b.md"])
        #expect(try store.count(notebook: "notebooks/b.md") == 5)
    }

    @Test func garbageCollectionKeepsTheLastRunsOfEachNotebook() throws {
        let directory = try TemporaryDirectory()
        let store = try HistoryStore(path: directory.url.appendingPathComponent("history.sqlite").path)
        for index in 0..<4 {
            try store.record(Self.run(auc: Double(index)))
            try store.record(Self.run("notebooks/b.md", auc: 1))
        }
        #expect(try store.collectGarbage(keep: 3, notebook: "notebooks/b.md") == 1)
        #expect(try store.collectGarbage(keep: 2) == 3)
        #expect(try store.runs(of: "notebooks/a.md").map(\.id) == [5, 7])
        #expect(try store.runs(of: "notebooks/b.md").map(\.id) == [6, 8])
        // The rows of the deleted runs go with them.
        let queue = try DatabaseQueue(path: store.path)
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM metric") } == 8)
    }

    @Test func aDatabaseFromANewerQuireIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("history.sqlite").path
        try HistoryStore(path: path).record(Self.run(auc: 0.8))
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-from-the-future')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: HistoryError.newerDatabase(path: path, unknown: ["v99-from-the-future"])) {
            try HistoryStore(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aFileThatIsNotSQLiteIsAnErrorWithSQLitesReason() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(String(repeating: "not a database\n", count: 400), to: "history.sqlite").path
        do {
            _ = try HistoryStore(path: path)
            Issue.record("a text file opened as a history")
        } catch {
            guard case .database(let where_, let reason) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(where_ == path)
            #expect(reason.contains("not a database"))
        }
        #expect(throws: HistoryError.self) {
            try HistoryStore(path: directory.url.appendingPathComponent("no").path, create: false)
        }
    }

    @Test func runsRecordedFromManyThreadsAtOnceAreAllKept() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("history.sqlite").path
        // Each writer opens its own connection, as separate `quire run` processes do.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let store = try HistoryStore(path: path)
                    for index in 0..<10 { try store.record(Self.run(auc: Double(writer * 10 + index))) }
                }
            }
            try await group.waitForAll()
        }
        let runs = try HistoryStore(path: path).runs(of: "notebooks/a.md")
        #expect(runs.count == 80)
        #expect(Set(runs.compactMap { $0.metric("roc_auc")?.value }).count == 80)
    }

    @Test func aWriterWaitsForAnotherProcesssLockAndThenGivesUpWithAReason() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("history.sqlite").path
        let store = try HistoryStore(path: path, busyTimeout: 0.2)
        let blocker = try DatabaseQueue(path: path)
        try blocker.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            #expect {
                try store.record(Self.run(auc: 1))
            } throws: { error in
                guard case .database(_, let reason) = error as? HistoryError else { return false }
                return reason.contains("locked")
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.record(Self.run(auc: 1)) == 1)
    }
}
