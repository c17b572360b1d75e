import QuireRunner
import Testing

/// `when:` conditions: the expression language's paths dialect, evaluated over scalars.
@Suite struct ConditionTests {
    static let values: [String: Condition.Value] = [
        "params.n": .number(3), "params.mode": .text("full"), "params.retrain": .bool(false),
        "my-step.rows": .number(1200), "drift.detected": .bool(true),
    ]

    static func evaluate(_ source: String) throws(Condition.Failure) -> Bool {
        try Condition(source).evaluate { values[$0.joined(separator: ".")] }
    }

    @Test(
        arguments: [
            ("my-step.rows > 1000 and params.mode == 'full'", true), ("params.n * 2 - 1 == 5", true),
            ("not params.retrain", true), ("-params.n < 0", true), ("params.mode == \"full\" or x.y", true),
            ("params.retrain and x.y", false), ("params.n == 'x'", false), ("params.mode < 'g'", true),
            ("(drift.detected)", true), ("my-step.rows-1 == 1199", false),
        ] as [(String, Bool)])
    func evaluates(source: String, expected: Bool) throws {
        if source == "my-step.rows-1 == 1199" {
            // A hyphen belongs to the name: `my-step.rows-1` has no value.
            #expect(throws: Condition.Failure.self) { try Self.evaluate(source) }
            return
        }
        #expect(try Self.evaluate(source) == expected)
    }

    @Test func namesInSourceOrder() throws {
        let condition = try Condition("b.x > 1 or (params.a and c.out.y == 2)")
        #expect(condition.names.map { $0.path.joined(separator: ".") } == ["b.x", "params.a", "c.out.y"])
        #expect(condition.names.map(\.column) == [1, 13, 26])
    }

    @Test(
        arguments: [
            ("abs(params.n) > 1", 1), ("params.n in [1, 2]", 10), ("params.n % 2 == 0", 10), ("a..b > 1", 1),
            ("1 <", 3), ("(params.n > 1", 13), ("params.n = 1", 10),
        ] as [(String, Int)])
    func refusals(source: String, column: Int) {
        do {
            _ = try Condition(source)
            Issue.record("accepted \(source)")
        } catch {
            #expect(error.column == column, "\(error.message)")
        }
    }

    @Test func evaluationErrorsPointAtTheOperator() {
        do {
            _ = try Self.evaluate("params.mode + 1 > 0")
            Issue.record("text + number accepted")
        } catch {
            #expect(error.message == "`+` cannot combine text and a number")
            #expect(error.column == 13)
        }
        do {
            _ = try Self.evaluate("params.n")
            Issue.record("a number accepted as a condition")
        } catch {
            #expect(error.message == "the condition is not true or false")
        }
    }
}
