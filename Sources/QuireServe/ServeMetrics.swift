import Synchronization

/// The routes the server counts requests by (`route` label of the metrics).
enum Route: Int, CaseIterable, Sendable {
    case predict, model, healthz, readyz, metrics, other

    /// The label value: the path, or `other` for unknown paths (so a scan of random paths cannot
    /// grow the metrics without bound).
    var label: String {
        switch self {
        case .predict: "/v1/predict"
        case .model: "/v1/model"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .other: "other"
        }
    }
}

/// The server's Prometheus metrics: counters, a latency histogram and gauges, behind one lock
/// held for a few additions per request.
final class ServeMetrics: Sendable {
    /// Upper bounds (seconds) of the latency histogram's buckets, from 100 µs to 2.5 s.
    static let buckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
    ]
    /// The statuses the server answers with (others are counted as 500).
    static let statuses = [200, 400, 404, 405, 413, 415, 500, 503]

    private struct State {
        var requests = [Int](repeating: 0, count: Route.allCases.count * ServeMetrics.statuses.count)
        var bucketCounts = [Int](repeating: 0, count: Route.allCases.count * (ServeMetrics.buckets.count + 1))
        var latencySums = [Double](repeating: 0, count: Route.allCases.count)
        var inFlight = 0
        var rowsScored = 0
        var reloads = 0
        var reloadFailures = 0
        var logRowsDropped = 0
    }

    private let state = Mutex(State())

    /// A request has started.
    func started() {
        state.withLock { $0.inFlight += 1 }
    }

    /// A request ended without an answer (the client went away, or sent a malformed request).
    func abandoned() {
        state.withLock { $0.inFlight -= 1 }
    }

    /// The requests being answered now.
    var inFlight: Int { state.withLock { $0.inFlight } }

    /// A request has been answered with `status` after `seconds`, having scored `rows` rows.
    func finished(_ route: Route, status: Int, seconds: Double, rows: Int) {
        let statusIndex = Self.statuses.firstIndex(of: status) ?? (Self.statuses.count - 2)
        var bucket = Self.buckets.count
        for (index, bound) in Self.buckets.enumerated() where seconds <= bound {
            bucket = index
            break
        }
        state.withLock {
            $0.inFlight -= 1
            $0.requests[route.rawValue * Self.statuses.count + statusIndex] += 1
            $0.bucketCounts[route.rawValue * (Self.buckets.count + 1) + bucket] += 1
            $0.latencySums[route.rawValue] += seconds
            $0.rowsScored += rows
        }
    }

    /// A reload succeeded (`true`) or kept the old model (`false`).
    func reloaded(_ succeeded: Bool) {
        state.withLock {
            if succeeded { $0.reloads += 1 } else { $0.reloadFailures += 1 }
        }
    }

    /// The request log could not keep up and dropped `rows` rows.
    func droppedLogRows(_ rows: Int) {
        state.withLock { $0.logRowsDropped += rows }
    }

    /// The Prometheus text exposition (version 0.0.4) of every metric, with `model`'s info.
    func text(model: LoadedModel) -> String {
        let state = self.state.withLock { $0 }
        var out = ""
        out += "# HELP quire_http_requests_total HTTP requests answered, by route and status.\n"
        out += "# TYPE quire_http_requests_total counter\n"
        for route in Route.allCases {
            for (index, status) in Self.statuses.enumerated() {
                let count = state.requests[route.rawValue * Self.statuses.count + index]
                guard count > 0 else { continue }
                out += "quire_http_requests_total{route=\"\(route.label)\",status=\"\(status)\"} \(count)\n"
            }
        }
        out += "# HELP quire_http_request_duration_seconds Time from a request's head to its response, by route.\n"
        out += "# TYPE quire_http_request_duration_seconds histogram\n"
        for route in Route.allCases {
            let base = route.rawValue * (Self.buckets.count + 1)
            var cumulative = 0
            for (index, bound) in Self.buckets.enumerated() {
                cumulative += state.bucketCounts[base + index]
                out +=
                    "quire_http_request_duration_seconds_bucket{route=\"\(route.label)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            cumulative += state.bucketCounts[base + Self.buckets.count]
            out += "quire_http_request_duration_seconds_bucket{route=\"\(route.label)\",le=\"+Inf\"} \(cumulative)\n"
            out +=
                "quire_http_request_duration_seconds_sum{route=\"\(route.label)\"} \(state.latencySums[route.rawValue])\n"
            out += "quire_http_request_duration_seconds_count{route=\"\(route.label)\"} \(cumulative)\n"
        }
        out += "# HELP quire_http_requests_in_flight Requests being answered now.\n"
        out += "# TYPE quire_http_requests_in_flight gauge\n"
        out += "quire_http_requests_in_flight \(state.inFlight)\n"
        out += "# HELP quire_rows_scored_total Rows scored by /v1/predict.\n"
        out += "# TYPE quire_rows_scored_total counter\n"
        out += "quire_rows_scored_total \(state.rowsScored)\n"
        out += "# HELP quire_model_info The model being served: its name, format version and file SHA-256.\n"
        out += "# TYPE quire_model_info gauge\n"
        out += "quire_model_info{name=\(Self.label(model.name)),version=\"\(model.model.version)\","
        out += "digest=\"\(model.digest)\"} 1\n"
        out += "# HELP quire_model_reloads_total Model reloads that replaced the model.\n"
        out += "# TYPE quire_model_reloads_total counter\n"
        out += "quire_model_reloads_total \(state.reloads)\n"
        out += "# HELP quire_model_reload_failures_total Reloads that failed and kept the previous model.\n"
        out += "# TYPE quire_model_reload_failures_total counter\n"
        out += "quire_model_reload_failures_total \(state.reloadFailures)\n"
        out += "# HELP quire_request_log_dropped_rows_total Request log rows dropped because the writer fell behind.\n"
        out += "# TYPE quire_request_log_dropped_rows_total counter\n"
        out += "quire_request_log_dropped_rows_total \(state.logRowsDropped)\n"
        return out
    }

    /// A label value, quoted and escaped as the exposition format requires.
    static func label(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
