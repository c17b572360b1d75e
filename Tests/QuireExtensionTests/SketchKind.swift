import QuireSupport
import QuireValues

/// A coarse histogram of one numeric column.
struct Sketch: Codable, Sendable, Equatable {
    var column: String
    var low: Double
    var high: Double
    var counts: [Int]
}

/// A value kind Quire does not ship, defined in one file: how it is stored (the protocol's
/// JSON default), its summary (the sketch itself), its HTML, its JSON, its `when:` facts and its
/// Prometheus gauge.
enum SketchKind: ValueKindDefinition {
    static let kind = ValueKind("histogram-sketch", article: "a histogram sketch")

    static func scalars(of sketch: Sketch) -> [String: Double] {
        ["bins": Double(sketch.counts.count), "total": Double(sketch.counts.reduce(0, +))]
    }

    static func flags(of sketch: Sketch) -> [String: Bool]? {
        ["empty": sketch.counts.allSatisfy { $0 == 0 }]
    }

    static func json(of sketch: Sketch) -> [String: JSONValue] {
        [
            "sketch": .object([
                "column": .string(sketch.column), "counts": .array(sketch.counts.map(JSONValue.integer)),
            ])
        ]
    }

    static let gauges = [GaugeFamily("quire_sketch_total", help: "Values counted by each histogram sketch.")]

    static func samples(of sketch: Sketch, output: String, reproducible: Bool) -> [GaugeSample] {
        [GaugeSample("quire_sketch_total", labels: [("output", output)], Double(sketch.counts.reduce(0, +)))]
    }

    static func render(_ sketch: Sketch, name: String, options: RenderOptions) -> HTML {
        var bins = HTML.empty
        for count in sketch.counts { bins += .element("li", [:], .text(String(count))) }
        return .element(
            "figure", ["class": "output sketch"],
            .element(
                "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
                .text(
                    " · \(sketch.column) from \(NumberFormat.decimal(sketch.low))"
                        + " to \(NumberFormat.decimal(sketch.high))")),
            .element("ol", ["class": "sketch"], bins))
    }
}
