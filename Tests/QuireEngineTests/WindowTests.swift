import Foundation
import QuireEngine
import Testing

/// Window functions in `derive` (`lag`, `lead`, `rolling_mean`, `rolling_sum`, `cumsum`, `rank`)
/// against pandas' groupby windows (scripts/prepare_fixtures_window.py): groups with missing and
/// non-ASCII keys and a group of one, orders with ties and missing values, values with NaN, ties,
/// -0.0 and large cancelling sums; then on notebooks/data/churn.csv. Results are in row order.
@Suite struct WindowTests {
    struct Case: Sendable, CustomStringConvertible {
        var part: String
        var by: [String]
        var order: [String]
        var ascending: [Bool]
        var expression: String
        /// pandas' values: numbers as text, or text (nil: missing).
        var expected: [String?]
        var description: String { "\(part) by \(by) order \(order) \(ascending): \(expression)" }

        var keys: [SortKey] {
            order.enumerated().map { SortKey($1, ascending: ascending.count == 1 ? ascending[0] : ascending[$0]) }
        }
    }

    /// The fixture's columns (numbers as text, nil missing) and its cases by part.
    struct Fixture: Sendable {
        var columns: [String: [String?]]
        var parts: [String: [Case]]
    }

    static let fixture: Fixture? = {
        let url = FixtureFiles.root.appendingPathComponent("prepare/window.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let columns = object["columns"] as? [String: [Any]]
        else { return nil }
        var parts: [String: [Case]] = [:]
        for part in ["cases", "churn"] {
            let cases = object[part] as? [[String: Any]] ?? []
            parts[part] = cases.flatMap { object -> [Case] in
                let columns = object["columns"] as? [String: [Any]] ?? [:]
                return columns.keys.sorted().map { expression in
                    Case(
                        part: part, by: object["by"] as? [String] ?? [], order: object["order"] as? [String] ?? [],
                        ascending: object["ascending"] as? [Bool] ?? [true], expression: expression,
                        expected: (columns[expression] ?? []).map { $0 as? String })
                }
            }
        }
        return Fixture(columns: columns.mapValues { $0.map { $0 as? String } }, parts: parts)
    }()

    static let generated: Frame? = {
        guard let columns = fixture?.columns else { return nil }
        let numbers = ["month", "spend", "big"].map { name in
            Column(name: name, numbers: (columns[name] ?? []).map(FixtureFiles.double))
        }
        let texts = ["customer", "plan"].map { name in Column(name: name, strings: columns[name] ?? []) }
        return try? Frame(columns: [texts[0], numbers[0], numbers[1], numbers[2], texts[1]])
    }()

    static let churn: Frame? = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks/data/churn.csv").path
        return try? CSVReader.read(contentsOf: path)
    }()

    static func cases(_ part: String) -> [Case] {
        fixture?.parts[part] ?? []
    }

    static func check(_ oracle: Case, on frame: Frame) throws {
        let derived = try frame.deriving(
            [(name: "w", expression: oracle.expression)], by: oracle.by, order: oracle.keys)
        let column = try derived.column(named: "w")
        #expect(derived.rowCount == oracle.expected.count)
        switch column.values {
        case .numeric(let numbers):
            let expected = oracle.expected.map(FixtureFiles.double)
            // Bit for bit, but for `cumsum` without groups: pandas' `Series.cumsum` adds plainly where
            // its `groupby().cumsum()` (and Quire, always) compensates (Kahan).
            let tolerance = oracle.by.isEmpty && oracle.expression.hasPrefix("cumsum") ? 1e-12 : 0
            let wrong = zip(numbers, expected).enumerated().filter { !close($1.0, $1.1, tolerance: tolerance) }
            #expect(wrong.isEmpty, "\(wrong.count) rows differ, first: \(wrong.first.map { "\($0)" } ?? "")")
        case .date:
            Issue.record("no fixture column is a date")
        case .categorical(let strings):
            let got = (0..<strings.count).map { strings[$0] }
            #expect(got == oracle.expected)
        }
    }

