import Foundation
import QuireEngine
import Testing

/// `Frame.melted(ids:columns:variable:value:)` against pandas' `melt(id_vars, value_vars,
/// var_name, value_name)` (scripts/prepare_fixtures_reshape.py): every row for the first value
/// column, then the next; numbers and text; no id column; a one-row and an empty frame.
@Suite struct MeltTests {
    struct Case: Sendable, CustomStringConvertible {
        var index: Int
        var description: String { "case \(index)" }
    }

    static let frame = try? ReshapeFixture.frame(ReshapeFixture.section("melt")["frame"])
    static let cases = ReshapeFixture.cases("melt").indices.map { Case(index: $0) }

    @Test(arguments: cases)
    func agreesWithPandas(_ oracle: Case) throws {
        let object = ReshapeFixture.cases("melt")[oracle.index]
        var frame = try #require(Self.frame)
        switch object["frame"] as? String {
        case "one": frame = frame.head(1)
        case "empty": frame = frame.head(0)
        default: break
        }
        let result = try frame.melted(
            ids: object["id"] as? [String] ?? [], columns: object["columns"] as? [String],
            variable: object["variable"] as? String ?? "", value: object["value"] as? String ?? "")
        let expected = try ReshapeFixture.frame(object["result"])
        #expect(result.columnNames == expected.columnNames)
        #expect(result == expected)
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 6)
    }

    @Test func defaultsToEveryOtherColumn() throws {
        let frame = try #require(Self.frame).selecting(["customer", "jan", "feb"])
        let long = try frame.melted(ids: ["customer"], columns: nil, variable: "month", value: "spend")
        #expect(long.rowCount == 2 * frame.rowCount)
        #expect(try long.column(named: "month").strings?.categories == ["jan", "feb"])
    }

    @Test func mistakesNameTheParameter() throws {
        let frame = try #require(Self.frame)
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
        #expect(argument { try frame.melted(ids: ["custmer"], columns: ["jan"], variable: "m", value: "v") } == "id")
        #expect(argument { try frame.melted(ids: [], columns: ["jna"], variable: "m", value: "v") } == "columns")
        // Numbers and text in one value column: refused, with a hint to cast.
        #expect(
            argument { try frame.melted(ids: [], columns: ["jan", "plan"], variable: "m", value: "v") } == "columns")
        #expect(
            argument { try frame.melted(ids: ["customer"], columns: ["customer"], variable: "m", value: "v") }
                == "columns")
        #expect(
            argument { try frame.melted(ids: ["customer"], columns: ["jan"], variable: "m", value: "m") } == "value")
        #expect(
            argument { try frame.melted(ids: ["customer"], columns: ["jan"], variable: "customer", value: "v") }
                == "variable")
        #expect(
            argument {
                try frame.selecting(["customer"]).melted(ids: ["customer"], columns: nil, variable: "m", value: "v")
            } == "columns")
    }
}
