/// How to write a frame as CSV so that ``CSVReader`` reads it back to the same frame, and the
/// reader options that do so.
///
/// Two things would otherwise change on the way back (docs/engine.md, "Writing CSV"):
/// - a text value that is a missing marker (`NA`, `null`, empty, or only spaces) would read as
///   missing: then missing values are written as the first marker no text value uses (`""`, `NA`,
///   `N/A`, `null`, `NaN`, `NA_1`, `NA_2`, …) and the reader is told that marker only;
/// - a text column whose values all look like numbers (`007`, `1.50`, `nan`), or that has no
///   value at all, would be inferred numeric: the reader is told it is categorical.
///
/// ```swift
/// let plan = try CSVRoundTrip(for: frame)
/// let text = plan.text(for: frame)
/// let back = try CSVReader.read(bytes: Array(text.utf8), options: plan.options)   // == frame
/// ```
public struct CSVRoundTrip: Sendable, Equatable {
    /// What a missing value is written as: empty unless a text value would read as missing.
    public var missingMarker: String
    /// Text columns to read with a `categorical` type override, in the frame's order.
    public var textColumns: [String]
    /// Whether the reader must be told the marker: some text value is one of its default markers.
    public var needsMarker: Bool

    /// The plan for `frame`.
    ///
    /// - Throws: ``FrameError`` `invalidArgument` for a frame CSV cannot hold: one without columns
    ///   (the file would be empty), or with an empty column name (read back as `column_N`).
    public init(for frame: Frame) throws {
        guard frame.columnCount > 0 else {
            throw FrameError(
                .invalidArgument, "the frame has no columns, so its CSV file would be empty",
                hint: "select at least one column before writing")
        }
        if let index = frame.columnNames.firstIndex(where: { Self.trimmed($0).isEmpty }) {
            throw FrameError(
                .invalidArgument,
                "column \(index + 1) has an empty name, which CSV reads back as `column_\(index + 1)`",
                hint: "rename it first, e.g. `rename: {from: …, columns: {\"\": name}}`")
        }
        var used: Set<String> = []
        var textColumns: [String] = []
        for column in frame.columns {
            guard case .categorical(let values) = column.values else { continue }
            var present = [Bool](repeating: false, count: values.categories.count)
            for code in values.codes where code >= 0 { present[Int(code)] = true }
            var allNumbers = true
            for (category, isPresent) in zip(values.categories, present) where isPresent {
                used.insert(String(Self.trimmed(category)))
                if allNumbers, !Self.looksLikeNumber(category) { allNumbers = false }
            }
            if allNumbers { textColumns.append(column.name) }
        }
        var marker = ""
        var candidates = ["", "NA", "N/A", "null", "NaN"].makeIterator()
        var suffix = 0
        while true {
            if let next = candidates.next() {
                marker = next
            } else {
                suffix += 1
                marker = "NA_\(suffix)"
            }
            if !used.contains(marker) { break }
        }
        missingMarker = marker
        needsMarker = !used.isDisjoint(with: CSVOptions().missingMarkers)
        self.textColumns = textColumns
    }

    /// The reader's options that give the frame back.
    public var options: CSVOptions {
        var options = CSVOptions()
        if needsMarker { options.missingMarkers = [missingMarker] }
        for name in textColumns { options.types[name] = .categorical }
        return options
    }

    /// Whether the reader needs options beyond its defaults.
    public var needsOptions: Bool { needsMarker || !textColumns.isEmpty }

    /// The frame as CSV text (``CSVWriter``), missing values as ``missingMarker``.
    public func text(for frame: Frame) -> String {
        CSVWriter.text(for: frame, missing: missingMarker)
    }

    /// `text` without the spaces and tabs the reader trims before comparing with a marker.
    static func trimmed(_ text: String) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return text[first...last]
    }

    /// Whether the reader would take `text` for a number.
    static func looksLikeNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { DecimalParser.parse(UnsafeBufferPointer($0)) != nil }
    }
}
