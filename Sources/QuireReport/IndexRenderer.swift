import QuireRunner
import QuireSupport
import QuireValues

/// `index.html`: every report of an output directory, one row per notebook, built from the JSON
/// summaries there (see ``IndexRenderer/entries(inDirectory:)``), linking to each report.
///
/// A row shows the notebook's title and path, its status in the report header's words
/// (``RunStatus``: `succeeded · 6 alerts`, `failed at step train (line 42)`), its worst monitor
/// status, headline metrics and step counts. Rows are sorted by title, then by file name, so the
/// same summaries give the same bytes.
public struct IndexRenderer: Sendable {
    /// A headline metric: `quality.roc_auc` and its value.
    public struct Metric: Sendable, Equatable {
        /// `step.metric`.
        public var name: String
        /// The metric's value.
        public var value: Double

        /// The metric `name` with `value`.
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    /// One notebook's row in the index.
    public struct Entry: Sendable, Equatable {
        /// The notebook's title, shown as the link to its report.
        public var title: String
        /// The notebook's path relative to its project root.
        public var notebook: String
        /// The report's file name, relative to the index (nil: shown without a link).
        public var report: String?
        /// Whether its steps succeeded, where they failed, and its monitor rows by status.
        public var status: RunStatus
        /// How many steps ended in each status; zero counts are not shown.
        public var counts: [StepStatus: Int]
        /// Headline metrics of the notebook's evaluations.
        public var metrics: [Metric]
        /// The worst monitoring status (`ok`, `warn`, `alert`), if anything is monitored.
        public var monitorStatus: String?
        /// The step of the first alerting monitor row, which the alert count links to.
        public var alertStep: String?
        /// The step of the first warning monitor row, which the warning count links to.
        public var warningStep: String?
        /// The notebook's earlier runs: a sparkline under the first headline metric and the
        /// monitor status of each run (left out when nil or empty, and when ``reproducible``).
        public var trends: ReportTrends?

        /// Creates a row; a nil `report` shows the title without a link.
        public init(
            title: String, notebook: String, report: String?, status: RunStatus, counts: [StepStatus: Int],
            metrics: [Metric] = [], monitorStatus: String? = nil, alertStep: String? = nil, warningStep: String? = nil,
            trends: ReportTrends? = nil
        ) {
            self.title = title
            self.notebook = notebook
            self.report = report
            self.status = status
            self.counts = counts
            self.metrics = metrics
            self.monitorStatus = monitorStatus
            self.alertStep = alertStep
            self.warningStep = warningStep
            self.trends = trends
        }
    }

    /// Count cached steps as ok, as reproducible reports do (whether a step ran or came from the
    /// cache depends on the machine, not on the inputs).
    public var reproducible: Bool

    /// Creates a renderer; pass `reproducible` for an index that must not depend on the cache.
    public init(reproducible: Bool = false) {
        self.reproducible = reproducible
    }

    /// The complete, self-contained HTML page listing `entries`, sorted by title then report.
    public func render(_ entries: [Entry]) -> String {
        let sorted = entries.sorted {
            ($0.title, $0.report ?? "", $0.notebook) < ($1.title, $1.report ?? "", $1.notebook)
        }
        var rows = HTML.empty
        for entry in sorted { rows += row(entry) }
        let table = HTML.element(
            "table", ["class": "index"],
            .element(
                "thead", [:],
                .element(
                    "tr", [:], .element("th", [:], .text("Notebook")), .element("th", [:], .text("Status")),
                    .element("th", [:], .text("Monitoring")), .element("th", [:], .text("Headline metrics")),
                    .element("th", [:], .text("Steps")))),
            .element("tbody", [:], rows))
        let header = HTML.element(
            "header", ["class": "report-header"], .element("h1", ["class": "title"], .text("Reports")),
            .element("p", ["class": "summary"], .text(Self.overview(entries))))
        let main: HTML =
            entries.isEmpty
            ? .element("main", [:], .element("p", [:], .text("No reports yet.")))
            : .element("main", [:], OutputRendering.scrollingTable(table, columns: 5))
        let trends = !reproducible && entries.contains { !($0.trends?.isEmpty ?? true) }
        return Page.document(title: "Reports", style: trends ? Stylesheet.trends : "", body: header + main)
    }

    /// `3 reports · 1 failed · 1 with alerts · 1 with warnings`.
    static func overview(_ entries: [Entry]) -> String {
        var parts = ["\(entries.count) report\(entries.count == 1 ? "" : "s")"]
        let failed = entries.filter { !$0.status.succeeded }.count
        let alerting = entries.filter { $0.status.alerts > 0 }.count
        let warning = entries.filter { $0.status.warnings > 0 }.count
        if failed > 0 { parts.append("\(failed) failed") }
        if alerting > 0 { parts.append("\(alerting) with alerts") }
        if warning > 0 { parts.append("\(warning) with warnings") }
        return parts.joined(separator: " · ")
    }

    private func row(_ entry: Entry) -> HTML {
        let href = entry.report.map(Self.href(toFile:))
        let title = href.map { HTML.element("a", ["href": $0], .text(entry.title)) } ?? .text(entry.title)
        let pill = entry.status.pill(
            stepLink: { id in SummaryFile.isStepID(id) ? href.map { "\($0)#step-\(id)" } : nil },
            alertsLink: href.flatMap { page in entry.alertStep.map { "\(page)#step-\($0)" } },
            warningsLink: href.flatMap { page in entry.warningStep.map { "\(page)#step-\($0)" } })
        var metrics = HTML.empty
        for (index, metric) in entry.metrics.enumerated() {
            metrics += .element("div", [:], .text("\(metric.name)\u{00A0}\(NumberFormat.decimal(metric.value))"))
            if index == 0 { metrics += metricTrend(entry) }
        }
        var monitor: HTML =
            entry.monitorStatus.map { status in
                .element(
                    "span", ["class": "badge \(status == "ok" ? "ok" : status == "warn" ? "warn" : "alert")"],
                    .text(status))
            } ?? .text("—")
        monitor += monitorTrend(entry)
        return .element(
            "tr", [:],
            .element(
                "td", [:], title, .element("div", ["class": "note"], .element("code", [:], .text(entry.notebook)))),
            .element("td", ["data-label": "Status"], pill), .element("td", ["data-label": "Monitoring"], monitor),
            .element("td", ["data-label": "Headline metrics"], entry.metrics.isEmpty ? .text("—") : metrics),
            .element("td", ["data-label": "Steps"], .text(counts(entry))))
    }

    /// `3 ran · 1 cached`; under ``reproducible``, `4 ok`.
    private func counts(_ entry: Entry) -> String {
        var shown = entry.counts
        if reproducible {
            shown[.ok, default: 0] += shown[.cached] ?? 0
            shown[.cached] = nil
        }
        let counts = StepStatus.allCases.compactMap { status in
            shown[status].flatMap {
                $0 > 0 ? "\($0) \(reproducible && status == .ok ? "ok" : ReportRenderer.label(status))" : nil
            }
        }
        return counts.isEmpty ? "—" : counts.joined(separator: " · ")
    }

    /// A relative link to the file `name` beside the index: `./` and every byte but unreserved
    /// ones percent-encoded, so no file name reads as a scheme (`javascript:x.html`), a query or a
    /// fragment.
    public static func href(toFile name: String) -> String {
        var encoded = "./"
        for byte in name.utf8 {
            let unreserved =
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved {
                encoded.append(Character(UnicodeScalar(byte)))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
