import Foundation
import QuireEngine
import Testing

/// `Frame.aggregated(by:_:keepMissingKeys:threads:)` against pandas' `groupby(by, sort=True,
/// dropna=…)` and its grouped kernels (scripts/prepare_fixtures_aggregate.py): every aggregation,
/// number and text keys, missing keys dropped or kept, several keys, one-row and all-missing groups,
/// empty frames, the whole frame as one group, and the churn rate by contract of churn.csv.
@Suite struct AggregateTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var frame: String
        var by: [String]
        var dropna: Bool
        var aggregations: [Aggregation]
        /// Aggregations pandas computed with numpy's `reduceat` (rows already in group order, no
        /// NaN): its sums are pairwise, not Kahan-compensated, so only the last bits may differ.
        var inexact: Set<String>
        /// Per column: numbers as text (`repr`), text as itself, missing as nil.
        var expected: [String: [String?]]
        var description: String { name }
    }

    struct Fixture: Sendable {
        var frame: Frame
        var cases: [Case]
        var churn: Case
    }

    static let fixture: Fixture? = {
        let url = FixtureFiles.root.appendingPathComponent("prepare/aggregate.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let columns = object["frame"] as? [String: [Any]], let cases = object["cases"] as? [[String: Any]],
            let churn = object["churn"] as? [String: Any]
        else { return nil }
        let text = ["plan", "region", "word"]
        let numbers = ["grade", "x", "big", "flag", "sparse"]
        let built =
            text.map { name in Column(name: name, strings: (columns[name] ?? []).map { $0 as? String }) }
            + numbers.map { name in Column(name: name, numbers: (columns[name] ?? []).map(FixtureFiles.double)) }
        guard let frame = try? Frame(columns: built) else { return nil }
        return Fixture(frame: frame, cases: cases.map(Self.decode), churn: decode(churn))
    }()

    static func decode(_ object: [String: Any]) -> Case {
        let specs = object["aggregations"] as? [[String: Any]] ?? []
        return Case(
            name: object["name"] as? String ?? "churn", frame: object["frame"] as? String ?? "churn",
            by: object["by"] as? [String] ?? [], dropna: object["dropna"] as? Bool ?? true,
            aggregations: specs.compactMap { spec in
                guard let name = spec["name"] as? String, let column = spec["column"] as? String,
                    let function = (spec["function"] as? String).flatMap(Aggregation.Function.init(rawValue:))
                else { return nil }
                return Aggregation(name, function, of: column, quantile: (spec["q"] as? Double) ?? 0.5)
            },
            inexact: Set(specs.filter { ($0["exact"] as? Bool) == false }.compactMap { $0["name"] as? String }),
            expected: (object["expected"] as? [String: [Any]] ?? [:]).mapValues { $0.map { $0 as? String } })
    }

    /// Equal as pandas gives it: the same bits (NaN equal to NaN), or within a few ulps where
    /// pandas summed with numpy. A median or quantile of a group holding `-0` and `0` may be the
    /// other zero: Quire ranks `-0` first, pandas' sign depends on its sort algorithm.
    static func agree(_ actual: Double, _ expected: Double, exact: Bool, signedZero: Bool = true) -> Bool {
        if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
        if !signedZero, actual == 0, expected == 0 { return true }
        if exact || actual.isInfinite || expected.isInfinite { return actual.bitPattern == expected.bitPattern }
        return abs(actual - expected) <= 1e-13 * max(abs(expected), 1e-300)
    }

    static func check(_ result: Frame, against oracle: Case) {
        let names = oracle.by + oracle.aggregations.map(\.name)
        #expect(result.columnNames == names)
        for name in names {
            guard let column = result[name], let expected = oracle.expected[name] else {
                Issue.record("\(oracle.name): no column \(name)")
                continue
            }
            guard column.count == expected.count else {
                Issue.record("\(oracle.name): \(name) has \(column.count) rows, pandas \(expected.count)")
                continue
            }
            switch column.values {
            case .numeric(let numbers):
                let wanted = expected.map(FixtureFiles.double)
                let exact = !oracle.inexact.contains(name)
                let function = oracle.aggregations.first { $0.name == name }?.function
                let signed = function != .median && function != .quantile
                for row in numbers.indices
                where !agree(numbers[row], wanted[row], exact: exact, signedZero: signed) {
                    Issue.record("\(oracle.name): \(name)[\(row)] is \(numbers[row]), pandas \(wanted[row])")
                }
            case .date:
                Issue.record("no fixture column is a date")
            case .categorical(let strings):
                for row in 0..<strings.count where strings[row] != expected[row] {
                    Issue.record(
                        "\(oracle.name): \(name)[\(row)] is \(strings[row] ?? "missing"), pandas \(expected[row] ?? "missing")"
                    )
                }
            }
        }
    }

    @Test(arguments: fixture?.cases ?? [])
    func agreesWithPandas(_ oracle: Case) throws {
        let fixture = try #require(Self.fixture)
        let frame = oracle.frame == "empty" ? fixture.frame.head(0) : fixture.frame
        let result = try frame.aggregated(by: oracle.by, oracle.aggregations, keepMissingKeys: !oracle.dropna)
        Self.check(result, against: oracle)
        // Computed on several threads, the result is the same, bit for bit.
        let threaded = try frame.aggregated(
            by: oracle.by, oracle.aggregations, keepMissingKeys: !oracle.dropna, threads: 4)
        #expect(threaded == result)
        #expect(
            try Frame.aggregatedSchema(frame.schema, by: oracle.by, oracle.aggregations) == result.schema)
    }

    @Test func fixtureIsThere() throws {
        let fixture = try #require(Self.fixture)
        #expect(fixture.cases.count >= 11)
        #expect(fixture.cases.allSatisfy { !$0.aggregations.isEmpty })
    }

    @Test func churnRateByContract() throws {
        let oracle = try #require(Self.fixture?.churn)
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../notebooks/data/churn.csv").standardizedFileURL.path
        let churn = try CSVReader.read(contentsOf: path)
        Self.check(try churn.aggregated(by: oracle.by, oracle.aggregations), against: oracle)
    }

    // MARK: Beyond the fixture

    /// A reference computed the slow way: rows grouped in a dictionary, each group sorted.
    static func reference(_ keys: [[Double]], _ values: [Double]) -> [[Double]: [Double]] {
        var groups: [[Double]: [Double]] = [:]
        for row in values.indices {
            let key = keys.map { $0[row] == 0 ? 0 : $0[row] }
            guard !key.contains(where: \.isNaN) else { continue }
            groups[key, default: []].append(values[row])
        }
        return groups.mapValues { $0.filter { !$0.isNaN }.sorted() }
    }

    /// Many groups and wide-ranging keys (so the hashed paths run, not the direct tables), against
    /// sorting each group: counts, order statistics, distinct values and group order.
    @Test(arguments: [(3, 1), (5000, 1), (40, 2), (3000, 2)])
    func manyGroupsAgreeWithSortingEachGroup(_ cardinality: Int, _ keyCount: Int) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(cardinality + keyCount)
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let n = 20000
        // Keys far apart (1e12 steps) and fractional, so no short range of whole numbers.
        let keys = (0..<keyCount).map { _ in
            (0..<n).map { _ -> Double in
                let k = Double(next() % UInt64(cardinality))
                return next() % 97 == 0 ? .nan : k * 1e12 + 0.5
            }
        }
        // Few distinct values, so groups hold duplicates (selection must handle ties).
        let values = (0..<n).map { _ -> Double in next() % 13 == 0 ? .nan : Double(next() % 50) / 4 - 3 }
        let frame = try Frame(
            columns: keys.enumerated().map { Column(name: "k\($0.offset)", numbers: $0.element) }
                + [Column(name: "v", numbers: values)])
        let names = (0..<keyCount).map { "k\($0)" }
        let result = try frame.aggregated(
            by: names,
            [
                Aggregation("n", .count, of: "v"), Aggregation("median", .median, of: "v"),
                Aggregation("q", .quantile, of: "v", quantile: 0.3), Aggregation("lo", .min, of: "v"),
                Aggregation("hi", .max, of: "v"), Aggregation("distinct", .nunique, of: "v"),
            ])
        let groups = Self.reference(keys, values)
        #expect(result.rowCount == groups.count)
        let keyColumns = try names.map { try #require(result.column(named: $0).numbers) }
        let rowKeys = (0..<result.rowCount).map { row in keyColumns.map { $0[row] } }
        #expect(rowKeys == rowKeys.sorted { $0.lexicographicallyPrecedes($1) }, "groups in key order")
        func numbers(_ name: String) throws -> [Double] { try #require(result.column(named: name).numbers) }
        let (count, median, q, lo, hi, distinct) = try (
            numbers("n"), numbers("median"), numbers("q"), numbers("lo"), numbers("hi"), numbers("distinct")
        )
        for (row, key) in rowKeys.enumerated() {
            let group = try #require(groups[key])
            #expect(count[row] == Double(group.count))
            #expect(distinct[row] == Double(Set(group).count))
            guard !group.isEmpty else {
                #expect(median[row].isNaN && lo[row].isNaN && hi[row].isNaN)
                continue
            }
            let m = group.count
            let middle = m % 2 == 1 ? group[m / 2] : (group[m / 2 - 1] + group[m / 2]) / 2
            #expect(median[row] == middle)
            let position = 0.3 * Double(m - 1)
            let i = Int(position)
            let fraction = position.truncatingRemainder(dividingBy: 1)
            let expected = fraction == 0 ? group[i] : group[i] + (group[i + 1] - group[i]) * fraction
            #expect(q[row] == expected)
            #expect(lo[row] == group.first && hi[row] == group.last)
        }
    }

    @Test func orderStatisticsOfLargeGroupsWithTiesAndSortedRuns() throws {
        // Ascending, descending, constant and organ-pipe runs: the selection's hard inputs.
        let shapes: [[Double]] = [
            (0..<5000).map(Double.init), (0..<5000).reversed().map(Double.init),
            [Double](repeating: 7, count: 4001), (0..<3000).map { Double(min($0, 2999 - $0)) },
        ]
        for shape in shapes {
            let frame = try Frame(columns: [Column(name: "v", numbers: shape)])
            let result = try frame.aggregated(
                by: [],
                [Aggregation("median", .median, of: "v"), Aggregation("q", .quantile, of: "v", quantile: 0.99)])
            let sorted = shape.sorted()
            let m = sorted.count
            let middle = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2
            #expect(result["median"]?.numbers == [middle])
            let position = 0.99 * Double(m - 1)
            let i = Int(position)
            let fraction = position.truncatingRemainder(dividingBy: 1)
            #expect(result["q"]?.numbers == [sorted[i] + (sorted[min(i + 1, m - 1)] - sorted[i]) * fraction])
        }
    }

    @Test func textKeysOfManyCategoriesAndUnusedOnes() throws {
        // A row subset keeps every category, used or not: only used ones become groups.
        let words = (0..<300).map { "w\(($0 * 7919) % 1000)" }
        let frame = try Frame(columns: [
            Column(name: "k", strings: words), Column(name: "v", numbers: (0..<300).map(Double.init)),
        ])
        let subset = frame.rows(Array(0..<100))
        let result = try subset.aggregated(by: ["k"], [Aggregation("n", .size, of: "v")])
        let expected = Set(words.prefix(100)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let keys = try #require(result.column(named: "k").strings)
        #expect((0..<keys.count).map { keys[$0] } == expected)
    }

    @Test func mistakesNameTheColumnAndTheFix() throws {
        let frame = try Frame(columns: [
            Column(name: "plan", strings: ["a", "b"]), Column(name: "tenure", numbers: [1, 2]),
        ])
        func refused(_ by: [String], _ aggregations: [Aggregation], _ test: (FrameError) -> Bool) {
            #expect {
                try frame.aggregated(by: by, aggregations)
            } throws: { error in
                guard let error = error as? FrameError else { return false }
                return test(error)
            }
        }
        refused(["plan"], [Aggregation("m", .mean, of: "tenur")]) {
            $0.code == .unknownColumn && $0.argument == "columns" && ($0.hint ?? "").contains("tenure")
        }
        refused(["plna"], [Aggregation("m", .mean, of: "tenure")]) {
            $0.code == .unknownColumn && $0.argument == "by" && ($0.hint ?? "").contains("plan")
        }
        refused(["plan"], [Aggregation("m", .mean, of: "plan")]) {
            $0.code == .wrongKind && $0.message.contains("text") && ($0.hint ?? "").contains("cast")
        }
        refused(["plan"], [Aggregation("plan", .count, of: "tenure")]) {
            $0.code == .duplicateColumn && $0.message.contains("key")
        }
        refused(["plan", "plan"], []) { $0.code == .duplicateColumn && $0.argument == "by" }
        refused([], [Aggregation("q", .quantile, of: "tenure", quantile: 1.5)]) { $0.code == .invalidArgument }
        for function in [Aggregation.Function.sum, .mean, .median, .std, .var, .quantile] {
            refused([], [Aggregation("t", function, of: "plan")]) { $0.code == .wrongKind }
        }
        for function in [Aggregation.Function.count, .size, .nunique, .first, .last, .min, .max] {
            #expect(try frame.aggregated(by: [], [Aggregation("t", function, of: "plan")]).rowCount == 1)
        }
    }

    @Test func noAggregationsGiveTheDistinctKeys() throws {
        let frame = try Frame(columns: [Column(name: "k", numbers: [3, 1, 3, .nan, 1])])
        #expect(try frame.aggregated(by: ["k"], [])["k"]?.numbers == [1, 3])
        let kept = try frame.aggregated(by: ["k"], [], keepMissingKeys: true)["k"]?.numbers ?? []
        #expect(kept.count == 3 && kept[0] == 1 && kept[1] == 3 && kept[2].isNaN)
    }
}
