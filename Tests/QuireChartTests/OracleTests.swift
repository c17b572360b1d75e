import Foundation
import Testing

@testable import QuireChart

/// QuireChart's downsampling against independent references: scripts/chart_oracles.py computes
/// LTTB (its own implementation from the paper), numpy.histogram, numpy.histogram2d and
/// numpy.percentile, and stores them in Fixtures/oracles.json.
@Suite struct OracleTests {
    struct Oracles: Decodable {
        struct LTTB: Decodable {
            var x: [Double]
            var y: [Double]
            var threshold: Int
            var kept: [Int]
        }
        struct Histogram: Decodable {
            var values: [Double]
            var edges: [Double]
            var counts: [Int]
        }
        struct Density: Decodable {
            var x: [Double]
            var y: [Double]
            var xRange: [Double]
            var yRange: [Double]
            var columns: Int
            var rows: Int
            var counts: [Int]

            enum CodingKeys: String, CodingKey {
                case x, y, columns, rows, counts
                case xRange = "x_range"
                case yRange = "y_range"
            }
        }
        struct Quantiles: Decodable {
            var values: [Double]
            var q: [Double]
            var expected: [Double]
        }
        var lttb: [LTTB]
        var histogram: [Histogram]
        var density: [Density]
        var quantiles: [Quantiles]
    }

    static func oracles() throws -> Oracles {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/oracles.json")
        return try JSONDecoder().decode(Oracles.self, from: Data(contentsOf: url))
    }

    @Test func lttbKeepsTheReferencePoints() throws {
        let cases = try Self.oracles().lttb
        #expect(cases.count == 4)
        for test in cases {
            let kept = Downsampling.lttb(x: test.x, y: test.y, threshold: test.threshold)
            #expect(kept == test.kept, "threshold \(test.threshold) of \(test.x.count)")
            #expect(kept.count == test.threshold)
        }
    }

    @Test func lttbKeepsEverythingUnderTheThreshold() {
        #expect(Downsampling.lttb(x: [1, 2, 3], y: [1, 5, 2], threshold: 10) == [0, 1, 2])
    }

    @Test func histogramCountsMatchNumpy() throws {
        for test in try Self.oracles().histogram {
            #expect(Downsampling.histogram(test.values, edges: test.edges) == test.counts)
        }
    }

    @Test func densityGridMatchesHistogram2d() throws {
        for test in try Self.oracles().density {
            let counts = Downsampling.densityGrid(
                x: test.x, y: test.y, xRange: test.xRange[0]...test.xRange[1],
                yRange: test.yRange[0]...test.yRange[1], columns: test.columns, rows: test.rows)
            #expect(counts == test.counts, "\(test.columns) × \(test.rows)")
        }
    }

    @Test func quartilesMatchNumpyPercentile() throws {
        for test in try Self.oracles().quantiles {
            for (q, expected) in zip(test.q, test.expected) {
                #expect(abs(Downsampling.quantile(test.values, q) - expected) < 1e-9)
            }
        }
    }
}
