import Foundation

/// How ``CSVReader`` reads a file.
///
/// The defaults read RFC 4180 comma-separated files the way pandas does, except where the engine
/// documentation (docs/engine.md, "CSV rules") says otherwise.
public struct CSVOptions: Sendable, Hashable {
    /// The field delimiter, a single ASCII character other than `"`, CR or LF. Default `,`.
    public var delimiter: Character = ","
    /// Field texts that mean "missing", compared after trimming spaces and tabs and after
    /// unquoting. Default: empty, `NA`, `N/A`, `null`, `NaN`.
    public var missingMarkers: Set<String> = ["", "NA", "N/A", "null", "NaN"]
    /// Per-column type overrides by column name; other columns are inferred (numeric when every
    /// present value parses as a number, date when every one is an ISO 8601 date, else
    /// categorical). A `date` override makes a value that is not an ISO date an error. Default none.
    public var types: [String: ColumnKind] = [:]
    /// Date columns written in another format, by column name (``DatePattern``, e.g. `%d/%m/%Y`):
    /// the column loads as dates, and a value that does not match is an error. Default none.
    public var dates: [String: DatePattern] = [:]
    /// Parser threads (at least 1); the result does not depend on it. Default: active processors.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Bytes read per block (at least 64); a block grows when one record is longer. Default 8 MiB.
    public var blockSize: Int = 8 << 20

    /// Creates options with the defaults.
    public init() {}

    /// Creates options, overriding the defaults given.
    public init(
        delimiter: Character = ",", missingMarkers: Set<String>? = nil, types: [String: ColumnKind] = [:],
        threads: Int? = nil, blockSize: Int? = nil
    ) {
        self.delimiter = delimiter
        if let missingMarkers { self.missingMarkers = missingMarkers }
        self.types = types
        if let threads { self.threads = threads }
        if let blockSize { self.blockSize = blockSize }
    }
}