    @Test(arguments: cases("cases"))
    func agreesWithPandas(_ oracle: Case) throws {
        try Self.check(oracle, on: try #require(Self.generated))
    }

    @Test(arguments: cases("churn"))
    func agreesWithPandasOnChurn(_ oracle: Case) throws {
        try Self.check(oracle, on: try #require(Self.churn))
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases("cases").count >= 100)
        #expect(Self.cases("churn").count >= 12)
        #expect(Self.churn?.rowCount == 1000)
    }

    static let small = try? Frame(columns: [
        Column(name: "who", strings: ["b", "a", "b", "a", "b"]),
        Column(name: "t", numbers: [3, 2, 1, 1, 2]),
        Column(name: "x", numbers: [30, 20, 10, 5, .nan]),
    ])

    @Test func rowsKeepTheirOrderAndWindowsRunInOrder() throws {
        let frame = try #require(Self.small)
        let derived = try frame.deriving(
            [(name: "prev", expression: "lag(x)"), (name: "total", expression: "cumsum(x)")], by: ["who"],
            order: [SortKey("t")])
        #expect(derived.rowCount == 5)
        #expect(try derived.column(named: "t").numbers == [3, 2, 1, 1, 2])
        // b: t 1, 2, 3 → x 10, NaN, 30; a: t 1, 2 → x 5, 20.
        let prev = try #require(try derived.column(named: "prev").numbers)
        #expect(prev[0].isNaN && prev[1] == 5 && prev[2].isNaN && prev[3].isNaN && prev[4] == 10)
        let total = try #require(try derived.column(named: "total").numbers)
        #expect(total[0] == 40 && total[1] == 25 && total[2] == 10 && total[3] == 5 && total[4].isNaN)
    }

    @Test func windowsNestInExpressionsAndTakeExpressions() throws {
        let frame = try #require(Self.small)
        let derived = try frame.deriving(
            [
                (name: "change", expression: "x - lag(x)"), (name: "double", expression: "cumsum(x * 2)"),
                (name: "lagged", expression: "lag(x)"), (name: "total", expression: "cumsum(x)"),
                (name: "count", expression: "cumsum(1)"),
            ], by: [], order: [])
        let x = try #require(try derived.column(named: "x").numbers)
        let lagged = try #require(try derived.column(named: "lagged").numbers)
        let change = try #require(try derived.column(named: "change").numbers)
        for row in 0..<5 { #expect(close(change[row], x[row] - lagged[row])) }
        let total = try #require(try derived.column(named: "total").numbers)
        let double = try #require(try derived.column(named: "double").numbers)
        for row in 0..<5 { #expect(close(double[row], total[row] * 2)) }
        #expect(try derived.column(named: "count").numbers == [1, 2, 3, 4, 5])
        // Without `by` or `order`, `deriving` alone runs windows over the frame in row order.
        #expect(try frame.deriving("lagged", "lag(x)").column(named: "lagged").numbers?.dropFirst() == [30, 20, 10, 5])
    }

    @Test func textShiftsKeepCategoriesAndMissingKeysFormAGroup() throws {
        let frame = try Frame(columns: [
            Column(name: "k", strings: ["u", nil, "u", nil]),
            Column(name: "s", strings: ["p", "q", "r", nil]),
        ])
        let derived = try frame.deriving([(name: "next", expression: "lead(s)")], by: ["k"], order: [])
        guard case .categorical(let next) = try derived.column(named: "next").values else {
            Issue.record("lead of text is text")
            return
        }
        #expect((0..<4).map { next[$0] } == ["r", nil, nil, nil])
    }

    @Test func emptyAndOneRowFrames() throws {
        let empty = try Frame(columns: [Column(name: "k", strings: []), Column(name: "x", numbers: [])])
        let none = try empty.deriving(
            [(name: "r", expression: "rolling_mean(x, 2)"), (name: "q", expression: "rank(x)")], by: ["k"],
            order: [SortKey("x")])
        #expect(none.rowCount == 0)
        let one = try Frame(columns: [Column(name: "k", strings: ["a"]), Column(name: "x", numbers: [-0.0])])
        let derived = try one.deriving(
            [(name: "r", expression: "rolling_sum(x, 2, 1)"), (name: "q", expression: "rank(x)")], by: ["k"],
            order: [])
        #expect(try derived.column(named: "q").numbers == [1])
        #expect(try derived.column(named: "r").numbers?.first?.isZero == true)
    }

    static func expressionError(_ body: () throws -> Any) -> ExpressionError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ExpressionError
        }
    }

    @Test func windowsAreRefusedInConditions() throws {
        let frame = try #require(Self.small)
        let error = try #require(Self.expressionError { try frame.filter("lag(x) > 1") })
        #expect(error.code == .windowOutsideDerive)
        #expect(error.column == 1 && error.length == 3)
        #expect(error.hint?.contains("derive") == true)
        let nested = try #require(Self.expressionError { try frame.filter("x > 1 and rank(x) < 3") })
        #expect(nested.column == 11)
        #expect(try Expression("lag(x) > 1").check(against: frame.schema) == .boolean)
        #expect(
            Self.expressionError { try Expression("lag(x) > 1").check(against: frame.schema, windows: false) } != nil)
    }

    @Test func badArgumentsPointAtThemselves() throws {
        let frame = try #require(Self.small)
        func error(_ expression: String) -> ExpressionError? {
            Self.expressionError { try frame.deriving("w", expression) }
        }
        let text = try #require(error("rolling_mean(who, 3)"))
        #expect(text.code == .typeMismatch && text.column == 14 && text.message.contains("text"))
        let condition = try #require(error("lag(x > 1)"))
        #expect(condition.code == .typeMismatch && condition.hint?.contains("if(") == true)
        let zero = try #require(error("rolling_sum(x, 0)"))
        #expect(zero.column == 16 && zero.message.contains("at least 1"))
        let fraction = try #require(error("lag(x, 1.5)"))
        #expect(fraction.column == 8)
        let column = try #require(error("rolling_sum(x, t)"))
        #expect(column.column == 16)
        let periods = try #require(error("rolling_mean(x, 3, 4)"))
        #expect(periods.column == 20)
        let method = try #require(error("rank(x, \"dense_\")"))
        #expect(method.column == 9 && method.hint == "did you mean \"dense\"?")
        let count = try #require(error("cumsum(x, 2)"))
        #expect(count.code == .wrongArgumentCount)
        let misspelt = try #require(error("cumsun(x)"))
        #expect(misspelt.code == .unknownFunction && misspelt.hint == "did you mean `cumsum`?")
    }

    @Test func unknownKeysNameTheirParameter() throws {
        let frame = try #require(Self.small)
        for (by, order, argument) in [(["wh"], [SortKey]([]), "by"), ([], [SortKey("tt")], "order")] {
            do {
                _ = try frame.deriving([(name: "w", expression: "lag(x)")], by: by, order: order)
                Issue.record("an unknown \(argument) column must fail")
            } catch let error as FrameError {
                #expect(error.code == .unknownColumn)
                #expect(error.argument == argument)
                #expect(error.hint?.contains("did you mean") == true, "\(error)")
            }
        }
    }
}
