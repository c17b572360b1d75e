import QuireEngine

/// What prose can quote of a step's output (`{{ eval.roc_auc }}`): per kind, the fields `check`
/// knows before anything runs, and each field's value in a run.
///
/// | kind | fields |
/// |---|---|
/// | frame, profile | `rows`, `columns` |
/// | evaluation | every metric by scikit-learn's name (`roc_auc`, `accuracy`, `r2`…), `rows`, `task` |
/// | model | `algorithm`, `task`, `target`, `rows` (trained on), `features` (how many) |
/// | monitor | `status` (`ok`, `warn`, `alert`), `ok`, `alert`, `max_value` (the largest measured value: the worst PSI of a drift), drift's `share`, `drifted`, `detected`, expectations' `failed`, `passed`, latency's `p50_ms`, `p95_ms`, `p99_ms`, `max_ms`, `throughput` |
/// | table | `rows`, `columns`, its metrics, and a cell: `COLUMN[ROW]` (`leaderboard.roc_auc[0]`, rows from 0) |
/// | transform | `columns`, `method` |
/// | written file | `rows`, `columns`, `bytes`, `path` |
public enum QuotableFields {
    /// A quoted value.
    public enum Value: Sendable, Equatable {
        /// A number, written with the quote's format.
        case number(Double)
        /// Text, written as it is.
        case text(String)
        /// `true` or `false`.
        case flag(Bool)
    }

    /// The fields of `kind` known before running, and whether others may exist (a table's columns).
    public static func fields(of kind: ValueKind) -> (names: [String], open: Bool) {
        switch kind.name {
        case FrameKind.kind.name, ProfileKind.kind.name: (["rows", "columns"], false)
        case EvaluationKind.kind.name:
            (
                ["rows", "task"]
                    + ModelTask.allCases.flatMap { Evaluation.metricNames(for: $0, classCount: 3) }, false
            )
        case ModelKind.kind.name: (["algorithm", "task", "target", "rows", "features"], false)
        case MonitorKind.kind.name:
            (
                [
                    "status", "ok", "alert", "max_value", "share", "drifted", "detected", "failed", "passed",
                    "p50_ms", "p95_ms", "p99_ms", "max_ms", "throughput",
                ], false
            )
        case TableKind.kind.name: (["rows", "columns"], true)
        case TransformKind.kind.name: (["columns", "method"], false)
        case WrittenFileKind.kind.name: (["rows", "columns", "bytes", "path"], false)
        default: ([], true)
        }
    }

    /// The fields of ``fields(of:)`` whose values are numbers (what an `assert` gate can bound):
    /// all but those quoted as text (`task`, `algorithm`, `target`, `method`, `path`) or as
    /// true/false (`ok`, `alert`, `detected`, `passed`). A monitor's `status` is text when quoted
    /// and a number (0 ok, 1 warn, 2 alert) in `when:` and a gate.
    public static func numbers(of kind: ValueKind) -> (names: [String], open: Bool) {
        let (names, open) = fields(of: kind)
        return (names.filter { !nonNumbers.contains($0) }, open)
    }

    /// The fields ``value(of:field:index:)`` gives as text or as true/false.
    private static let nonNumbers: Set<String> = [
        "task", "algorithm", "target", "method", "path", "ok", "alert", "detected", "passed",
    ]

    /// The value of `field` (row `index` of a table's column) in `summary`, or why there is none.
    public static func value(of summary: OutputSummary, field: String, index: Int?) -> Result<Value, Missing> {
        if let index {
            guard let table = summary.as(TableKind.self) else { return .failure(.notATable) }
            guard let column = table.columns.firstIndex(of: field) else { return .failure(.noColumn(table.columns)) }
            guard index < table.rows.count, column < table.rows[index].count else {
                return .failure(.noRow(table.rows.count))
            }
            switch table.rows[index][column] {
            case .number(let number): return .success(.number(number))
            case .text(let text): return .success(.text(text))
            }
        }
        if let evaluation = summary.as(EvaluationKind.self), field == "task" {
            return .success(.text(evaluation.task.rawValue))
        }
        if let card = summary.as(ModelKind.self) {
            switch field {
            case "algorithm": return .success(.text(card.algorithm))
            case "task": return .success(.text(card.task))
            case "target": return card.target.map { .success(.text($0)) } ?? .failure(.noField)
            default: break
            }
        }
        if let monitor = summary.as(MonitorKind.self) {
            if field == "status" { return .success(.text(monitor.status.rawValue)) }
            if field == "max_value" {
                let values = monitor.rows.compactMap(\.value).filter { !$0.isNaN }
                return values.max().map { .success(.number($0)) } ?? .failure(.noField)
            }
        }
        if let transform = summary.as(TransformKind.self), field == "method" {
            return .success(.text(transform.method))
        }
        if let file = summary.as(WrittenFileKind.self), field == "path" { return .success(.text(file.path)) }
        if let number = summary.scalars[field] { return .success(.number(number)) }
        if let flag = summary.flags?[field] { return .success(.flag(flag)) }
        if summary.as(TableKind.self) != nil, field == "columns" {
            return .success(.number(Double(summary.as(TableKind.self)?.columns.count ?? 0)))
        }
        return .failure(.noField)
    }

    /// Why an output has no value for a field.
    public enum Missing: Error, Sendable, Equatable {
        /// The output has no such field (a metric of another task).
        case noField
        /// A row index on an output that is not a table.
        case notATable
        /// The row is past the table's end; the table's row count.
        case noRow(Int)
        /// A table has no such column; its columns.
        case noColumn([String])
    }
}
