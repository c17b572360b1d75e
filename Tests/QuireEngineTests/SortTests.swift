import Foundation
import QuireEngine
import Testing

/// `Frame.sorted(by:nullsFirst:)` against pandas' `sort_values(kind="stable")`
/// (scripts/prepare_fixtures.py): several keys, both directions, missing values first or last,
/// text by code point, ties kept in order.
@Suite struct SortTests {
    struct Case: Sendable, CustomStringConvertible {
        var by: [String]
        var ascending: [Bool]
        var nullsFirst: Bool
        var order: [Int]
        var description: String { "\(by) \(ascending) nulls \(nullsFirst ? "first" : "last")" }
    }

    static let fixture: (frame: Frame, cases: [Case])? = {
        let url = FixtureFiles.root.appendingPathComponent("prepare/sort.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let columns = object["columns"] as? [String: [Any]], let cases = object["cases"] as? [[String: Any]]
        else { return nil }
        let numbers = ["id", "grade", "score"].map { name in
            Column(name: name, numbers: (columns[name] ?? []).map(FixtureFiles.double))
        }
        let words = Column(name: "word", strings: (columns["word"] ?? []).map { $0 as? String })
        guard let frame = try? Frame(columns: numbers + [words]) else { return nil }
        return (
            frame,
            cases.map {
                Case(
                    by: $0["by"] as? [String] ?? [], ascending: $0["ascending"] as? [Bool] ?? [],
                    nullsFirst: $0["nulls"] as? String == "first", order: $0["order"] as? [Int] ?? [])
            }
        )
    }()

    @Test(arguments: fixture?.cases ?? [])
    func agreesWithPandas(_ oracle: Case) throws {
        let frame = try #require(Self.fixture?.frame)
        let keys = zip(oracle.by, oracle.ascending).map { SortKey($0, ascending: $1) }
        let sorted = try frame.sorted(by: keys, nullsFirst: oracle.nullsFirst)
        guard case .numeric(let ids) = try sorted.column(named: "id").values else {
            Issue.record("id is not numeric")
            return
        }
        #expect(ids.map { Int($0) } == oracle.order)
        #expect(sorted.rowCount == frame.rowCount)
    }

    @Test func fixtureIsThere() {
        #expect((Self.fixture?.cases.count ?? 0) >= 7)
    }

    @Test func unknownColumnNamesTheClosest() throws {
        let frame = try Frame(columns: [Column(name: "tenure", numbers: [2, 1])])
        #expect {
            try frame.sorted(by: [SortKey("tenur")])
        } throws: { error in
            guard let error = error as? FrameError else { return false }
            return error.code == .unknownColumn && (error.hint ?? "").contains("tenure")
        }
    }

    @Test func emptyAndSingleRowFramesAndNoKeys() throws {
        let one = try Frame(columns: [Column(name: "x", numbers: [3])])
        #expect(try one.sorted(by: [SortKey("x", ascending: false)]) == one)
        let rows = try Frame(columns: [Column(name: "x", numbers: [3, 1, 2])])
        #expect(try rows.sorted(by: []) == rows)
    }
}
