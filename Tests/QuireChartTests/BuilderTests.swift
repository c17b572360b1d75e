import Foundation
import Testing

@testable import QuireChart

/// What ChartBuilder makes of a spec and columns: bars, stacks, boxes, downsampling, and the
/// mistakes it refuses at their parameter.
@Suite struct BuilderTests {
    static let models: [String: ChartColumn] = [
        "model": .texts(["forest", "baseline", "tuned", "forest"]),
        "auc": .numbers([0.8, 0.7, 0.75, 0.9]),
        "split": .texts(["a", "a", "a", "b"]),
        "loss": .numbers([1, 0, -2, 3]),
    ]

    func build(_ spec: ChartSpec, _ columns: [String: ChartColumn] = models) throws -> Chart {
        try ChartBuilder.build(spec, columns: columns, rows: columns.values.first?.count ?? 0)
    }

    func error(_ spec: ChartSpec, _ columns: [String: ChartColumn] = models) -> ChartError? {
        do {
            _ = try build(spec, columns)
            return nil
        } catch let error as ChartError {
            return error
        } catch {
            return nil
        }
    }

    @Test func barsSumRowsOfOneCategoryInFirstAppearanceOrder() throws {
        let chart = try build(ChartSpec(mark: .bar, x: "model", y: "auc"))
        #expect(chart.x.categories == ["forest", "baseline", "tuned"])
        let heights = chart.panels[0].cells.map(\.y1)
        #expect(abs(heights[0] - 1.7) < 1e-12 && heights[1] == 0.7 && heights[2] == 0.75)
        #expect(chart.y.lower == 0 && chart.y.upper >= 1.7)
        #expect(chart.caption == "auc by model.")
        #expect(chart.notes.contains { $0.contains("summed") })
    }

    @Test func pointSizesBesideAColourLegendAreSaidInTheNotesWithThreeSignificantDigits() throws {
        let columns: [String: ChartColumn] = [
            "x": .numbers([1, 2, 3]), "y": .numbers([1, 2, 3]), "v": .numbers([1.070_57, 4, 10.085_6]),
            "g": .texts(["a", "b", "a"]),
        ]
        // With colour in the legend, the sizes' range is said in the notes.
        let chart = try build(ChartSpec(mark: .point, x: "x", y: "y", color: "g", size: "v"), columns)
        #expect(chart.notes.contains("point area shows v (1.07 to 10.1)"), "\(chart.notes)")
    }

    @Test func barsWithoutYCountRows() throws {
        let chart = try build(ChartSpec(mark: .bar, x: "split"))
        #expect(chart.panels[0].cells.map(\.y1) == [3, 1])
        #expect(chart.y.title == "count")
    }

    @Test func stackedBarsStartWhereTheLastEnded() throws {
        let columns: [String: ChartColumn] = [
            "g": .texts(["a", "a", "b"]), "c": .texts(["x", "y", "x"]), "v": .numbers([2, 3, 4]),
        ]
        let chart = try build(ChartSpec(mark: .bar, x: "g", y: "v", color: "c", stack: true), columns)
        let cells = chart.panels[0].cells
        #expect(cells.map(\.y0) == [0, 2, 0])
        #expect(cells.map(\.y1) == [2, 5, 4])
        #expect(chart.legend?.categories == ["x", "y"])
        let grouped = try build(ChartSpec(mark: .bar, x: "g", y: "v", color: "c"), columns)
        #expect(grouped.panels[0].cells.allSatisfy { $0.y0 == 0 })
        #expect(grouped.panels[0].cells[0].x1 <= grouped.panels[0].cells[1].x0 + 1e-12)
    }

