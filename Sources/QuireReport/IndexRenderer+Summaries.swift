import Foundation
import QuireRunner
import QuireSupport

extension IndexRenderer {
    /// What reading one `.json` file of an output directory as a run summary gave.
    public enum SummaryReading: Sendable, Equatable {
        /// A summary: its row in the index.
        case entry(Entry)
        /// Not a summary (no `schema` key): another tool's file, left alone.
        case notASummary
        /// A summary that cannot be read (not JSON, or a stable key missing or of the wrong type).
        case unreadable(String)
    }

    /// The largest summary read; a larger `.json` file is reported unreadable, not read.
    public static let maximumSummaryBytes = 64 << 20

    /// The rows of every summary in `directory` (`NAME.json` beside `NAME.html`), by report name,
    /// and the files that carry a summary's `schema` key but cannot be read, with why.
    ///
    /// Only regular files directly in `directory` are read (no symbolic link is followed); hidden
    /// files, `index.json` and files without a `schema` key are skipped. A missing directory has
    /// no summaries.
    public static func entries(
        inDirectory directory: String
    ) -> (entries: [String: Entry], unreadable: [(file: String, reason: String)]) {
        let directory = directory.isEmpty ? "." : directory
        var entries: [String: Entry] = [:]
        var unreadable: [(file: String, reason: String)] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in names.sorted() where file.hasSuffix(".json") && !file.hasPrefix(".") && file != "index.json" {
            let name = String(file.dropLast(".json".count))
            let path = OutputSet.join(directory, file)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            guard Int(info.st_size) <= maximumSummaryBytes else {
                unreadable.append((path, "larger than \(maximumSummaryBytes >> 20) MiB"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                unreadable.append((path, "cannot be read"))
                continue
            }
            var report: String? = name + ".html"
            if lstat(OutputSet.join(directory, name + ".html"), &info) != 0 { report = nil }
            switch reading(summary: data, report: report) {
            case .entry(let entry): entries[name] = entry
            case .notASummary: continue
            case .unreadable(let reason): unreadable.append((path, reason))
            }
        }
        return (entries, unreadable)
    }

    /// Reads `data` as a run summary (docs/json-summary.md) whose report is `report`.
    ///
    /// Only the stable keys are read — `title`, `status`, `notebook.path`, `counts`,
    /// `monitor_status`, and per step `id`, `status`, `line`, `error.line`, `metrics`, the `status`
    /// of each `monitor` row and the `kind` of each output; other keys are ignored, so newer
    /// summaries still read.
    public static func reading(summary data: Data, report: String?) -> SummaryReading {
        guard let tree = try? JSONTree(parsing: data) else { return .unreadable("not valid JSON") }
        guard case .object(let keys) = tree, keys["schema"] != nil else { return .notASummary }
        let file: SummaryFile
        do {
            file = try tree.decode(SummaryFile.self)
        } catch let error as DecodingError {
            return .unreadable(Self.reason(error))
        } catch {
            return .unreadable("not a summary Quire can read")
        }
        return .entry(file.entry(report: report))
    }

    private static func reason(_ error: DecodingError) -> String {
        func key(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : text
        }
        switch error {
        case .keyNotFound(let missing, let context): return "no '\(key(context.codingPath + [missing]))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "'\(key(context.codingPath))' is not what a summary holds there"
        case .dataCorrupted(let context): return "'\(key(context.codingPath))' is corrupt"
        @unknown default: return "not a summary Quire can read"
        }
    }
}

/// The stable keys of a JSON summary (docs/json-summary.md); every other key is ignored.
struct SummaryFile: Decodable {
    struct Notebook: Decodable {
        var path: String?
    }

    struct Step: Decodable {
        struct Failure: Decodable {
            var line: Int?
        }

        struct Row: Decodable {
            var status: String?
        }

        struct Output: Decodable {
            var kind: String?
        }

        var id: String
        var status: String
        var line: Int?
        var error: Failure?
        var metrics: [String: Double]?
        var monitor: [Row]?
        var outputs: [String: Output]?

        /// Whether the step evaluated a model (a summary without `outputs` is taken to).
        var evaluates: Bool { outputs.map { $0.values.contains { $0.kind == "evaluation" } } ?? true }
    }

    var title: String
    var status: String
    var notebook: Notebook?
    var counts: [String: Int]?
    var steps: [Step]?
    var monitorStatus: String?

    enum CodingKeys: String, CodingKey {
        case title, status, notebook, counts, steps
        case monitorStatus = "monitor_status"
    }

    /// The index's headline metrics: per evaluating step, the first of these it has, in step order.
    static let headlineMetrics = ["roc_auc", "accuracy", "r2", "rmse"]

    func entry(report: String?) -> IndexRenderer.Entry {
        let steps = self.steps ?? []
        var failed: [RunStatus.FailedStep] = []
        var alerts = 0
        var warnings = 0
        var alertStep: String?
        var warningStep: String?
        var metrics: [IndexRenderer.Metric] = []
        for step in steps {
            if step.status == StepStatus.failed.rawValue {
                failed.append(.init(id: step.id, line: step.error?.line ?? step.line))
            }
            for row in step.monitor ?? [] {
                if row.status == "alert" {
                    alerts += 1
                    alertStep = alertStep ?? step.id
                } else if row.status == "warn" {
                    warnings += 1
                    warningStep = warningStep ?? step.id
                }
            }
            if step.evaluates, let values = step.metrics,
                let name = Self.headlineMetrics.first(where: { values[$0] != nil }),
                let value = values[name], metrics.count < 4
            {
                metrics.append(.init(name: "\(step.id).\(name)", value: value))
            }
        }
        var counts: [StepStatus: Int] = [:]
        for (name, count) in self.counts ?? [:] {
            if let status = StepStatus(rawValue: name) { counts[status] = count }
        }
        // Step ids become fragments; one that is not a valid id (a hand-edited file) links nowhere.
        let linkable = { (id: String?) in id.flatMap { Self.isStepID($0) ? $0 : nil } }
        return IndexRenderer.Entry(
            title: title, notebook: notebook?.path ?? "", report: report,
            status: RunStatus(
                succeeded: status == "ok", failedSteps: failed, alerts: alerts, warnings: warnings),
            counts: counts, metrics: metrics, monitorStatus: monitorStatus, alertStep: linkable(alertStep),
            warningStep: linkable(warningStep))
    }

    /// A step id as the notebook parser accepts it: `[a-z][a-z0-9_-]*`.
    static func isStepID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}
