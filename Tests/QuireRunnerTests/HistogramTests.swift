import Foundation
import QuireRunner
import Testing

/// Profile histograms agree with numpy.histogram (fixtures from scripts/runner_fixtures.py).
@Suite struct HistogramTests {
    struct Fixture: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var values: [Double?]
        var counts: [Int]
        var low: Double
        var high: Double
        var testDescription: String { name }
    }

    static let fixtures: [Fixture] = {
        let url = Bundle.module.url(forResource: "Fixtures/histograms", withExtension: "json")!
        return try! JSONDecoder().decode([Fixture].self, from: Data(contentsOf: url))
    }()

    @Test(arguments: fixtures)
    func matchesNumpy(_ fixture: Fixture) {
        let histogram = Histogram(column: "x", values: fixture.values.map { $0 ?? .nan }, bins: 20)
        #expect(histogram.counts == fixture.counts)
        #expect(histogram.low == fixture.low)
        #expect(histogram.high == fixture.high)
    }

    @Test func emptyColumnHasNoBins() {
        #expect(Histogram(column: "x", values: [.nan, .nan], bins: 20).counts.isEmpty)
    }
}
