import Foundation
import QuireNotebook
import QuireReport
import QuireRunner
import QuireSupport
import QuireValues
import TestSupport
import Testing

/// Monitoring tables say what they mean: each row's value as its measure reads, the warn and
/// alert bands in words, `mostly` in its own column, and drift's reference against current.
/// The data are small enough to check by hand: amount 1…6 against 11…16, city a a a b b c
/// against a b c c c d.
@Suite struct MonitorTableTests {
    static let notebook = """
        ```step reference
        load: ref.csv
        ```

        ```step current
        load: cur.csv
        ```

        ```step drift
        drift: {reference: reference, current: current, columns: {amount: {method: ks}, city: {method: chi_square}}}
        ```

        ```step quality
        expect:
          from: current
          expectations:
            - mean_between: {column: amount, min: 0, max: 5}
            - between: {column: amount, min: 0, max: 14, mostly: 0.5}
            - row_count: {min: 10}
        ```

        ```step data
        generate: {kind: regression, n_samples: 30, n_features: 2, seed: 3}
        ```

        ```step model
        train: {data: data, algorithm: ridge, target: target}
        ```

        ```step speed
        latency: {model: model, data: data, samples: 5, warmup: 1, batch: 10, p95_ms: 50}
        ```
        """

    /// Runs the notebook; returns the monitors by step and the report.
    static func run(reproducible: Bool = true) throws -> (monitors: [String: MonitorValue], html: String) {
        let directory = try TemporaryDirectory()
        try "amount,city\n1,a\n2,a\n3,a\n4,b\n5,b\n6,c\n".write(
            to: directory.url.appendingPathComponent("ref.csv"), atomically: true, encoding: .utf8)
        try "amount,city\n11,a\n12,b\n13,c\n14,c\n15,c\n16,d\n".write(
            to: directory.url.appendingPathComponent("cur.csv"), atomically: true, encoding: .utf8)
        let parsed = try #require(
            NotebookParser(options: [.renderProse]).parse(bytes: Array(notebook.utf8), path: "nb.md").notebook)
        let plan = try Planner().plan(parsed, params: ParamSet(frontMatter: nil)).get()
        let run = Executor(
            plan: plan, options: RunOptions(baseDirectory: directory.url.path, projectRoot: directory.url.path)
        ).run()
        #expect(
            run.results.allSatisfy { $0.status == .ok },
            "\(run.results.map { "\($0.id): \($0.status) \($0.failure?.message ?? "")" })")
        var monitors: [String: MonitorValue] = [:]
        for result in run.results {
            if let monitor = result.outputs["monitor"]?.summary.monitor { monitors[result.id] = monitor }
        }
        let html = ReportRenderer(options: .init(reproducible: reproducible)).render(parsed, run: run)
        return (monitors, html)
    }

    /// The table's header and each row's cells as text, by subject.
    static func cells(_ html: String) -> (head: [String], rows: [String: [String]]) {
        func texts(_ row: String, _ tag: String) -> [String] {
            matches(row, "<\(tag)[^>]*>(.*?)</\(tag)>").map { cell in
                // Lines of a cell (`<br>`) read as " · "; non-breaking spaces as spaces.
                matches(cell.replacingOccurrences(of: "<br>", with: " · "), "(?:^|>)([^<]*)").joined()
                    .replacingOccurrences(of: "\u{A0}", with: " ").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            }
        }
        let head = texts(matches(html, "<thead>(.*?)</thead>").first ?? "", "th")
        var rows: [String: [String]] = [:]
        for row in matches(html, "<tr class=\"status-[a-z]+\">(.*?)</tr>") {
            let cells = texts(row, "td")
            if let subject = cells.first { rows[subject + " " + (cells.dropFirst().first ?? "")] = cells }
        }
        return (head, rows)
    }

    static func matches(_ text: String, _ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return []
        }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func table(_ monitor: MonitorValue, reproducible: Bool = true) -> (head: [String], rows: [String: [String]])
    {
        cells(MonitorKind.table(monitor.rows, reproducible: reproducible).markup)
    }

    @Test func driftRowsShowTheirBandsAndReferenceAgainstCurrent() throws {
        let drift = try #require(try Self.run().monitors["drift"])
        let (head, rows) = Self.table(drift)
        #expect(
            head == [
                "subject", "test", "value", "status", "warn when", "alert when", "reference", "current", "detail",
            ])
        // KS on 6 against 6 values, all current above all reference: D = 1, exact p = 2 / C(12, 6).
        let amount = try #require(rows["amount ks"])
        #expect(amount[2] == NumberFormat.pValue(2.0 / 924) + " · D 1")
        #expect(amount[2] == "0.00216 · D 1")
        #expect(amount[3] == "alert")
        #expect(amount[4] == "p ≤ 0.1" && amount[5] == "p ≤ 0.05")
        // 1…6: mean 3.5, std √3.5 = 1.8708; 11…16: mean 13.5, same std.
        #expect(amount[6] == "mean 3.5 · std 1.871")
        #expect(amount[7] == "mean 13.5 · std 1.871")
        // Categories by share, ties by name, the rest counted.
        let city = try #require(rows["city chi_square"])
        #expect(city[6] == "a 50% · b 33.33% · c 16.67%")
        #expect(city[7] == "c 50% · a 16.67% · b 16.67% · 1 more")
        let dataset = try #require(rows["dataset share of drifted columns"])
        #expect(dataset[2] == "100%" && dataset[4] == "—" && dataset[5] == "drifted ≥ 50%")
        #expect(dataset[6] == "—" && dataset[7] == "—")
    }

    @Test func expectationRowsGiveMostlyItsOwnColumn() throws {
        let quality = try #require(try Self.run().monitors["quality"])
        let (head, rows) = Self.table(quality)
        #expect(head == ["subject", "test", "value", "status", "warn when", "alert when", "mostly", "detail"])
        // 11…16 has mean 13.5, outside [0, 5]; `mostly` does not apply to a mean.
        let mean = try #require(rows["amount mean_between(amount, min: 0, max: 5)"])
        #expect(mean[2] == "13.5" && mean[4] == "—" && mean[5] == "mean outside [0, 5]" && mean[6] == "—")
        #expect(mean[3] == "alert")
        #expect(mean[7] == "observed mean 13.5; 1 of 1 failing")
        // 4 of 6 values lie in [0, 14]: 66.67% passing, which is at least mostly 50%.
        let between = try #require(rows["amount between(amount, min: 0, max: 14, mostly: 0.5)"])
        #expect(between[2] == "66.67%" && between[5] == "passing < 50%" && between[6] == "50%")
        #expect(between[3] == "ok")
        let count = try #require(rows["frame row_count(min: 10)"])
        #expect(count[2] == "6" && count[5] == "rows < 10" && count[3] == "alert")
    }

    @Test func latencyRowsNameTheirLimitAndUnit() throws {
        let speed = try #require(try Self.run().monitors["speed"])
        let (head, rows) = Self.table(speed)
        #expect(!head.contains("mostly") && !head.contains("reference"))
        let p95 = try #require(rows["single-row prediction p95_ms"])
        #expect(p95[2] == "timed" && p95[3] == "ok" && p95[4] == "—" && p95[5] == "> 50 ms")
        let timed = Self.table(speed, reproducible: false).rows
        let measured = try #require(timed["single-row prediction p95_ms"])
        #expect(
            measured[2].hasSuffix(" ms")
                && Double(measured[2].dropLast(3).replacingOccurrences(of: ",", with: "")) != nil)
        let rate = try #require(timed["batch of 10 rows per second"])
        #expect(rate[2].hasSuffix(" rows/s") && rate[5] == "—")
    }

    @Test func theStatusCellKeepsItsClassInTheReportsSummary() throws {
        let html = try Self.run().html
        let summary = try #require(Self.matches(html, "<section class=\"monitoring\"(.*?)</section>").first)
        #expect(summary.contains("<th class=\"status\">status</th>"))
        let rows = Self.matches(summary, "(<tr class=\"status-[a-z]+\">)").count
        #expect(rows > 0 && Self.matches(summary, "(<td class=\"status\">)").count == rows)
        #expect(Self.cells(summary).head.prefix(2) == ["step", "subject"])
    }

    @Test func jsonRowsCarryTheStructuredFieldsInFullPrecision() throws {
        let monitors = try Self.run().monitors
        let drift = try #require(monitors["drift"])
        let amount = try #require(drift.rows.first { $0.subject == "amount" })
        guard case .object(let object) = MonitorKind.json(of: amount) else {
            Issue.record("not an object")
            return
        }
        #expect(object["measure"] == .string("p_value"))
        #expect(object["direction"] == .string("lower_is_worse"))
        #expect(object["alert"] == .object(["at_most": .number(0.05)]))
        #expect(object["warn"] == .object(["at_most": .number(0.1)]))
        #expect(object["mostly"] == .null)
        #expect(object["threshold"] == .number(0.05))
        // 1…6 against 11…16: the empirical distribution functions are 1 apart (scipy's ks_2samp
        // statistic), and the report shows it under the p-value.
        #expect(object["statistic"] == .number(1))
        let table = MonitorKind.table(drift.rows, reproducible: true).markup
        #expect(table.contains("D\u{A0}1</td>"), "\(table)")
        let dataset = try #require(drift.rows.last)
        #expect(dataset.statistic == nil)
        guard case .object(let reference) = object["reference"] else {
            Issue.record("no reference")
            return
        }
        #expect(reference["count"] == .integer(6) && reference["mean"] == .number(3.5))
        #expect(reference["std"] == .number(3.5.squareRoot()))
        let quality = try #require(monitors["quality"])
        guard case .object(let between) = MonitorKind.json(of: quality.rows[1]) else { return }
        #expect(between["mostly"] == .number(0.5) && between["alert"] == .object(["below": .number(0.5)]))
        #expect(between["value"] == .number(4.0 / 6))
        guard case .object(let mean) = MonitorKind.json(of: quality.rows[0]) else { return }
        #expect(mean["direction"] == .string("outside_is_worse"))
        #expect(mean["alert"] == .object(["below": .number(0), "above": .number(5)]))
    }
}
