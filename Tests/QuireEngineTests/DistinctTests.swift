import Foundation
import QuireEngine
import Testing

/// `Frame.distinct(on:keep:)` against pandas' `drop_duplicates(subset, keep)`
/// (scripts/prepare_fixtures_reshape.py): several key sets, keep first, last and none, missing
/// values equal to each other, `-0.0` equal to `0.0`, the kept rows in their original order.
@Suite struct DistinctTests {
    struct Case: Sendable, CustomStringConvertible {
        var columns: [String]?
        var keep: DistinctKeep
        var kept: [Int]
        var description: String { "\(columns ?? ["(all)"]) keep \(keep)" }
    }

    static let frame = try? ReshapeFixture.frame(ReshapeFixture.section("distinct")["frame"])
    static let cases = ReshapeFixture.cases("distinct").map {
        Case(
            columns: $0["columns"] as? [String], keep: DistinctKeep(rawValue: $0["keep"] as? String ?? "") ?? .first,
            kept: $0["kept"] as? [Int] ?? [])
    }

    @Test(arguments: cases)
    func agreesWithPandas(_ oracle: Case) throws {
        let frame = try #require(Self.frame)
        let result = try frame.distinct(on: oracle.columns, keep: oracle.keep)
        #expect(result == frame.rows(oracle.kept))
    }

    @Test func agreesWithPandasOnChurn() throws {
        let frame = try ReshapeFixture.churn()
        let cases = ReshapeFixture.churnCases("distinct")
        #expect(cases.count >= 9)
        for object in cases {
            let keep = DistinctKeep(rawValue: object["keep"] as? String ?? "") ?? .first
            let result = try frame.distinct(on: object["columns"] as? [String], keep: keep)
            #expect(result == frame.rows(object["kept"] as? [Int] ?? []), "\(object["columns"] ?? "") \(keep)")
        }
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 18)
        #expect((Self.frame?.rowCount ?? 0) >= 100)
    }

    @Test func missingValuesAndSignedZerosAreEqual() throws {
        let frame = try Frame(columns: [
            Column(name: "x", numbers: [.nan, 0, -0.0, .nan, 1]),
            Column(name: "w", strings: [nil, "a", "a", nil, "a"]),
        ])
        #expect(try frame.distinct().rowCount == 3)
        #expect(try frame.distinct(keep: .last) == frame.rows([2, 3, 4]))
        #expect(try frame.distinct(on: ["w"], keep: .none).rowCount == 0)
    }

    @Test func emptyAndOneRowFramesAndUnknownColumns() throws {
        let one = try Frame(columns: [Column(name: "x", numbers: [3])])
        #expect(try one.distinct(keep: .none) == one)
        let empty = one.rows([])
        #expect(try empty.distinct() == empty)
        #expect {
            try one.distinct(on: ["y"])
        } throws: { error in
            (error as? FrameError)?.argument == "columns" && (error as? FrameError)?.code == .unknownColumn
        }
    }
}
