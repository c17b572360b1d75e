import Foundation
import Testing

@testable import QuireEngine

/// The expression language's text and null functions against pandas' `.str` methods, `fillna`
/// and `isin` (scripts/prepare_fixtures_strings.py), their mistakes at their position, and the
/// bounded regular expressions.
@Suite struct StringFunctionTests {
    struct Oracle: Sendable, CustomTestStringConvertible {
        var expression: String
        var type: String
        var strings: [String?]
        var flags: [Bool]
        var numbers: [Double]
        var testDescription: String { expression }
    }

    static let fixture: (frame: Frame, cases: [Oracle])? = {
        let url = FixtureFiles.root.appendingPathComponent("prepare/strings.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let columns = object["columns"] as? [String: [Any]], let cases = object["cases"] as? [[String: Any]]
        else { return nil }
        let text = ["s", "t"].map { name in Column(name: name, strings: (columns[name] ?? []).map { $0 as? String }) }
        let numbers = ["x", "y"].map { name in
            Column(name: name, numbers: (columns[name] ?? []).map(FixtureFiles.double))
        }
        guard let frame = try? Frame(columns: text + numbers) else { return nil }
        return (
            frame,
            cases.map { item in
                let values = item["values"] as? [Any] ?? []
                return Oracle(
                    expression: item["expression"] as? String ?? "", type: item["type"] as? String ?? "",
                    strings: values.map { $0 as? String }, flags: values.map { ($0 as? Bool) ?? false },
                    numbers: values.map(FixtureFiles.double))
            }
        )
    }()

    @Test(arguments: fixture?.cases ?? [])
    func agreesWithPandas(_ oracle: Oracle) throws {
        let frame = try #require(Self.fixture?.frame)
        let expression = try Expression(oracle.expression)
        let value = try expression.evaluate(on: frame)
        switch (oracle.type, value) {
        case ("string", .strings(let strings)):
            let got = (0..<strings.count).map { strings[$0] }
            for row in 0..<frame.rowCount where got[row] != oracle.strings[row] {
                Issue.record(
                    "row \(row): \(String(describing: got[row])) != pandas \(String(describing: oracle.strings[row]))")
                break
            }
            // Categories are distinct, so `==` on the result sees every row with that value.
            #expect(Set(strings.categories).count == strings.categories.count)
        case ("boolean", .booleans(let flags)):
            #expect(flags == oracle.flags)
        case ("number", .numbers(let numbers)):
            #expect(numbers.count == oracle.numbers.count)
            for (a, b) in zip(numbers, oracle.numbers) where !close(a, b) {
                Issue.record("\(a) != pandas \(b)")
                break
            }
        default:
            Issue.record("\(oracle.expression) gave \(value), pandas a \(oracle.type)")
        }
    }

    @Test func fixtureIsThere() {
        #expect((Self.fixture?.cases.count ?? 0) >= 30)
    }

    static let frame = try! Frame(columns: [
        Column(name: "city", strings: ["New York", "york", nil, "Paris"]),
        Column(name: "zip", strings: ["007", "10001", nil, "x"]),
        Column(name: "n", numbers: [1, 2, .nan, 4]),
    ])

    struct Bad: Sendable, CustomTestStringConvertible {
        var expression: String
        var code: ExpressionError.Code
        var column: Int
        var hint: String?
        var testDescription: String { expression }
    }

    static let bad: [Bad] = [
        Bad(expression: "n ** 2 > 1", code: .syntax, column: 3, hint: "for a power write `pow(x, y)`"),
        Bad(expression: "n ^ 2 > 1", code: .syntax, column: 3, hint: "for a power write `pow(x, y)`"),
        Bad(expression: "n // 2 > 1", code: .syntax, column: 3),
        Bad(expression: "n <> 2", code: .syntax, column: 3, hint: "write `!=` for “not equal”"),
        Bad(expression: "lower(n) == \"a\"", code: .typeMismatch, column: 7),
        Bad(expression: "contains(city, zip)", code: .typeMismatch, column: 16),
        Bad(expression: "contains(city)", code: .wrongArgumentCount, column: 1),
        Bad(expression: "contain(city, \"a\")", code: .unknownFunction, column: 1, hint: "did you mean `contains`?"),
        Bad(expression: "substring(city, 1.5) == \"a\"", code: .typeMismatch, column: 17),
        Bad(expression: "substring(city, 0, -1) == \"a\"", code: .typeMismatch, column: 20),
        Bad(expression: "city + \"x\" == \"a\"", code: .typeMismatch, column: 6, hint: "join text with `concat(a, b)`"),
        Bad(expression: "concat(city, n) == \"a\"", code: .typeMismatch, column: 14),
        Bad(expression: "coalesce(n, city) > 1", code: .typeMismatch, column: 13),
        Bad(expression: "matches(city, \"a(b\")", code: .syntax, column: 17),
        Bad(expression: "matches(city, \"a)\")", code: .syntax, column: 17),
        Bad(expression: "matches(city, \"(?=a)\")", code: .syntax, column: 16),
        Bad(expression: "matches(city, \"(a)\\1\")", code: .syntax, column: 19),
        Bad(expression: "matches(city, \"*a\")", code: .syntax, column: 16),
        Bad(expression: "matches(city, \"[z-a]\")", code: .syntax, column: 17),
        Bad(expression: "matches(city, \"a{3,2}\")", code: .syntax, column: 17),
        Bad(expression: "matches(city, \"\\q\")", code: .syntax, column: 16),
    ]

    @Test(arguments: bad)
    func mistakesPointAtTheToken(_ bad: Bad) throws {
        do {
            _ = try Self.frame.filter(bad.expression)
            Issue.record("no error for \(bad.expression)")
        } catch let error as ExpressionError {
            #expect(error.code == bad.code, "\(error)")
            #expect(error.column == bad.column, "\(error)")
            if let hint = bad.hint { #expect(error.hint == hint, "\(error)") }
        }
    }

    @Test func checkWithoutColumnsFindsSyntaxFunctionsAndPatterns() throws {
        #expect(throws: ExpressionError.self) { try Expression("nope(x) > 1").checkFunctions() }
        #expect(throws: ExpressionError.self) { try Expression("matches(x, \"(\")").checkFunctions() }
        #expect(throws: ExpressionError.self) { try Expression("lower(x, y) == \"a\"").checkFunctions() }
        // Unknown columns are not its business: they need the data.
        try Expression("contains(lower(unknown_column), \"york\")").checkFunctions()
    }

    @Test func containsLowerIsTheDesignSpelling() throws {
        let kept = try Self.frame.filter("contains(lower(city), \"york\")")
        #expect(kept.rowCount == 2)
    }

    @Test func escapesKeepTheirBackslashUnlessKnown() throws {
        let value = try Expression("matches(zip, \"^\\d+$\")").evaluate(on: Self.frame)
        #expect(value == .booleans([true, true, false, false]))
        let quoted = try Expression("concat(city, \"\\\"\", \"\\\\\", \"\\n\")").evaluate(on: Self.frame)
        guard case .strings(let strings) = quoted else { return #expect(Bool(false)) }
        #expect(strings[0] == "New York\"\\\n")
    }

    @Test func mappedCategoriesAreMergedSoEqualityFindsEveryRow() throws {
        let frame = try Frame(columns: [Column(name: "c", strings: ["A", "a", "a ", nil])])
        #expect(try frame.filter("lower(trim(c)) == \"a\"").rowCount == 3)
        #expect(try frame.filter("is_null(lower(c))").rowCount == 1)
        #expect(try frame.filter("not contains(c, \"a\")").rowCount == 2, "a missing value is false, so `not` keeps it")
    }

    @Test func regexIsLinearOnPathologicalPatterns() throws {
        // (a*)*b and (a|aa)*c backtrack exponentially in a backtracking matcher; here they are
        // linear in the text.
        let text = String(repeating: "a", count: 5_000)
        #expect(try BoundedRegex("^(a*)*b$").search(text) == false)
        #expect(try BoundedRegex("(a|aa)*c").search(text) == false)
        #expect(try BoundedRegex("^(a|aa)*$").search(text) == true)
        #expect(throws: BoundedRegex.Failure.self) { try BoundedRegex(String(repeating: "a", count: 1_001)) }
        #expect(throws: BoundedRegex.Failure.self) { try BoundedRegex("(a{1000}){1000}") }
    }

    @Test func regexSyntax() throws {
        let cases: [(String, String, Bool)] = [
            ("a.c", "abc", true), ("a.c", "a\nc", false), ("^ab", "cab", false), ("ab$", "cab", true),
            ("[a-c]+x", "zzbcx", true), ("[^a-c]", "abc", false), ("\\d{3}", "a12b", false), ("\\d{3}", "a123", true),
            ("colou?r", "color", true), ("x{2,}", "xx", true), ("x{2,}", "x", false), ("a{,2}b", "b", true),
            ("\\bcat\\b", "a cat!", true), ("\\bcat\\b", "concat", false), ("\\x41", "A", true), ("a|b|c", "c", true),
            ("(?:ab)+$", "abab", true), ("[\\d-]+", "-", true), ("a{", "a{", true), ("\\.", "a", false),
            ("é", "café", true),
            ("\\W", "été", false), ("[]a]", "]", true), ("a+?b", "aab", true),
        ]
        for (pattern, text, expected) in cases {
            #expect(try BoundedRegex(pattern).search(text) == expected, "\(pattern) on \(text)")
        }
    }

    @Test func constantsAndMissingValues() throws {
        let value = try Expression("concat(\"a\", \"b\") == \"ab\" and length(\"é\") == 1").evaluate(on: Self.frame)
        #expect(value == .booleans([true, true, true, true]))
        let lengths = try Expression("length(city)").evaluate(on: Self.frame)
        guard case .numbers(let numbers) = lengths else { return #expect(Bool(false)) }
        #expect(numbers[0] == 8 && numbers[2].isNaN)
        let coalesced = try Expression("coalesce(city, zip, \"none\")").evaluate(on: Self.frame)
        guard case .strings(let strings) = coalesced else { return #expect(Bool(false)) }
        #expect(strings[2] == "none")
    }
}
