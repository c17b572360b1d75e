import Foundation
import Testing

@testable import QuireEngine

@Suite("Expressions")
struct ExpressionTests {
    static let frame = try! Frame(columns: [
        Column(name: "bmi", numbers: [0.01, 0.05, .nan, -0.02, 0.03]),
        Column(name: "bp", numbers: [1, .nan, 3, 4, 5]),
        Column(name: "mean radius", numbers: [10, 20, 30, 40, 50]),
        Column(name: "city", strings: ["Paris", "Oslo", nil, "Paris", "Rome"]),
    ])

    struct Bad: Sendable, CustomTestStringConvertible {
        var expression: String
        var code: ExpressionError.Code
        var column: Int
        var hint: String?
        var testDescription: String { expression }
    }

    static let bad: [Bad] = [
        Bad(expression: "bmii > 0.02", code: .unknownColumn, column: 1, hint: "did you mean `bmi`?"),
        Bad(
            expression: "bmi > 0.02 and `mean radiu` < 3", code: .unknownColumn, column: 16,
            hint: "did you mean `mean radius`?"),
        Bad(expression: "bmi > ", code: .syntax, column: 7),
        Bad(expression: "bmi = 3", code: .syntax, column: 5, hint: "compare with `==`"),
        Bad(expression: "bmi > 1 && bp < 2", code: .syntax, column: 9, hint: "write `and`"),
        Bad(expression: "city + 1", code: .typeMismatch, column: 6),
        Bad(expression: "city > \"A\"", code: .typeMismatch, column: 6),
        Bad(expression: "bmi == \"x\"", code: .typeMismatch, column: 5),
        Bad(expression: "sqr(bmi) > 1", code: .unknownFunction, column: 1, hint: "did you mean `sqrt`?"),
        Bad(expression: "abs(bmi, bp) > 1", code: .wrongArgumentCount, column: 1),
        Bad(expression: "bmi and bp > 1", code: .typeMismatch, column: 5),
        Bad(expression: "city in [1, 2]", code: .typeMismatch, column: 10),
        Bad(expression: "if(bmi, 1, 2) > 0", code: .typeMismatch, column: 4),
        Bad(expression: "(bmi > 1", code: .syntax, column: 9),
        Bad(expression: "\"open", code: .syntax, column: 1),
        Bad(expression: "bmi + 1", code: .notACondition, column: 1),
        Bad(expression: "", code: .syntax, column: 1),
        Bad(expression: "0 < bmi < 1", code: .syntax, column: 9),
    ]