    @Test func boxesUseNumpyQuartilesAndFences() throws {
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 100]
        let chart = try build(
            ChartSpec(mark: .box, y: "v"), ["v": .numbers(values)])
        let box = try #require(chart.panels[0].boxes.first)
        #expect(box.q1 == 3 && box.median == 5 && box.q3 == 7)
        #expect(box.high == 8 && box.low == 1)
        #expect(box.outliers == [100])
    }

    @Test func largeScattersAreBinnedAndLongLinesReduced() throws {
        let count = 12_000
        let x = (0..<count).map { Double($0) }
        let y = x.map { sin($0 / 100) }
        let scatter = try build(ChartSpec(mark: .point, x: "x", y: "y"), ["x": .numbers(x), "y": .numbers(y)])
        #expect(scatter.panels[0].series.isEmpty)
        #expect(scatter.panels[0].cells.count <= Limits.densityColumns * Limits.densityRows)
        #expect(scatter.legend?.kind == .sequential && scatter.legend?.upper ?? 0 >= 1)
        let line = try build(ChartSpec(mark: .line, x: "x", y: "y"), ["x": .numbers(x), "y": .numbers(y)])
        #expect(line.panels[0].series[0].x.count == Limits.lineTarget)
        #expect(line.notes.contains { $0.contains("LTTB") })
    }

    @Test func linesAreOrderedByX() throws {
        let chart = try build(
            ChartSpec(mark: .line, x: "x", y: "y"), ["x": .numbers([3, 1, 2]), "y": .numbers([30, 10, 20])])
        #expect(chart.panels[0].series[0].x == [1, 2, 3])
        #expect(chart.panels[0].series[0].y == [10, 20, 30])
    }

    @Test func facetsWrapInFirstAppearanceOrder() throws {
        let chart = try build(ChartSpec(mark: .point, x: "auc", y: "loss", facet: "split", columns: 1))
        #expect(chart.panels.map(\.title) == ["a", "b"])
        #expect(chart.panels[0].series[0].x.count == 3)
    }

    @Test func mistakesPointAtTheirParameter() {
        let log = error(ChartSpec(mark: .point, x: "auc", y: "loss", yScale: .log))
        #expect(log?.parameter == "y_scale")
        #expect(log?.message.contains("positive") == true)
        #expect(error(ChartSpec(mark: .point, x: "model", y: "auc", xScale: .log))?.parameter == "x_scale")
        #expect(error(ChartSpec(mark: .histogram, x: "model"))?.parameter == "x")
        let missing = error(ChartSpec(mark: .bar, x: "modle"))
        #expect(missing?.parameter == "x")
        #expect(missing?.hint?.contains("model") == true)
        #expect(error(ChartSpec(mark: .histogram, x: "auc", y: "loss"))?.parameter == "y")
        #expect(error(ChartSpec(mark: .line, x: "auc"))?.parameter == "mark")
        let many: [String: ChartColumn] = [
            "x": .numbers((0..<9).map(Double.init)), "c": .texts((0..<9).map { "c\($0)" }),
        ]
        #expect(error(ChartSpec(mark: .point, x: "x", y: "x", color: "c"), many)?.parameter == "color")
        #expect(
            error(ChartSpec(mark: .bar, x: "model", rules: [Rule(axis: .x, value: 1)]))?.parameter == "rules")
        #expect(error(ChartSpec(mark: .point, x: "auc", y: "loss", xScale: .time))?.parameter == "x_scale")
    }

    @Test func rulesWidenTheAxis() throws {
        let chart = try build(
            ChartSpec(mark: .bar, x: "model", y: "auc", rules: [Rule(axis: .y, value: 2.5, label: "goal")]))
        #expect(chart.y.upper >= 2.5)
        #expect(chart.rules.first?.label == "goal")
    }

    @Test func textCategoriesKeepFirstAppearanceAndNumbersSort() {
        #expect(Categories(.texts(["b", "a", nil, "b", "c"])).labels == ["b", "a", "c"])
        #expect(Categories(.numbers([3, 1, .nan, 2, 1])).labels == ["1", "2", "3"])
        #expect(Categories(.numbers([3, 1, .nan])).index == [1, 0, nil])
    }
}

/// The chart a step stores is plain data: it survives the cache's JSON and draws the same.
@Suite struct ChartValueTests {
    @Test func aChartRoundTripsThroughJSONAndDrawsTheSameBytes() throws {
        let columns: [String: ChartColumn] = [
            "x": .dates((0..<50).map { Double($0) * 3_600 }), "y": .numbers((0..<50).map { sin(Double($0)) }),
            "g": .texts((0..<50).map { $0 % 2 == 0 ? "even" : "odd" }),
        ]
        let spec = ChartSpec(mark: .line, x: "x", y: "y", color: "g", rules: [Rule(axis: .y, value: 0, label: "zero")])
        let chart = try ChartBuilder.build(spec, columns: columns, rows: 50)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let decoded = try JSONDecoder().decode(Chart.self, from: encoder.encode(chart))
        #expect(decoded == chart)
        #expect(ChartRenderer.svg(decoded, label: "l") == ChartRenderer.svg(chart, label: "l"))
        let again = try ChartBuilder.build(spec, columns: columns, rows: 50)
        #expect(try encoder.encode(again) == encoder.encode(chart))
        // Two days of hours: the time axis ticks at round hours or days.
        let svg = ChartRenderer.svg(chart, label: "l")
        #expect(svg.contains(">Jan 1 00:00</text>") || svg.contains(">Jan 1, 1970</text>"), "\(svg)")
    }

    @Test func aTimeAxisShorterThanAnHourStillHasTicks() throws {
        let columns: [String: ChartColumn] = [
            "t": .dates((0..<30).map { 1_700_000_000 + Double($0) * 10 }), "v": .numbers((0..<30).map(Double.init)),
        ]
        let chart = try ChartBuilder.build(ChartSpec(mark: .line, x: "t", y: "v"), columns: columns, rows: 30)
        let svg = ChartRenderer.svg(chart, label: "l")
        #expect(svg.contains("2023-11-14 22:1"), "\(svg)")
    }
}
