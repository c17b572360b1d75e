import Foundation
import QuireSupport

extension RunSnapshot {
    /// Why bytes could not be read as a run summary.
    public struct SummaryError: Error, Sendable, CustomStringConvertible {
        /// What is wrong with them.
        public var description: String
    }

    /// The run a JSON summary (`reports/NAME.json`, docs/json-summary.md) records, as far as a
    /// summary says: no id, start or end, git state or host. Only its stable keys are read.
    ///
    /// - Parameter source: where the summary came from, shown where the run is named.
    /// - Throws: ``SummaryError`` when the bytes are not a Quire JSON summary.
    public init(summary bytes: Data, source: String? = nil) throws(SummaryError) {
        let file: SummaryFile
        do {
            file = try JSONDecoder().decode(SummaryFile.self, from: bytes)
        } catch {
            throw SummaryError(description: "not a Quire JSON summary (\(error))")
        }
        var files: [String: String] = [:]
        var metrics: [Metric] = []
        var monitors: [Monitor] = []
        for step in file.steps {
            for (path, digest) in step.keyComponents?.files ?? [:] { files[path] = digest }
            for name in (step.metrics ?? [:]).keys.sorted() {
                metrics.append(Metric(step: step.id, name: name, value: step.metrics?[name] ?? nil))
            }
            for row in step.monitor ?? [] {
                monitors.append(
                    Monitor(
                        step: step.id, subject: row.subject, test: row.test, value: row.value, status: row.status,
                        direction: row.direction))
            }
        }
        self.init(
            id: nil, notebook: file.notebook.path, title: file.title ?? "", startedAt: nil, endedAt: nil,
            status: file.status, ending: file.status == "ok" ? "succeeded" : "steps-failed",
            params: (file.params ?? [:]).mapValues(\.compactText), gitCommit: nil, gitDirty: nil,
            engine: file.engine ?? "", quireVersion: file.quireVersion ?? "", host: nil,
            notebookDigest: file.notebook.digest, files: files,
            steps: file.steps.map {
                Step(id: $0.id, op: $0.op, status: $0.status, key: $0.cacheKey, durationMs: $0.durationMs)
            },
            metrics: metrics, monitors: monitors, monitorStatus: file.monitorStatus,
            reproducible: file.durationMs == 0 && file.steps.allSatisfy { ($0.durationMs ?? 0) == 0 },
            source: source)
    }
}

/// The keys of a summary the history reads.
private struct SummaryFile: Decodable {
    struct Notebook: Decodable {
        var path: String
        var digest: String
    }

    struct Step: Decodable {
        struct Components: Decodable {
            var files: [String: String]
        }

        struct Row: Decodable {
            var subject: String
            var test: String
            var value: Double?
            var status: String
            var direction: String?
        }

        var id: String
        var op: String
        var status: String
        var cacheKey: String?
        var keyComponents: Components?
        var durationMs: Double?
        var metrics: [String: Double?]?
        var monitor: [Row]?

        enum CodingKeys: String, CodingKey {
            case id, op, status, metrics, monitor
            case cacheKey = "cache_key"
            case keyComponents = "key_components"
            case durationMs = "duration_ms"
        }
    }

    var notebook: Notebook
    var title: String?
    var status: String
    var engine: String?
    var quireVersion: String?
    var params: [String: JSONValue]?
    var steps: [Step]
    var monitorStatus: String?
    var durationMs: Double?

    enum CodingKeys: String, CodingKey {
        case notebook, title, status, engine, params, steps
        case quireVersion = "quire_version"
        case monitorStatus = "monitor_status"
        case durationMs = "duration_ms"
    }
}
