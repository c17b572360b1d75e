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
    /// Integers of every size up to 2^40, scaled by a power of two, are exact doubles, and so is
    /// their sum in integer arithmetic: an oracle that needs no fixture. 300,000 of them, mostly
    /// positive, span three hundred chunks and forty exponents, in an order that moves between
    /// small and large: a bin left out of the carries overflows.
    @Test(arguments: [0, -30, 700, -1000])
    func matchesIntegerArithmetic(scale: Int) {
        var generator = Xoshiro256StarStar(seed: 23 + UInt64(scale + 1000))
        let integers = (0..<300_000).map { index -> Int in
            let bits = Int.random(in: 0...40, using: &generator)
            let magnitude = Int.random(in: 0...(1 << bits), using: &generator)
            return index % 10 == 0 ? -magnitude : magnitude
        }
        let factor = Double(sign: .plus, exponent: scale, significand: 1)
        let values = integers.map { Double($0) * factor }
        let exact = Double(integers.reduce(0, +)) * factor
        #expect(ExactSum.of(values).bitPattern == exact.bitPattern, "scale 2^\(scale)")
    }

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
