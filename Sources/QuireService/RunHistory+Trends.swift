import Foundation
import QuireEngine
import QuireHistory
import QuireReport

extension ReportTrends {
    /// The trends of `runs` (a notebook's earlier runs from the history): each run's metrics and
    /// monitor row values by step, and its worst monitor status; the newest `limit` are kept.
    init(history runs: [RunSnapshot], limit: Int = ReportTrends.defaultLimit) {
        self.init(
            runs: runs.map { run in
                var values: [Key: Double] = [:]
                for metric in run.metrics {
                    guard let value = metric.value else { continue }
                    values[.metric(step: metric.step, name: metric.name)] =
                        values[.metric(step: metric.step, name: metric.name)] ?? value
                }
                for row in run.monitors {
                    guard let value = row.value else { continue }
                    let key = Key.monitor(step: row.step, subject: row.subject, test: row.test)
                    values[key] = values[key] ?? value
                }
                return Run(
                    id: run.id.map { String($0) } ?? run.source ?? "?",
                    started: run.startedAt ?? Date(timeIntervalSince1970: 0), values: values,
                    monitorStatus: run.monitorStatus.flatMap(MonitorStatus.init(rawValue:)))
            }, limit: limit)
    }
}

extension HistoryStore {
    /// The trends of `notebook` (a path in the project) over its last recorded runs; with
    /// `skippingNewest`, the newest run is left out (it is the one whose summary is shown as the
    /// current one). Nil when there is none; a history that cannot be read is passed to `warn`.
    func trends(of notebook: String, skippingNewest: Bool = false, warn: (String) -> Void) -> ReportTrends? {
        let limit = ReportTrends.defaultLimit
        do {
            var runs = try runs(
                of: notebook, limit: skippingNewest ? limit + 1 : limit, parts: [.metrics, .monitors])
            if skippingNewest { runs = Array(runs.dropLast()) }
            let trends = ReportTrends(history: runs, limit: limit)
            return trends.isEmpty ? nil : trends
        } catch {
            warn("the run history could not be read, so the report shows no trends: \(error)")
            return nil
        }
    }
}
