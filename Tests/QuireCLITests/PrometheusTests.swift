import Foundation
import TestSupport
import Testing

/// `NAME.prom` is valid exposition (Prometheus' own promtool says so) and `quire push` delivers
/// it to a real Pushgateway on loopback. Both tools come from Debian's `prometheus` and
/// `prometheus-pushgateway` packages, which scripts/test.sh installs.
@Suite(.serialized) struct PrometheusTests {
    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "# M\n\n```step g\ngenerate: {kind: blobs, n_samples: 30}\n```\n\n```step p\nprofile: g\n```\n", to: "m.md")
        return directory
    }

    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let input = input.map { data -> Pipe in
            let pipe = Pipe()
            pipe.fileHandleForWriting.write(data)
            try? pipe.fileHandleForWriting.close()
            return pipe
        }
        process.standardInput = input ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func metricsFilePassesPromtool() throws {
        let promtool = "/usr/bin/promtool"
        try #require(
            FileManager.default.isExecutableFile(atPath: promtool), "promtool is missing: apt-get install prometheus")
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "m.md"], in: project.url).status == 0)
        let metrics = try Data(contentsOf: project.url.appendingPathComponent("reports/m.prom"))
        let (status, output) = try Self.run(promtool, ["check", "metrics"], input: metrics)
        #expect(status == 0, "\(output)")
        let text = String(decoding: metrics, as: UTF8.self)
        #expect(text.contains("quire_last_run_success{notebook=\"m\"} 1"))
        #expect(text.contains("quire_last_run_timestamp_seconds{notebook=\"m\"} "))
        #expect(text.contains("quire_step_success{notebook=\"m\",step=\"p\",op=\"profile\"} 1"))
    }

    @Test func monitorsReachTheMetricsAndTheGate() throws {
        let promtool = "/usr/bin/promtool"
        try #require(
            FileManager.default.isExecutableFile(atPath: promtool), "promtool is missing: apt-get install prometheus")
        let project = try TemporaryDirectory()
        try project.write(
            """
            ```step reference
            generate: {kind: regression, n_samples: 1200, n_features: 2, seed: 1}
            ```
            ```step current
            generate: {kind: regression, n_samples: 1200, n_features: 2, seed: 2, shift: {x00: 4}}
            ```
            ```step drift
            drift: {reference: reference, current: current}
            ```
            ```step model
            train: {data: reference, algorithm: linear_regression, target: target}
            ```
            ```step quality
            evaluate: {model: model, data: current}
            ```
            """, to: "mon.md")
        let gated = try QuireProcess.run(["run", "--fail-on", "alert", "mon.md"], in: project.url)
        #expect(gated.status == 3, "\(gated.stderr)")
        #expect(gated.stderr.contains("monitoring reached alert (--fail-on alert)"))
        #expect(
            try QuireProcess.run(["run", "mon.md"], in: project.url).status == 0,
            "without --fail-on a drift is not a failure")
        let metrics = try Data(contentsOf: project.url.appendingPathComponent("reports/mon.prom"))
        let (status, output) = try Self.run(promtool, ["check", "metrics"], input: metrics)
        #expect(status == 0, "\(output)")
        let text = String(decoding: metrics, as: UTF8.self)
        #expect(
            text.contains(
                "quire_drift_detected{notebook=\"mon\",step=\"drift\",column=\"x00\",method=\"wasserstein\"} 1"))
        #expect(text.contains("quire_monitor_status{notebook=\"mon\",step=\"drift\"} 2"))
        #expect(text.contains("quire_model_metric{notebook=\"mon\",step=\"quality\",metric=\"r2\"}"))
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: project.url.appendingPathComponent("reports/mon.json"))) as? [String: Any]
        #expect(json?["monitor_status"] as? String == "alert")
    }

    @Test func reproducibleMetricsAreByteIdentical() throws {
        let project = try Self.project()
        for name in ["a", "b"] {
            _ = try QuireProcess.run(
                ["run", "--no-cache", "-o", name, "m.md"], in: project.url,
                environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        }
        let a = try Data(contentsOf: project.url.appendingPathComponent("a/m.prom"))
        #expect(a == (try Data(contentsOf: project.url.appendingPathComponent("b/m.prom"))))
        #expect(
            String(decoding: a, as: UTF8.self).contains("quire_last_run_timestamp_seconds{notebook=\"m\"} 1700000000"))
    }

    @Test func pushReachesARealPushgateway() throws {
        let binary = "/usr/bin/prometheus-pushgateway"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "apt-get install prometheus-pushgateway")
        let port = 20_000 + Int(getpid() % 20_000)
        let gateway = Process()
        gateway.executableURL = URL(fileURLWithPath: binary)
        gateway.arguments = ["--web.listen-address=127.0.0.1:\(port)"]
        gateway.standardOutput = FileHandle.nullDevice
        gateway.standardError = FileHandle.nullDevice
        try gateway.run()
        defer { gateway.terminate(); gateway.waitUntilExit() }
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "m.md"], in: project.url).status == 0)
        var pushed: QuireProcess.Output?
        for _ in 0..<50 {
            let attempt = try QuireProcess.run(
                ["push", "m.md", "--gateway", "http://127.0.0.1:\(port)"], in: project.url)
            pushed = attempt
            if attempt.status == 0 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(pushed?.status == 0, "\(pushed?.stderr ?? "")")
        let metrics = try String(contentsOf: URL(string: "http://127.0.0.1:\(port)/metrics")!, encoding: .utf8)
        #expect(metrics.contains("quire_last_run_success{instance=\"\",job=\"quire\",notebook=\"m\"} 1"))
        let missing = try QuireProcess.run(
            ["push", "other.md", "--gateway", "http://127.0.0.1:\(port)"], in: project.url)
        #expect(missing.status == 64)
    }
}