    @Test(arguments: bad)
    func errorsPointAtTheToken(_ bad: Bad) throws {
        do {
            _ = try Self.frame.filter(bad.expression)
            Issue.record("no error for \(bad.expression)")
        } catch let error as ExpressionError {
            #expect(error.code == bad.code)
            #expect(error.column == bad.column)
            if let hint = bad.hint { #expect(error.hint == hint) }
            #expect(error.description.contains("(column \(bad.column))"))
        }
    }

    /// Independent per-row evaluation of what the expression should mean.
    static func rows(_ predicate: (Int) -> Bool) -> [Double] {
        let ids = frame["mean radius"]!.numbers!
        return (0..<frame.rowCount).filter(predicate).map { ids[$0] }
    }

    @Test func filterSemantics() throws {
        let bmi = Self.frame["bmi"]!.numbers!
        let bp = Self.frame["bp"]!.numbers!
        let city = Self.frame["city"]!.strings!
        let checks: [(String, [Double])] = [
            ("bmi > 0.02", Self.rows { bmi[$0] > 0.02 }),
            ("bmi > 0.02 and not is_missing(bp)", Self.rows { bmi[$0] > 0.02 && !bp[$0].isNaN }),
            ("bmi != 0.05", Self.rows { !bmi[$0].isNaN && bmi[$0] != 0.05 }),
            ("not (bmi > 0)", Self.rows { !(bmi[$0] > 0) }),
            ("city == \"Paris\" or bp >= 5", Self.rows { city[$0] == "Paris" || bp[$0] >= 5 }),
            ("city != 'Paris'", Self.rows { city[$0] != nil && city[$0] != "Paris" }),
            ("city in [\"Oslo\", \"Rome\"]", Self.rows { ["Oslo", "Rome"].contains(city[$0] ?? "") }),
            ("city not in [\"Oslo\"]", Self.rows { city[$0] != nil && city[$0] != "Oslo" }),
            ("bp in [1, 4]", Self.rows { [1, 4].contains(bp[$0]) }),
            ("is_missing(city) or is_missing(bmi)", Self.rows { city[$0] == nil || bmi[$0].isNaN }),
            ("`mean radius` % 20 == 10", Self.rows { Int((Self.frame["mean radius"]!.numbers![$0])) % 20 == 10 }),
            ("true", Self.rows { _ in true }),
            ("if(is_missing(bp), 0, bp) > 2", Self.rows { (bp[$0].isNaN ? 0 : bp[$0]) > 2 }),
            ("max(bp, 2) == 2", Self.rows { !bp[$0].isNaN && max(bp[$0], 2) == 2 }),
            ("-bmi > 0", Self.rows { -bmi[$0] > 0 }),
        ]
        for (expression, expected) in checks {
            let kept = try Self.frame.filter(expression)
            #expect(kept["mean radius"]?.numbers == expected, "\(expression)")
        }
    }

    @Test func deriveSemantics() throws {
        let derived = try Self.frame.deriving([
            (name: "bmi_bp", expression: "bmi * bp"),
            (name: "twice", expression: "bmi_bp * 2"),
            (name: "flag", expression: "bp > 2"),
            (name: "label", expression: "if(bp > 2, \"high\", city)"),
            (name: "r", expression: "round(`mean radius` / 3, 1)"),
            (name: "mod", expression: "-7 % 3"),
            (name: "f", expression: "sqrt(abs(bmi)) + log(exp(bp))"),
        ])
        let bmi = Self.frame["bmi"]!.numbers!
        let bp = Self.frame["bp"]!.numbers!
        let product = zip(bmi, bp).map { $0 * $1 }
        #expect(
            derived["bmi_bp"]?.numbers?.map(\.bitPattern)
                == product.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }
                || zip(derived["bmi_bp"]!.numbers!, product).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(zip(derived["twice"]!.numbers!, product).allSatisfy { $0 == $1 * 2 || ($0.isNaN && $1.isNaN) })
        #expect(derived["flag"]?.numbers == bp.map { $0 > 2 ? 1 : 0 })
        #expect(derived["label"]?.kind == .categorical)
        #expect(
            (0..<5).map { derived["label"]!.strings![$0] }
                == (0..<5).map { bp[$0] > 2 ? "high" : Self.frame["city"]!.strings![$0] })
        #expect(derived["r"]?.numbers?[0] == 3.3)
        #expect(derived["mod"]?.numbers?[0] == 2, "Python-style modulo")
        #expect(derived["f"]?.numbers?[2].isNaN == true, "missing propagates")
        #expect(derived.columnCount == Self.frame.columnCount + 7)
    }

    @Test func deriveChecksEverythingBeforeEvaluating() throws {
        #expect(throws: ExpressionError.self) {
            try Self.frame.deriving([(name: "ok", expression: "bmi * 2"), (name: "bad", expression: "nope + 1")])
        }
    }

    @Test func checkNeedsNoRows() throws {
        let schema = Schema(fields: [
            Schema.Field(name: "x", kind: .numeric), Schema.Field(name: "s", kind: .categorical),
        ])
        #expect(try Expression("x * 2 + abs(x)").check(against: schema) == .number)
        #expect(try Expression("s in ['a'] and x > 1").check(against: schema, expecting: .boolean) == .boolean)
        #expect(try Expression("if(x > 0, s, 'neg')").check(against: schema) == .string)
    }
}
