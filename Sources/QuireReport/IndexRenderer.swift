import QuireNotebook
import QuireRunner
import QuireSupport

/// `reports/index.html`: one row per notebook of a multi-notebook run, linking to its report.
public struct IndexRenderer: Sendable {
    /// One notebook's row in the index.
    public struct Entry: Sendable {
        /// The notebook's title, shown as the link to its report.
        public var title: String
        /// The notebook's path as given.
        public var notebook: String
        /// The report's file name, relative to the index.
        public var report: String?
        /// `succeeded`, `failed` or `invalid`.
        public var status: String
        /// How many steps ended in each status; zero counts are not shown.
        public var counts: [StepStatus: Int]
        /// Headline metrics of the notebook's evaluations: `quality.roc_auc` → value.
        public var metrics: [(name: String, value: Double)]
        /// The worst monitoring status, if anything is monitored.
        public var monitorStatus: String?

        /// Creates a row; a nil `report` shows the title without a link.
        public init(
            title: String, notebook: String, report: String?, status: String, counts: [StepStatus: Int],
            metrics: [(name: String, value: Double)] = [], monitorStatus: String? = nil
        ) {
            self.title = title
            self.notebook = notebook
            self.report = report
            self.status = status
            self.counts = counts
            self.metrics = metrics
            self.monitorStatus = monitorStatus
        }
    }

    /// Count cached steps as ok, as reproducible reports do (whether a step ran or came from the
    /// cache depends on the machine, not on the inputs).
    public var reproducible: Bool

    /// Creates a renderer; pass `reproducible` for reports that must not depend on the cache.
    public init(reproducible: Bool = false) {
        self.reproducible = reproducible
    }

    /// The complete, self-contained HTML page listing `entries` in the order given.
    public func render(_ entries: [Entry]) -> String {
        var rows = HTML.empty
        for entry in entries {
            let title = entry.report.map { HTML.element("a", ["href": $0], .text(entry.title)) } ?? .text(entry.title)
            var shown = entry.counts
            if reproducible {
                shown[.ok, default: 0] += shown[.cached] ?? 0
                shown[.cached] = nil
            }
            let counts = StepStatus.allCases.compactMap { status in
                shown[status].flatMap {
                    $0 > 0 ? "\($0) \(reproducible && status == .ok ? "ok" : ReportRenderer.label(status))" : nil
                }
            }.joined(separator: " · ")
            let metrics = entry.metrics.map { "\($0.name) \(NumberFormat.decimal($0.value))" }.joined(
                separator: " · ")
            let monitor: HTML =
                entry.monitorStatus.map { status in
                    .element(
                        "span", ["class": "badge \(status == "ok" ? "ok" : status == "warn" ? "warn" : "failed")"],
                        .text(status))
                } ?? .text("—")
            rows += .element(
                "tr", [:],
                .element(
                    "td", [:], title, .element("div", ["class": "note"], .element("code", [:], .text(entry.notebook)))),
                .element(
                    "td", [:],
                    .element(
                        "span", ["class": "badge \(entry.status == "succeeded" ? "ok" : "failed")"], .text(entry.status)
                    )),
                .element("td", [:], monitor), .element("td", [:], .text(metrics.isEmpty ? "—" : metrics)),
                .element("td", [:], .text(counts)))
        }
        let table = HTML.element(
            "table", ["class": "index"],
            .element(
                "thead", [:],
                .element(
                    "tr", [:], .element("th", [:], .text("Notebook")), .element("th", [:], .text("Status")),
                    .element("th", [:], .text("Monitoring")), .element("th", [:], .text("Headline metrics")),
                    .element("th", [:], .text("Steps")))),
            .element("tbody", [:], rows))
        let body =
            HTML.element("header", ["class": "report-header"], .element("h1", ["class": "title"], .text("Reports")))
            + .element("main", [:], .element("div", ["class": "scroll"], table))
        return Page.document(title: "Reports", body: body)
    }
}
