import Foundation
import QuireEngine
import Testing

@Suite("Data-quality expectations")
struct ExpectationTests {
    let frame: Frame = {
        try! Frame(columns: [
            Column(name: "age", numbers: [25, 31, .nan, 47, 130, 31, -2, 40, 52, 33]),
            Column(
                name: "city", strings: ["Paris", "Lyon", nil, "paris", "Nice", "Lyon", "Lyon", "Nice", "Paris", "Oslo"]),
            Column(name: "id", numbers: (1...10).map(Double.init)),
            Column(name: "code", strings: ["A-1", "A-2", "B-3", "x", "A-5", "A-6", "A-7", "A-8", "A-9", "A-10"]),
        ])
    }()

    func result(_ expectation: QuireEngine.Expectation) -> ExpectationResult {
        Expectations.evaluate([expectation], on: frame)[0]
    }

    @Test func notNull() {
        let r = result(.notNull(column: "age"))
        #expect(r.failingCount == 1 && r.total == 10 && !r.success && r.status == .alert)
        #expect(r.examples == [FailingExample(row: 2, value: "null")])
        let tolerated = result(.notNull(column: "age", mostly: 0.9))
        #expect(tolerated.success && tolerated.status == .warn)
        #expect(result(.notNull(column: "id")).status == .ok)
    }

    @Test func between() {
        let r = result(.between(column: "age", min: 0, max: 120))
        #expect(r.failingCount == 2 && r.total == 9 && !r.success)
        #expect(r.examples.map(\.row) == [4, 6] && r.examples.map(\.value) == ["130", "-2"])
        #expect(result(.between(column: "age", min: 0, max: 120, mostly: 0.75)).success)
        #expect(result(.between(column: "age", min: -2, max: 130)).failingCount == 0)
        #expect(result(.between(column: "age", min: nil, max: 100)).failingCount == 1)
        #expect(!result(.between(column: "city", min: 0, max: 1)).success)
    }

    @Test func uniqueAndInSet() {
        let unique = result(.unique(column: "city"))
        #expect(unique.failingCount == 7 && unique.total == 9)  // Lyon ×3, Paris ×2, Nice ×2; paris ≠ Paris
        #expect(result(.unique(column: "id")).success)
        #expect(result(.unique(column: "age")).failingCount == 2)
        let inSet = result(.inSet(column: "city", values: ["Paris", "Lyon", "Nice"]))
        #expect(inSet.failingCount == 2 && inSet.examples.map(\.value) == ["paris", "Oslo"])
        #expect(result(.inSet(column: "id", values: (1...10).map { "\($0)" })).success)
        #expect(result(.inSet(column: "id", values: ["1", "2.0"])).failingCount == 8)
    }

    @Test func matchesUsesSearchSemantics() {
        #expect(result(.matches(column: "code", regex: "^[A-Z]-[0-9]+$")).failingCount == 1)
        #expect(result(.matches(column: "code", regex: "[0-9]")).failingCount == 1)
        #expect(result(.matches(column: "id", regex: "^[0-9]$")).failingCount == 1)  // "10"
        let invalid = result(.matches(column: "code", regex: "(unclosed"))
        #expect(!invalid.success && invalid.observed.contains("invalid regular expression"))
    }

    @Test func aggregates() throws {
        #expect(result(.rowCount(min: 5, max: 10)).success)
        #expect(!result(.rowCount(min: 11)).success)
        let mean = result(.meanBetween(column: "id", min: 5, max: 6))
        #expect(mean.success && mean.observedValue == 5.5)
        let std = result(.stdBetween(column: "id", min: 3.0, max: 3.1))
        let observedStd = try #require(std.observedValue)
        #expect(std.success && abs(observedStd - 3.0276503540974917) < 1e-12)
        #expect(!result(.stdBetween(column: "id", max: 3)).success)
        #expect(result(.columnExists(column: "city")).success)
        let missing = result(.columnExists(column: "cty"))
        #expect(!missing.success && missing.observed.contains("city"))
        #expect(result(.typeIs(column: "city", kind: .categorical)).success)
        #expect(!result(.typeIs(column: "age", kind: .categorical)).success)
    }

    @Test func examplesAreCappedAtFive() {
        let r = result(.inSet(column: "id", values: []))
        #expect(r.failingCount == 10 && r.examples.count == 5 && r.examples.first?.row == 0)
    }

    @Test func codableAndDescription() throws {
        let expectation = QuireEngine.Expectation.between(column: "age", min: 0, max: 120, mostly: 0.95)
        let data = try JSONEncoder().encode(expectation)
        #expect(try JSONDecoder().decode(QuireEngine.Expectation.self, from: data) == expectation)
        let decoded = try JSONDecoder().decode(
            QuireEngine.Expectation.self, from: Data(#"{"notNull":{"column":"x"}}"#.utf8))
        #expect(decoded == .notNull(column: "x") && decoded.mostly == 1)
        #expect(expectation.description == "between(age, min: 0, max: 120, mostly: 0.95)")
    }
}
