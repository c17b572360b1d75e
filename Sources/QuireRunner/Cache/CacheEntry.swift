import QuireEngine

/// What the cache holds for one key: the outputs' digests and summaries.
///
/// Stored as JSON under `entries/`; the outputs' bytes are content-addressed blobs under
/// `objects/`. A warm run reads only entries: a blob is read (and verified) when a step that
/// runs needs the value.
public struct CacheEntry: Codable, Sendable, Equatable {
    public var key: String
    public var op: String
    /// The step that wrote it (for `cache ls`; any step with the same key shares the entry).
    public var step: String
    public var components: KeyComponents
    public var outputs: [String: OutputRecord]
    /// Milliseconds the step took when it ran.
    public var durationMilliseconds: Int
}

/// One output of a step: where its bytes are and what it looks like.
public struct OutputRecord: Codable, Sendable, Equatable {
    public var kind: ValueKind
    /// SHA-256 of the encoded value: the blob's name, and what downstream keys use.
    public var digest: String
    public var byteCount: Int
    public var summary: OutputSummary
}

/// A small description of a value, enough for the report, the JSON summary and `when:`.
public struct OutputSummary: Codable, Sendable, Equatable {
    public struct ColumnInfo: Codable, Sendable, Hashable {
        public var name: String
        public var type: String
    }

    public var kind: ValueKind
    public var rows: Int?
    public var columns: [ColumnInfo]?
    /// The first rows, as text (nil for missing values).
    public var preview: [[String?]]?
    public var profile: FrameProfile?
    public var histograms: [Histogram]?
    /// A model's description (algorithm, hyperparameters, coefficients or importances).
    public var model: ModelCard?
    /// An evaluation's metrics, confusion matrix and curves.
    public var evaluation: Evaluation?
    public var table: Table?
    public var monitor: MonitorValue?
    /// True/false facts `when:` can use (`drift.detected`).
    public var flags: [String: Bool]?
    /// Numbers `when:` conditions can use (`customers.rows`).
    public var scalars: [String: Double]

    public static let previewRows = 10

    public init(_ value: StepValue) {
        kind = value.kind
        scalars = value.scalars
        switch value {
        case .frame(let frame):
            rows = frame.rowCount
            columns = frame.columns.map { ColumnInfo(name: $0.name, type: $0.kind.rawValue) }
            let shown = frame.head(Self.previewRows)
            preview = (0..<shown.rowCount).map { row in shown.columns.map { $0.text(at: row) } }
        case .profile(let value):
            rows = value.profile.rowCount
            profile = value.profile
            histograms = value.histograms
        case .model(let model):
            rows = model.trainingRows
            self.model = ModelCard(model)
        case .evaluation(let evaluation):
            rows = evaluation.rows
            self.evaluation = evaluation
        case .table(let table):
            rows = table.rows.count
            self.table = table
        case .monitor(let monitor):
            rows = monitor.rows.count
            self.monitor = monitor
            flags = monitor.flags
        }
    }
}

extension Column {
    /// The value at `row` as text for previews: integral numbers without a fraction, nil when missing.
    func text(at row: Int) -> String? {
        switch values {
        case .numeric(let numbers):
            let value = numbers[row]
            if value.isNaN { return nil }
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .categorical(let strings):
            return strings[row]
        }
    }
}
