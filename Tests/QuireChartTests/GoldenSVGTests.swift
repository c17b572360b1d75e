import Foundation
import QuireSupport
import TestSupport
import Testing

@testable import QuireChart

/// Every mark drawn from fixed data, compared with the SVG committed under Fixtures/charts/ (one
/// element per line, so a difference reads as a diff). After a deliberate change to the drawing,
/// look at the new charts, then re-record them:
/// `QUIRE_RECORD=1 swift test --skip-build --filter GoldenSVGTests`.
@Suite struct GoldenSVGTests {
    /// A deterministic pseudo-random sequence in [0, 1) (a 64-bit LCG), so the fixtures need no seed API.
    static func noise(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static let day = 86_400.0

    static let cases: [(String, ChartSpec, [String: ChartColumn])] = {
        let depth = [2.0, 4, 6, 8, 10, 2, 4, 6, 8, 10]
        let score = [0.71, 0.78, 0.81, 0.80, 0.79, 0.69, 0.74, 0.79, 0.82, 0.81]
        let algorithm = Array(repeating: "forest", count: 5) + Array(repeating: "boosting", count: 5)
        let n = 300
        let u = noise(n, seed: 1)
        let v = noise(n, seed: 2)
        let x = u.map { $0 * 10 }
        let y = zip(u, v).map { $0 * 8 + $1 * 4 }
        let group = (0..<n).map { ["north", "south", "east"][$0 % 3] }
        let big = 6_000
        let bu = noise(big, seed: 3)
        let bv = noise(big, seed: 4)
        let dates = (0..<120).map { Double(CivilDate.days(year: 2024, month: 1, day: 1) + $0 * 3) * day }
        let sales = (0..<120).map { 100 + 30 * sin(Double($0) / 9) + Double($0) }
        return [
            (
                "line-grouped", ChartSpec(mark: .line, x: "max_depth", y: "score", color: "algorithm", title: "Tuning"),
                ["max_depth": .numbers(depth), "score": .numbers(score), "algorithm": .texts(algorithm)]
            ),
            (
                "bar-grouped", ChartSpec(mark: .bar, x: "region", y: "y", color: "algorithm"),
                [
                    "region": .texts((0..<10).map { ["north", "south"][$0 % 2] }), "y": .numbers(score),
                    "algorithm": .texts(algorithm),
                ]
            ),
            (
                "bar-stacked-rule",
                ChartSpec(
                    mark: .bar, x: "group", color: "half", stack: true,
                    rules: [Rule(axis: .y, value: 60, label: "target")]),
                ["group": .texts(group), "half": .texts(u.map { $0 < 0.5 ? "low" : "high" })]
            ),
            ("histogram", ChartSpec(mark: .histogram, x: "y", bins: 12), ["y": .numbers(y)]),
            ("box", ChartSpec(mark: .box, x: "group", y: "y"), ["group": .texts(group), "y": .numbers(y)]),
            (
                "heatmap", ChartSpec(mark: .heatmap, x: "actual", y: "predicted"),
                [
                    "actual": .texts(u.map { $0 < 0.6 ? "stay" : "churn" }),
                    "predicted": .texts(zip(u, v).map { $0 + $1 * 0.4 < 0.8 ? "stay" : "churn" }),
                ]
            ),
            (
                "point-size", ChartSpec(mark: .point, x: "x", y: "y", size: "v"),
                [
                    "x": .numbers(Array(x.prefix(40))), "y": .numbers(Array(y.prefix(40))),
                    "v": .numbers(Array(v.prefix(40))),
                ]
            ),
            (
                "point-log", ChartSpec(mark: .point, x: "x", y: "y", color: "group", yScale: .log),
                [
                    "x": .numbers(Array(x.prefix(60))), "y": .numbers(u.prefix(60).map { pow(10, $0 * 4) }),
                    "group": .texts(Array(group.prefix(60))),
                ]
            ),
            (
                "point-density", ChartSpec(mark: .point, x: "x", y: "y"),
                ["x": .numbers(bu.map { $0 * 2 - 1 }), "y": .numbers(zip(bu, bv).map { $0 + $1 })]
            ),
            (
                "area-time",
                ChartSpec(
                    mark: .area, x: "date", y: "sales", rules: [Rule(axis: .x, value: dates[60], label: "launch")]),
                ["date": .dates(dates), "sales": .numbers(sales)]
            ),
            (
                "facets", ChartSpec(mark: .point, x: "x", y: "y", facet: "group", columns: 2),
                ["x": .numbers(x), "y": .numbers(y), "group": .texts(group)]
            ),
            ("rule", ChartSpec(mark: .rule, y: "y"), ["y": .numbers([1, 2.5, 4])]),
        ]
    }()

    @Test(arguments: cases.map(\.0))
    func chartMatchesItsGolden(_ name: String) throws {
        let (_, spec, columns) = try #require(Self.cases.first { $0.0 == name })
        let chart = try ChartBuilder.build(spec, columns: columns, rows: columns.values.first?.count ?? 0)
        let svg = ChartRenderer.svg(chart, label: chart.caption)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/charts/\(name).svg")
        let readable = svg.replacingOccurrences(of: "><", with: ">\n<") + "\n"
        if let difference = Golden.mismatch(readable, goldenAt: url) { Issue.record("\(difference)") }
    }

    @Test func everySVGHasAViewBoxAndEscapesText() throws {
        let spec = ChartSpec(mark: .bar, x: "name", title: "<b>")
        let chart = try ChartBuilder.build(spec, columns: ["name": .texts(["a<b", "c&d"])], rows: 2)
        let svg = ChartRenderer.svg(chart, label: "x < y")
        #expect(svg.hasPrefix("<svg class=\"qchart\""))
        #expect(svg.contains("viewBox=\"0 0 640 "))
        #expect(svg.contains("a&lt;b") && svg.contains("c&amp;d") && svg.contains("x &lt; y"))
        #expect(!svg.contains("a<b"))
    }
}
