import Foundation
import QuireEngine
import QuireSupport

/// A table of typed columns: what `load`, `filter`, `split` and most data ops produce.
///
/// Stored in the engine's checksummed binary frame format. Its summary keeps the shape and the
/// first ``FrameSummary/previewLimit`` rows as text; a report shows as many of them as its
/// ``RenderOptions/previewRows`` asks.
public enum FrameKind: ValueKindDefinition {
    /// `frame`.
    public static let kind = ValueKind("frame", article: "a frame")

    /// The engine's binary frame format.
    public static func encode(_ frame: Frame) throws -> [UInt8] { FrameBinaryFormat.encode(frame) }

    /// The columns go to `sink` from their own buffers.
    public static func write(_ frame: Frame, into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try FrameBinaryFormat.write(frame, into: sink)
    }

    /// Reads the binary frame format, verifying its checksums.
    public static func decode(_ bytes: [UInt8]) throws -> Frame { try FrameBinaryFormat.decode(bytes) }

    /// Reads the binary frame format in place: one copy per column, checked as it is copied.
    public static func decode(mapped bytes: UnsafeRawBufferPointer) throws -> Frame {
        try FrameBinaryFormat.decode(bytes)
    }

    /// The format ends with an xxHash64 of everything before it.
    public static var checksItsBytes: Bool { true }

    /// The frame's shape and first rows.
    public static func summary(of frame: Frame) -> FrameSummary {
        let shown = frame.head(FrameSummary.previewLimit)
        // A date column prints in the form of the whole column (`YYYY-MM-DD` when all are midnight).
        let dateOnly = frame.columns.map { $0.dates.map(DateText.isDateOnly) ?? false }
        return FrameSummary(
            rows: frame.rowCount,
            columns: frame.columns.map { FrameSummary.Column(name: $0.name, type: $0.kind.rawValue) },
            preview: (0..<shown.rowCount).map { row in
                shown.columns.enumerated().map { $1.text(at: row, dateOnly: dateOnly[$0]) }
            })
    }

    /// `rows` and `columns`.
    public static func scalars(of summary: FrameSummary) -> [String: Double] {
        ["rows": Double(summary.rows), "columns": Double(summary.columns.count)]
    }

    /// `rows`, and `columns` as names and types.
    public static func json(of summary: FrameSummary) -> [String: JSONValue] {
        [
            "rows": .integer(summary.rows),
            "columns": .array(
                summary.columns.map { .object(["name": .string($0.name), "type": .string($0.type)]) }),
        ]
    }

    /// `quire_frame_rows`.
    public static let gauges = [GaugeFamily("quire_frame_rows", help: "Rows of each frame a step produced.")]

    /// The frame's rows, labelled with the output's name.
    public static func samples(of summary: FrameSummary, output: String, reproducible: Bool) -> [GaugeSample] {
        [GaugeSample("quire_frame_rows", labels: [("output", output)], Double(summary.rows))]
    }

    /// The shape in the caption, then a table of the first ``RenderOptions/previewRows`` rows.
    public static func render(_ summary: FrameSummary, name: String, options: RenderOptions) -> HTML {
        let columns = summary.columns
        let preview = summary.preview.prefix(max(options.previewRows, 0))
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        caption += .text(" · \(NumberFormat.integer(summary.rows)) rows × \(columns.count) columns")
        var head = HTML.empty
        for column in columns {
            head += .element(
                "th", ["class": column.type == "numeric" ? "num" : "cat"], .text(column.name),
                .element(
                    "span", ["class": "type"],
                    .text(column.type == "numeric" ? "num" : column.type == "date" ? "date" : "cat")))
        }
        var body = HTML.empty
        for row in preview {
            var cells = HTML.empty
            for (index, cell) in row.enumerated() {
                let numeric = index < columns.count && columns[index].type == "numeric"
                cells += .element(
                    "td", numeric ? ["class": "num"] : [:],
                    cell.map { .text(numeric ? dataCell($0) : $0) }
                        ?? .element("span", ["class": "missing"], .text("NA")))
            }
            body += .element("tr", [:], cells)
        }
        var table = HTML.element(
            "table", ["class": "frame"], .element("thead", [:], .element("tr", [:], head)), .element("tbody", [:], body)
        )
        if summary.rows > preview.count {
            table += .element(
                "p", ["class": "note"],
                .text("First \(preview.count) of \(NumberFormat.integer(summary.rows)) rows."))
        }
        return .element(
            "figure", ["class": "output frame"], .element("figcaption", [:], caption),
            OutputRendering.scrollingTable(table, columns: columns.count))
    }
}

extension FrameKind {
    /// A numeric cell of a preview as a person reads it: whole numbers as the data has them (ids
    /// and years without thousands separators); others without separators, with six significant
    /// digits but at most six decimals, as pandas prints a frame (`2.05458`, `1889.5`,
    /// `0.077511`; below 0.0001 in scientific notation, `1.2e-7`); text that is not a number as
    /// it is.
    public static func dataCell(_ text: String) -> String {
        guard let value = Double(text), value.isFinite, value != value.rounded() else { return text }
        let exponent = Int(log10(abs(value)).rounded(.down))
        let digits = exponent < -4 ? 6 : min(6, max(1, 7 + exponent))
        return NumberFormat.decimal(value, significantDigits: digits, grouping: false)
    }
}

/// What a cache entry keeps of a frame: its shape and first rows.
public struct FrameSummary: Codable, Sendable, Hashable {
    /// Rows kept for previews: the most a report can show (it shows ``RenderOptions/previewRows``,
    /// ten by default). Part of the cache entry's layout: changing it needs a new
    /// `CacheEntry.layoutVersion`, or old and new entries would preview differently.
    public static let previewLimit = 20

    /// A column's name and type.
    public struct Column: Codable, Sendable, Hashable {
        /// The column's name.
        public var name: String
        /// `numeric`, `categorical` or `date`.
        public var type: String

        /// A column named `name` of type `type`.
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// Rows of the frame.
    public var rows: Int
    /// The frame's columns, in order.
    public var columns: [Column]
    /// The first rows (at most ``previewLimit``), as text; nil for a missing value.
    public var preview: [[String?]]

    /// A summary of a frame of `rows` rows.
    public init(rows: Int, columns: [Column], preview: [[String?]]) {
        self.rows = rows
        self.columns = columns
        self.preview = preview
    }
}

extension ValueKind {
    /// A table of typed columns (``FrameKind``).
    public static let frame = FrameKind.kind
}

extension StepValue {
    /// A frame value.
    public static func frame(_ frame: Frame) -> StepValue { StepValue(FrameKind.self, frame) }

    /// The frame, when the value is one.
    public var frame: Frame? { self.as(FrameKind.self) }
}

extension OutputSummary {
    /// The frame's summary, when the output is a frame.
    public var frame: FrameSummary? { self.as(FrameKind.self) }
}

extension Column {
    /// The value at `row` as text for previews: integral numbers without a fraction, dates in ISO
    /// 8601 (`dateOnly`: without a time of day), nil when missing.
    func text(at row: Int, dateOnly: Bool) -> String? {
        switch values {
        case .numeric(let numbers):
            let value = numbers[row]
            if value.isNaN { return nil }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .categorical(let strings):
            return strings[row]
        case .date(let seconds):
            return DateText.format(seconds[row], dateOnly: dateOnly)
        }
    }
}
