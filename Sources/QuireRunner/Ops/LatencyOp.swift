import QuireEngine
import QuireSupport

/// `latency`: times a model's predictions, single rows and a batch, after warm-up; a monitor.
///
/// Volatile: a timing is a fact about this run on this machine, so the step is measured again on
/// every run and never served from the cache.
struct LatencyOp: Operation {
    static let schema = OpSchema(
        name: "latency",
        summary: "Time a model's predictions, single rows and batches, after warm-up: p50/p95/p99/max and throughput.",
        parameters: [
            .init("model", .input(.model), required: true, "the model"),
            .init("data", .input(.frame), required: true, "rows to predict"),
            .init(
                "samples", .integer, default: .integer(200), range: .between(1, 1_000_000),
                "single-row predictions timed"),
            .init(
                "batch", .integer, default: .integer(1000), range: .between(1, 10_000_000),
                "rows per batch for the throughput"),
            .init(
                "warmup", .integer, default: .integer(20), range: .between(0, 1_000_000),
                "predictions run first and not timed"),
            .init("p50_ms", .number, range: .atLeast(0), "alert when the median single-row latency exceeds it"),
            .init("p95_ms", .number, range: .atLeast(0), "alert when the 95th percentile exceeds it"),
            .init("p99_ms", .number, range: .atLeast(0), "alert when the 99th percentile exceeds it"),
        ],
        outputs: [
            .init(
                "monitor", .monitor, "p50, p95, p99 and max in milliseconds (exact sample quantiles), rows per second")
        ], volatile: true,
        examples: [
            .init("speed", "latency: {model: baseline, data: churn, samples: 50, batch: 100, warmup: 5}")
        ])

    struct Parameters: Decodable, Sendable {
        var model: StepReference
        var data: StepReference
        var samples: Int
        var batch: Int
        var warmup: Int
        var p50Ms: Double?
        var p95Ms: Double?
        var p99Ms: Double?
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        let model = try context.model(parameters.model)
        let frame = try context.frame(parameters.data)
        guard frame.rowCount > 0 else {
            throw context.failure(
                .init(rawValue: ModelError.Code.tooFewRows.rawValue), "no rows to predict", at: "data")
        }
        let samples = max(parameters.samples, 1)
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        do {
            for index in 0..<max(parameters.warmup, 0) {
                _ = try model.predict(frame.rows([index % frame.rowCount]))
            }
            var times: [Double] = []
            for index in 0..<samples {
                let row = frame.rows([index % frame.rowCount])
                let start = clock.now
                _ = try model.predict(row)
                times.append(seconds(start.duration(to: clock.now)) * 1000)
            }
            let batch = frame.rows(Array(0..<min(max(parameters.batch, 1), frame.rowCount)))
            let start = clock.now
            _ = try model.predict(batch)
            let throughput = Double(batch.rowCount) / max(seconds(start.duration(to: clock.now)), 1e-9)
            times.sort()
            let quantiles: [(name: String, value: Double, limit: Double?)] = [
                ("p50_ms", quantile(times, 0.5), parameters.p50Ms), ("p95_ms", quantile(times, 0.95), parameters.p95Ms),
                ("p99_ms", quantile(times, 0.99), parameters.p99Ms), ("max_ms", times.last ?? .nan, nil),
            ]
            var rows: [MonitorValue.Row] = []
            for (name, value, limit) in quantiles {
                rows.append(
                    MonitorValue.Row(
                        subject: "single-row prediction", test: name, value: value, threshold: limit,
                        status: limit.map { value > $0 ? .alert : .ok } ?? .ok, volatile: true, measure: .milliseconds,
                        alert: limit.flatMap { MonitorValue.Band(above: $0) }))
            }
            rows.append(
                MonitorValue.Row(
                    subject: "batch of \(batch.rowCount)", test: "rows per second",
                    value: throughput, threshold: nil, status: .ok, volatile: true, measure: .rowsPerSecond))
            var latency = Dictionary(quantiles.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            latency["throughput"] = throughput
            return ["monitor": .monitor(MonitorValue(kind: "latency", rows: rows, latency: latency))]
        } catch let error as ModelError {
            throw context.failure(error, at: "data")
        }
    }

    /// numpy's default (linear) quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
