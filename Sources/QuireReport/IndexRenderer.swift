import QuireNotebook
import QuireRunner

/// `reports/index.html`: one row per notebook of a multi-notebook run, linking to its report.
public struct IndexRenderer: Sendable {
    public struct Entry: Sendable {
        public var title: String
        /// The notebook's path as given.
        public var notebook: String
        /// The report's file name, relative to the index.
        public var report: String?
        /// `succeeded`, `failed` or `invalid`.
        public var status: String
        public var counts: [StepStatus: Int]

        public init(title: String, notebook: String, report: String?, status: String, counts: [StepStatus: Int]) {
            self.title = title
            self.notebook = notebook
            self.report = report
            self.status = status
            self.counts = counts
        }
    }

    public init() {}

    public func render(_ entries: [Entry]) -> String {
        var rows = HTML.empty
        for entry in entries {
            let title = entry.report.map { HTML.element("a", ["href": $0], .text(entry.title)) } ?? .text(entry.title)
            let counts = StepStatus.allCases.compactMap { status in
                entry.counts[status].flatMap { $0 > 0 ? "\($0) \(ReportRenderer.label(status))" : nil }
            }.joined(separator: " · ")
            rows += .element(
                "tr", [:],
                .element(
                    "td", [:], title, .element("div", ["class": "note"], .element("code", [:], .text(entry.notebook)))),
                .element(
                    "td", [:],
                    .element(
                        "span", ["class": "badge \(entry.status == "succeeded" ? "ok" : "failed")"], .text(entry.status)
                    )),
                .element("td", [:], .text(counts)))
        }
        let table = HTML.element(
            "table", ["class": "index"],
            .element(
                "thead", [:],
                .element(
                    "tr", [:], .element("th", [:], .text("Notebook")), .element("th", [:], .text("Status")),
                    .element("th", [:], .text("Steps")))),
            .element("tbody", [:], rows))
        let body =
            HTML.element("header", ["class": "report-header"], .element("h1", ["class": "title"], .text("Reports")))
            + .element("main", [:], .element("div", ["class": "scroll"], table))
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(HTML.escape(ReportRenderer.contentSecurityPolicy))">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Reports</title>
            <style>\(Stylesheet.css)</style>
            </head>
            <body>
            \(body.markup)
            </body>
            </html>

            """
    }
}
