import Foundation
import Testing

@testable import QuireEngine

/// The long accumulator behind drift rows' means and standard deviations against Python's
/// `math.fsum`: Fixtures/monitor/exact_sums.json, written by scripts/exact_sum_fixtures.py.
@Suite("Exact sums against math.fsum")
struct ExactSumTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let values: [Double]
        let sum: Double
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard
            let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
                .appendingPathComponent("monitor/exact_sums.json"),
            let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = root["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { entry in
            guard let name = entry["name"] as? String, let values = entry["values"] as? [String],
                let sum = (entry["sum"] as? String).flatMap(Double.init)
            else { return nil }
            return Case(name: name, values: values.compactMap(Double.init), sum: sum)
        }
    }()

    @Test func theFixtureIsRead() {
        #expect(Self.cases.count == 21)
        // At least one case carries the bins between chunks more than once.
        #expect(Self.cases.contains { $0.values.count > 2 * 1023 })
    }

    @Test(arguments: cases)
    func agreesWithFsumToTheBit(_ oracle: Case) {
        let sum = ExactSum.of(oracle.values)
        #expect(sum.bitPattern == oracle.sum.bitPattern || (sum.isNaN && oracle.sum.isNaN), "\(sum) vs \(oracle.sum)")
    }

    @Test(arguments: cases)
    func doesNotDependOnTheOrder(_ oracle: Case) {
        var generator = Xoshiro256StarStar(seed: 7)
        let shuffled = oracle.values.shuffled(using: &generator)
        let sum = ExactSum.of(shuffled)
        #expect(sum.bitPattern == oracle.sum.bitPattern || (sum.isNaN && oracle.sum.isNaN))
    }

    @Test func addsInPartsAsAWhole() throws {
        let oracle = try #require(Self.cases.first { $0.name == "pairs and noise, shuffled" })
        var sum = ExactSum()
        for start in stride(from: 0, to: oracle.values.count, by: 100) {
            sum.add(Array(oracle.values[start..<min(start + 100, oracle.values.count)]))
        }
        #expect(sum.rounded.bitPattern == oracle.sum.bitPattern)
    }

    /// What fsum cannot give (it raises): both infinities are NaN; a finite sum past the largest
    /// double is an infinity; intermediate sums past it are still exact.
    @Test func whereFsumRaises() {
        #expect(ExactSum.of([.infinity, 1, -.infinity]).isNaN)
        #expect(ExactSum.of([.greatestFiniteMagnitude, .greatestFiniteMagnitude]) == .infinity)
        #expect(ExactSum.of([-.greatestFiniteMagnitude, -.greatestFiniteMagnitude]) == -.infinity)
        #expect(ExactSum.of([1e308, 1e308, -1e308, -1e308, 1]) == 1)
    }

    @Test func appliesTheTermBeforeSumming() {
        #expect(ExactSum.of([1, 2, 3]) { $0 * $0 } == 14)
    }
}
