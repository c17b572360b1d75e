import Foundation
import QuireEngine
import Testing

/// `Frame.pivoted(index:columns:values:aggregate:)` against pandas
/// (scripts/prepare_fixtures_reshape.py): `groupby(index + [columns]).agg(f).unstack(columns)` for
/// each aggregate (pivot_table without its dropping of all-missing columns) and `pivot` without
/// one; text and number keys, one and two index columns, text values, missing keys left out.
@Suite struct PivotTests {
    struct Case: Sendable, CustomStringConvertible {
        var index: Int
        var text: String
        var description: String { text }
    }

    static let frames: [String: Frame] = {
        let written = ReshapeFixture.section("pivot")["frames"] as? [String: Any] ?? [:]
        return written.compactMapValues { try? ReshapeFixture.frame($0) }
    }()
    static let cases = ReshapeFixture.cases("pivot").enumerated().map { index, object in
        Case(
            index: index,
            text: "\(object["index"] ?? "") × \(object["columns"] ?? "") \(object["aggregate"] as? String ?? "none")")
    }

    @Test(arguments: cases)
    func agreesWithPandas(_ oracle: Case) throws {
        let object = ReshapeFixture.cases("pivot")[oracle.index]
        let frame = try #require(Self.frames[object["frame"] as? String ?? ""])
        let aggregate = (object["aggregate"] as? String).flatMap(PivotAggregate.init(rawValue:))
        let result = try frame.pivoted(
            index: object["index"] as? [String] ?? [], columns: object["columns"] as? String ?? "",
            values: object["values"] as? String ?? "", aggregate: aggregate)
        let expected = try ReshapeFixture.frame(object["result"])
        #expect(result.columnNames == expected.columnNames)
        #expect(result.rowCount == expected.rowCount)
        for (mine, theirs) in zip(result.columns, expected.columns) {
            switch (mine.values, theirs.values) {
            case (.numeric(let a), .numeric(let b)):
                // Sums may differ from pandas' in the last bits (summation order).
                #expect(zip(a, b).allSatisfy { close($0, $1) }, "\(mine.name): \(a) vs \(b)")
            default:
                #expect(mine == theirs)
            }
        }
    }

    @Test func agreesWithPandasOnChurn() throws {
        let frame = try ReshapeFixture.churn()
        let cases = ReshapeFixture.churnCases("pivot")
        #expect(cases.count >= 3)
        for object in cases {
            let result = try frame.pivoted(
                index: object["index"] as? [String] ?? [], columns: object["columns"] as? String ?? "",
                values: object["values"] as? String ?? "",
                aggregate: (object["aggregate"] as? String).flatMap(PivotAggregate.init(rawValue:)))
            let expected = try ReshapeFixture.frame(object["result"])
            #expect(result.columnNames == expected.columnNames)
            for (mine, theirs) in zip(result.columns, expected.columns) {
                if case .numeric(let a) = mine.values, case .numeric(let b) = theirs.values {
                    #expect(a.count == b.count && zip(a, b).allSatisfy { close($0, $1) }, "\(mine.name)")
                } else {
                    #expect(mine == theirs)
                }
            }
        }
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 14 && Self.frames.count == 2)
    }

    static let small = try? Frame(columns: [
        Column(name: "customer", strings: ["ann", "ann", "bob", "bob", nil]),
        Column(name: "metric", strings: ["spend", "visits", "spend", "spend", "spend"]),
        Column(name: "value", numbers: [1, 2, 3, 4, 5]),
        Column(name: "note", strings: ["a", "b", "c", "d", "e"]),
    ])

    @Test func duplicateCellsNeedAnAggregate() throws {
        let frame = try #require(Self.small)
        #expect {
            try frame.pivoted(index: ["customer"], columns: "metric", values: "value", aggregate: nil)
        } throws: { error in
            guard let error = error as? FrameError else { return false }
            return error.argument == "aggregate" && error.message.contains("rows 3 and 4")
                && error.message.contains("`customer` = bob") && error.message.contains("`metric` = spend")
        }
        let summed = try frame.pivoted(index: ["customer"], columns: "metric", values: "value", aggregate: .sum)
        #expect(summed.columnNames == ["customer", "spend", "visits"])
        #expect(try summed.column(named: "spend").numbers == [1, 7])
        #expect(try summed.column(named: "visits").numbers?[1].isNaN == true, "a missing combination is null")
    }

    @Test func mistakesNameTheParameter() throws {
        let frame = try #require(Self.small)
        func argument(_ body: () throws -> Frame) -> String? {
            do {
                _ = try body()
                return nil
            } catch let error as FrameError {
                return error.argument
            } catch {
                return nil
            }
        }
        #expect(
            argument { try frame.pivoted(index: ["custmer"], columns: "metric", values: "value", aggregate: .sum) }
                == "index")
        #expect(
            argument { try frame.pivoted(index: ["customer"], columns: "metrc", values: "value", aggregate: .sum) }
                == "columns")
        #expect(
            argument { try frame.pivoted(index: ["customer"], columns: "metric", values: "vale", aggregate: .sum) }
                == "values")
        #expect(
            argument { try frame.pivoted(index: ["customer"], columns: "metric", values: "note", aggregate: .mean) }
                == "aggregate")
        #expect(
            argument { try frame.pivoted(index: ["metric"], columns: "metric", values: "value", aggregate: .sum) }
                == "columns")
        // A new column named like an index column.
        let clash = try Frame(columns: [
            Column(name: "spend", strings: ["x"]), Column(name: "metric", strings: ["spend"]),
            Column(name: "value", numbers: [1]),
        ])
        #expect(
            argument { try clash.pivoted(index: ["spend"], columns: "metric", values: "value", aggregate: nil) }
                == "columns")
    }

    @Test func emptyAndNumberKeys() throws {
        let frame = try #require(Self.small)
        let empty = try frame.rows([]).pivoted(index: ["customer"], columns: "metric", values: "value", aggregate: nil)
        #expect(empty.columnNames == ["customer"] && empty.rowCount == 0)
        let numbers = try Frame(columns: [
            Column(name: "k", strings: ["a", "a", "a"]), Column(name: "year", numbers: [2024, -0.0, 10.5]),
            Column(name: "v", numbers: [1, 2, 3]),
        ])
        let wide = try numbers.pivoted(index: ["k"], columns: "year", values: "v", aggregate: nil)
        #expect(wide.columnNames == ["k", "0.0", "10.5", "2024.0"])
    }
}
