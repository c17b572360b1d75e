import Foundation
import TestSupport
import Testing

/// `NAME.prom` is valid exposition (Prometheus' own promtool says so) for every example notebook,
/// the Grafana dashboard and the documented alert rules use only what it exports, and `quire push`
/// delivers it to a real Pushgateway on loopback. The tools come from Debian's `prometheus` and
/// `prometheus-pushgateway` packages, which scripts/test.sh installs; without promtool the checks
/// that need it are skipped, except in CI (`CI` set), where they fail.
@Suite(.serialized) struct PrometheusTests {
    static func project() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "# M\n\n```step g\ngenerate: {kind: blobs, n_samples: 30}\n```\n\n```step p\nprofile: g\n```\n", to: "m.md")
        return directory
    }

    /// The repository's root (for the examples and docs).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// promtool's path; nil (skip) when it is missing outside CI; a failure when it is missing in CI.
    static func promtool() throws -> String? {
        let path = "/usr/bin/promtool"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        try #require(
            ProcessInfo.processInfo.environment["CI"] == nil,
            "promtool is missing in CI: apt-get install prometheus (scripts/lib.sh ensure_test_packages)")
        return nil
    }

    /// `promtool check metrics` passes the text, with no lint message.
    static func expectPromtoolAccepts(_ metrics: Data, _ name: String) throws {
        guard let promtool = try promtool() else { return }
        let (status, output) = try run(promtool, ["check", "metrics"], input: metrics)
        #expect(status == 0 && output.isEmpty, "\(name): \(output)")
    }

    /// A parsed exposition file: families' help and type, and samples with unescaped labels.
    struct Exposition {
        var help: [String: String] = [:]
        var types: [String: String] = [:]
        var samples: [(name: String, labels: [String: String], value: String)] = []

        /// Samples of `name`.
        func samples(_ name: String) -> [(labels: [String: String], value: String)] {
            samples.filter { $0.name == name }.map { ($0.labels, $0.value) }
        }

        /// Parses exposition text; a malformed line is a test failure.
        init(_ text: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                    let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1)
                    let name = String(parts[0])
                    let rest = parts.count > 1 ? String(parts[1]) : ""
                    if line.hasPrefix("# HELP ") { help[name] = rest } else { types[name] = rest }
                    continue
                }
                var scalars = Array(line.unicodeScalars)
                var index = 0
                var name = ""
                while index < scalars.count, scalars[index] != "{", scalars[index] != " " {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                var labels: [String: String] = [:]
                if index < scalars.count, scalars[index] == "{" {
                    index += 1
                    while index < scalars.count, scalars[index] != "}" {
                        var key = ""
                        while index < scalars.count, scalars[index] != "=" {
                            key.unicodeScalars.append(scalars[index])
                            index += 1
                        }
                        index += 2  // ="
                        var value = ""
                        while index < scalars.count, scalars[index] != "\"" {
                            if scalars[index] == "\\", index + 1 < scalars.count {
                                index += 1
                                value += scalars[index] == "n" ? "\n" : String(scalars[index])
                            } else {
                                value.unicodeScalars.append(scalars[index])
                            }
                            index += 1
                        }
                        index += 1  // closing quote
                        #expect(labels[key] == nil, "label \(key) repeated in \(line)")
                        labels[key] = value
                        if index < scalars.count, scalars[index] == "," { index += 1 }
                    }
                    index += 1
                }
                scalars = Array(scalars.dropFirst(index))
                #expect(scalars.first == " ", "malformed sample line: \(line)")
                samples.append((name, labels, String(String.UnicodeScalarView(scalars.dropFirst()))))
            }
        }

        /// Every sample's family has HELP and TYPE, no series repeats, and names carry units.
        func expectWellFormed(_ file: String) {
            var seen = Set<String>()
            for sample in samples {
                #expect(
                    help[sample.name] != nil && types[sample.name] != nil, "\(file): \(sample.name) lacks HELP/TYPE")
                let series = sample.name + sample.labels.sorted { $0.key < $1.key }.description
                #expect(seen.insert(series).inserted, "\(file): repeated series \(series)")
                #expect(sample.labels["quantile"] == nil, "\(file): \(sample.name) is a gauge with a quantile label")
            }
            for name in types.keys where name.contains("latency") || name.contains("duration") {
                #expect(name.hasSuffix("_seconds"), "\(file): \(name) has no unit")
            }
            for name in types.keys where name.contains("share") {
                #expect(name.hasSuffix("_ratio"), "\(file): \(name) is a share without _ratio")
            }
        }
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
        let project = try Self.project()
        #expect(try QuireProcess.run(["run", "m.md"], in: project.url).status == 0)
        let metrics = try Data(contentsOf: project.url.appendingPathComponent("reports/m.prom"))
        try Self.expectPromtoolAccepts(metrics, "m.prom")
        let text = String(decoding: metrics, as: UTF8.self)
        Exposition(text).expectWellFormed("m.prom")
        #expect(text.contains("quire_last_run_success{notebook=\"m\"} 1"))
        #expect(text.contains("quire_last_run_timestamp_seconds{notebook=\"m\"} "))
        #expect(text.contains("quire_step_success{notebook=\"m\",step=\"p\",op=\"profile\"} 1"))
    }

    /// Every example notebook's metrics, with and without `--reproducible` (the latency step's
    /// quantiles are only in the second), pass promtool; the Grafana dashboard's queries use only
    /// metric names the examples export, and filter by `$notebook`; the documented alert rules
    /// pass `promtool check rules`.
    @Test func examplesPassPromtoolAndFeedTheDashboard() throws {
        let project = try TemporaryDirectory()
        let notebooks = Self.root.appendingPathComponent("notebooks")
        var names = try FileManager.default.contentsOfDirectory(atPath: notebooks.path).filter { $0.hasSuffix(".md") }
            .sorted()
        #expect(names.count >= 3)
        try FileManager.default.copyItem(
            at: notebooks.appendingPathComponent("data"), to: project.url.appendingPathComponent("data"))
        for name in names {
            try FileManager.default.copyItem(
                at: notebooks.appendingPathComponent(name), to: project.url.appendingPathComponent(name))
        }
        // The examples test no drift with a p-value; this notebook does.
        try project.write(
            """
            ```step a
            generate: {kind: regression, n_samples: 300, n_features: 2, seed: 1}
            ```
            ```step b
            generate: {kind: regression, n_samples: 300, n_features: 2, seed: 2}
            ```
            ```step drift
            drift: {reference: a, current: b, method: ks}
            ```
            """, to: "p-values.md")
        names.append("p-values.md")
        let live = try QuireProcess.run(["run", "--quiet", "-o", "live"] + names, in: project.url)
        #expect(live.status == 0, "\(live.stderr)")
        let reproducible = try QuireProcess.run(
            ["run", "--quiet", "--reproducible", "-o", "fixed"] + names, in: project.url,
            environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(reproducible.status == 0, "\(reproducible.stderr)")
        var exported = Set<String>()
        var latency = false
        for directory in ["live", "fixed"] {
            for name in names {
                let file = "\(directory)/\(name.dropLast(3)).prom"
                let metrics = try Data(contentsOf: project.url.appendingPathComponent(file))
                try Self.expectPromtoolAccepts(metrics, file)
                let exposition = Exposition(String(decoding: metrics, as: UTF8.self))
                exposition.expectWellFormed(file)
                exported.formUnion(exposition.types.keys)
                if directory == "fixed" {
                    #expect(exposition.samples("quire_last_run_timestamp_seconds").first?.value == "1700000000")
                    #expect(exposition.samples("quire_prediction_latency_p95_seconds").isEmpty)
                } else if !exposition.samples("quire_prediction_latency_p95_seconds").isEmpty {
                    latency = true
                }
            }
        }
        #expect(latency, "an example has a latency step, exported live")
        #expect(!exported.contains("quire_drift_score"), "p-values and distances have their own names")

        // The dashboard.
        let dashboardData = try Data(contentsOf: Self.root.appendingPathComponent("docs/grafana-dashboard.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: dashboardData) as? [String: Any])
        let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        let notebook = try #require(variables.first { $0["name"] as? String == "notebook" }, "a $notebook variable")
        #expect(
            (notebook["query"] as? [String: Any])?["query"] as? String
                == "label_values(quire_last_run_success, notebook)")
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        var titles: [String] = []
        let metricName = try Regex("quire_[a-z0-9_]+")
        for panel in panels where panel["type"] as? String != "row" {
            let title = panel["title"] as? String ?? "?"
            titles.append(title)
            let unit = ((panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any])?["unit"] as? String
            #expect(unit?.isEmpty == false, "panel \(title) has no unit")
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "panel \(title) has no query")
            for target in targets {
                let expr = target["expr"] as? String ?? ""
                #expect(expr.contains("notebook=~\"$notebook\""), "panel \(title): \(expr)")
                let used = expr.matches(of: metricName).map { String(expr[$0.range]) }
                #expect(!used.isEmpty, "panel \(title): \(expr)")
                for name in used {
                    #expect(exported.contains(name), "panel \(title) queries \(name), which is never exported")
                }
            }
        }
        for wanted in ["Model metrics", "Drifted columns", "Monitors by status", "Prediction latency"] {
            #expect(titles.contains { $0.hasPrefix(wanted) }, "a panel \(wanted)")
        }

        // The documented alert rules.
        let rules = Self.root.appendingPathComponent("docs/alerts.yml")
        let ruleText = try String(contentsOf: rules, encoding: .utf8)
        for name in ruleText.matches(of: metricName).map({ String(ruleText[$0.range]) }) {
            #expect(exported.contains(name), "docs/alerts.yml uses \(name), which is never exported")
        }
        if let promtool = try Self.promtool() {
            let (status, output) = try Self.run(promtool, ["check", "rules", rules.path])
            #expect(status == 0, "\(output)")
            // The documented configuration (honor_labels for the Pushgateway), which loads the rules.
            let config = Self.root.appendingPathComponent("docs/prometheus.yml").path
            let (configStatus, configOutput) = try Self.run(promtool, ["check", "config", config])
            #expect(configStatus == 0, "\(configOutput)")
        }
        // The documented table names every family exported.
        let operations = try String(
            contentsOf: Self.root.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        for name in exported.sorted() {
            #expect(operations.contains("| `\(name)` |"), "docs/operations.md does not document \(name)")
        }
    }

    @Test func monitorsReachTheMetricsAndTheGate() throws {
        let project = try TemporaryDirectory()
        try project.write(
            SampleNotebooks.shiftedDrift + """

                ```step small
                drift: {reference: reference, current: current, method: ks}
                ```
                \(SampleNotebooks.modelOnReference)
                \(SampleNotebooks.qualityOnCurrent)
                ```step checks
                expect:
                  from: current
                  expectations:
                    - between: {column: x01, min: -6, max: 6, mostly: 0.99}
                    - between: {column: x01, min: -0.5, max: 0.5}
                    - row_count: {min: 5000}
                ```
                """, to: "mon.md")
        let gated = try QuireProcess.run(["run", "--fail-on", "alert", "mon.md"], in: project.url)
        #expect(gated.status == 3, "\(gated.stderr)")
        #expect(gated.stderr.contains("monitoring reached alert (--fail-on alert)"))
        #expect(
            try QuireProcess.run(["run", "mon.md"], in: project.url).status == 0,
            "without --fail-on a drift is not a failure")
        let metrics = try Data(contentsOf: project.url.appendingPathComponent("reports/mon.prom"))
        try Self.expectPromtoolAccepts(metrics, "mon.prom")
        let text = String(decoding: metrics, as: UTF8.self)
        let exposition = Exposition(text)
        exposition.expectWellFormed("mon.prom")
        #expect(
            text.contains(
                "quire_drift_detected{notebook=\"mon\",step=\"drift\",column=\"x00\",method=\"wasserstein\"} 1"))
        #expect(
            text.contains(
                "quire_drift_distance{notebook=\"mon\",step=\"drift\",column=\"x00\",method=\"wasserstein\"} "))
        #expect(text.contains("quire_drift_p_value{notebook=\"mon\",step=\"small\",column=\"x00\",method=\"ks\"} "))
        #expect(exposition.samples("quire_drift_p_value").allSatisfy { $0.labels["method"] == "ks" })
        #expect(exposition.samples("quire_drift_distance").allSatisfy { $0.labels["method"] != "ks" })
        #expect(exposition.samples("quire_drifted_columns_ratio").count == 2)
        #expect(text.contains("quire_monitor_status{notebook=\"mon\",step=\"drift\"} 2"))
        #expect(text.contains("quire_model_metric{notebook=\"mon\",step=\"quality\",metric=\"r2\"}"))
        // Expectations: a stable id (position, name, column), never the text with its bounds.
        let expectations = exposition.samples("quire_expectation_success")
        #expect(
            expectations.map(\.labels) == [
                ["notebook": "mon", "step": "checks", "index": "1", "expectation": "between", "column": "x01"],
                ["notebook": "mon", "step": "checks", "index": "2", "expectation": "between", "column": "x01"],
                ["notebook": "mon", "step": "checks", "index": "3", "expectation": "row_count"],
            ])
        #expect(expectations.map(\.value) == ["1", "0", "0"])
        #expect(!text.contains("min:"))
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: project.url.appendingPathComponent("reports/mon.json"))) as? [String: Any]
        #expect(json?["monitor_status"] as? String == "alert")
    }

    /// A skipped step is not a failed one: `quire_step_status` tells them apart, and
    /// `quire_step_success` stays 1 for ok or cached only.
    @Test func skippedFailedAndCachedStepsAreToldApart() throws {
        let project = try TemporaryDirectory()
        try project.write(
            """
            ```step g
            generate: {kind: blobs, n_samples: 30}
            ```
            ```step maybe
            profile: g
            when: false
            ```
            ```step broken
            load: missing.csv
            ```
            ```step after
            profile: broken
            ```
            """, to: "s.md")
        #expect(try QuireProcess.run(["run", "s.md"], in: project.url).status == 1)
        let metrics = try Data(contentsOf: project.url.appendingPathComponent("reports/s.prom"))
        try Self.expectPromtoolAccepts(metrics, "s.prom")
        let exposition = Exposition(String(decoding: metrics, as: UTF8.self))
        exposition.expectWellFormed("s.prom")
        var status: [String: String] = [:]
        for sample in exposition.samples("quire_step_status") where sample.value == "1" {
            #expect(status[sample.labels["step"] ?? ""] == nil, "one-hot")
            status[sample.labels["step"] ?? ""] = sample.labels["status"]
        }
        #expect(status == ["g": "ok", "maybe": "skipped", "broken": "failed", "after": "not-run"])
        #expect(exposition.samples("quire_step_status").count == 4 * 5)
        let success = Dictionary(
            uniqueKeysWithValues: exposition.samples("quire_step_success").map { ($0.labels["step"] ?? "", $0.value) })
        #expect(success == ["g": "1", "maybe": "0", "broken": "0", "after": "0"])
        #expect(try QuireProcess.run(["run", "s.md"], in: project.url).status == 1)
        let again = Exposition(
            String(decoding: try Data(contentsOf: project.url.appendingPathComponent("reports/s.prom")), as: UTF8.self))
        #expect(
            again.samples("quire_step_status").contains {
                $0.labels["step"] == "g" && $0.labels["status"] == "cached" && $0.value == "1"
            })
        #expect(again.samples("quire_step_success").first { $0.labels["step"] == "g" }?.value == "1")
    }

    /// Column and notebook names are data: quotes, backslashes, line breaks and braces reach the labels
    /// escaped, promtool accepts the file, and the labels read back as the names.
    @Test func hostileNamesAreEscaped() throws {
        let project = try TemporaryDirectory()
        let hostile = "we\"ird\\col\n{x=\"1\"},\r\né"
        let notebook = "h\"o\\stile é"
        let quoted = "\"" + hostile.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        var csv = "\(quoted),other\n"
        for row in 0..<40 { csv += "\(row % 7),\(row % 3)\n" }
        try project.write(csv, to: "h.csv")
        try project.write(
            """
            ```step we-ird_step-1
            load: h.csv
            ```
            ```step drift-1
            drift: {reference: we-ird_step-1, current: we-ird_step-1}
            ```
            ```step checks
            expect:
              from: we-ird_step-1
              expectations:
                - not_null: {column: "\(hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r"))"}
            ```
            """, to: "\(notebook).md")
        let run = try QuireProcess.run(["run", "\(notebook).md"], in: project.url)
        #expect(run.status == 0, "\(run.stderr)")
        let metrics = try Data(contentsOf: project.url.appendingPathComponent("reports/\(notebook).prom"))
        try Self.expectPromtoolAccepts(metrics, "h.prom")
        let exposition = Exposition(String(decoding: metrics, as: UTF8.self))
        exposition.expectWellFormed("h.prom")
        #expect(exposition.samples("quire_frame_rows").first?.labels["step"] == "we-ird_step-1")
        #expect(exposition.samples("quire_last_run_success").first?.labels["notebook"] == notebook)
        let columns = Set(exposition.samples("quire_drift_detected").compactMap { $0.labels["column"] })
        #expect(columns == [hostile, "other"], "\(columns)")
        #expect(exposition.samples("quire_expectation_success").first?.labels["column"] == hostile)
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

    /// A cold run and a warm one (every step from the cache) write the same files under
    /// `--reproducible`: a cached step counts as `ok` in the metrics too.
    @Test func reproducibleOutputsDoNotDependOnTheCache() throws {
        let project = try Self.project()
        for name in ["cold", "warm"] {
            let run = try QuireProcess.run(
                ["run", "--quiet", "--reproducible", "-o", name, "m.md"], in: project.url,
                environment: ["SOURCE_DATE_EPOCH": "1700000000"])
            #expect(run.status == 0 || run.status == 3, "\(run.stderr)")
        }
        for file in ["m.prom", "m.json", "m.html"] {
            let cold = try Data(contentsOf: project.url.appendingPathComponent("cold/\(file)"))
            #expect(cold == (try Data(contentsOf: project.url.appendingPathComponent("warm/\(file)"))), "\(file)")
        }
        let metrics = String(
            decoding: try Data(contentsOf: project.url.appendingPathComponent("warm/m.prom")), as: UTF8.self)
        #expect(metrics.contains("quire_steps{notebook=\"m\",status=\"cached\"} 0"))
    }

    /// Under `--reproducible` without SOURCE_DATE_EPOCH the timestamp is the notebook's last
    /// commit, so the stall alert has data and the file stays the same for the same checkout; a
    /// SOURCE_DATE_EPOCH that is not a whole number is ignored.
    @Test func reproducibleTimestampFallsBackToTheLastCommit() throws {
        let project = try Self.project()
        let environment = [
            "GIT_AUTHOR_DATE": "@1600000000 +0000", "GIT_COMMITTER_DATE": "@1600000000 +0000",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
        ]
        for arguments in [["init", "-q"], ["add", "m.md"], ["commit", "-q", "-m", "m"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git"] + arguments
            git.currentDirectoryURL = project.url
            git.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            try git.run()
            git.waitUntilExit()
            try #require(git.terminationStatus == 0, "git \(arguments)")
        }
        for (name, epoch) in [("a", "nan"), ("b", "1e9")] {
            let run = try QuireProcess.run(
                ["run", "--reproducible", "-o", name, "m.md"], in: project.url,
                environment: ["SOURCE_DATE_EPOCH": epoch])
            #expect(run.status == 0)
            let text = try String(contentsOf: project.url.appendingPathComponent("\(name)/m.prom"), encoding: .utf8)
            #expect(text.contains("quire_last_run_timestamp_seconds{notebook=\"m\"} 1600000000\n"), "\(text)")
        }
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
