import Foundation
import QuireEngine
import QuireNotebook
import QuireRunner
import QuireSupport
import QuireValues

/// Renders a notebook, and the run of it, as one self-contained HTML page.
///
/// Prose is rendered by cmark (safe mode unless the notebook was parsed with raw HTML allowed);
/// each step shows its source, a status badge, its outputs or its error in place. The page loads
/// nothing: inline CSS only, and a Content-Security-Policy that forbids scripts and every remote
/// load. Volatile facts (durations) stand only in the run-info line, and are left out when
/// ``Options/reproducible`` is set.
public struct ReportRenderer: Sendable {
    /// The Content-Security-Policy of every report: no scripts, no remote anything.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
        + "script-src 'none'; base-uri 'none'; form-action 'none'"

    /// What a page shows, beyond the notebook and the run.
    public struct Options: Sendable {
        /// Leave out wall times and whether a step ran or came from the cache (both depend on the
        /// machine, not on the inputs), so the same inputs give the same bytes.
        public var reproducible = false
        /// The volatile facts of the run, shown in the run-info line unless ``reproducible``.
        public var runInfo: RunInfo?
        /// The notebook file's SHA-256, for the reproducibility record.
        public var notebookDigest: String?
        /// A local copy of mermaid.js (`--mermaid-js`): diagram types Quire does not draw are then
        /// drawn in the reader's browser by this script, inlined and allowed by its hash alone.
        public var mermaidScript: String?
        /// The notebook's path as the report shows it (default: as it was read). Give it relative
        /// to the project root, so a report names no directory of the machine it was rendered on.
        public var notebookPath: String?
        /// Rows shown of each frame (the cache keeps at most ``FrameSummary/previewLimit``).
        public var previewRows = 10
        /// The date shown when ``reproducible`` (the run's own date is not): from
        /// `SOURCE_DATE_EPOCH` or the notebook's last commit; none is shown when nil.
        public var reproducibleDate: ReportDate?
        /// The index of the reports beside this one (`index.html`), linked from the header.
        public var indexLink: String?
        /// The notebook's earlier runs, drawn as a trend beside each headline metric and monitor
        /// row (see ``ReportTrends``); nil or empty renders as without history, and
        /// ``reproducible`` leaves them out.
        public var trends: ReportTrends?

        /// Whether the page shows trends: some are given and the report is not reproducible.
        var showsTrends: Bool { !reproducible && !(trends?.isEmpty ?? true) }

        /// Options; the defaults render a report with wall times and no run-info line.
        public init(
            reproducible: Bool = false, runInfo: RunInfo? = nil, notebookDigest: String? = nil,
            mermaidScript: String? = nil, notebookPath: String? = nil, previewRows: Int = 10
        ) {
            self.reproducible = reproducible
            self.runInfo = runInfo
            self.notebookDigest = notebookDigest
            self.mermaidScript = mermaidScript
            self.notebookPath = notebookPath
            self.previewRows = previewRows
        }
    }

    /// Facts about the run that differ between machines and moments.
    public struct RunInfo: Sendable {
        /// When the run started, ISO 8601 in UTC.
        public var date: String
        /// The host name of the machine that ran it.
        public var host: String

        /// Facts of a run that started at `date` on `host`.
        public init(date: String, host: String) {
            self.date = date
            self.host = host
        }
    }

    /// What the page shows.
    public var options: Options

    /// A renderer with `options`.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The HTML page for `notebook` (whose prose must have been rendered, see
    /// ``NotebookParser/Options/renderProse``) and its `run`, if it was run.
    public func render(_ notebook: Notebook, run: RunResult? = nil) -> String {
        let quoted = QuotedValues(run: run)
        var body = header(notebook, run: run)
        var content = HTML.empty
        for (index, block) in notebook.blocks.enumerated() {
            switch block {
            case .prose(let prose):
                // The header shows the title; a first heading that repeats it is not shown twice.
                let repeatsTitle = index == notebook.blocks.startIndex && prose.leadingHeading?.text == notebook.title
                let html = (repeatsTitle ? prose.htmlWithoutLeadingHeading : prose.html) ?? ""
                content += .raw(quoted.fill(html, quotes: prose.quotes))
            case .step(let step):
                content += render(step, result: run?.result(step.id), run: run)
            case .mermaid(let diagram):
                content += Diagrams.render(diagram, clientSide: options.mermaidScript != nil)
            case .code(let code):
                content += .codeBlock(code.code, language: code.language)
            }
        }
        body += tableOfContents(notebook, quoted: quoted)
        if let run { body += monitoringSummary(run) }
        if let run {
            if !run.plan.steps.isEmpty { content += pipeline(run) }
            content += reproducibility(run)
        }
        body += .element("main", [:], content)
        // Scripts only when asked for and needed, each allowed by its own hash.
        var policy = Self.contentSecurityPolicy
        if let script = options.mermaidScript, Diagrams.needsClientSide(notebook) {
            let scripts = [Diagrams.inlineSafe(script), "mermaid.initialize({startOnLoad: true});"]
            for text in scripts { body += .raw("<script>\(text)</script>") }
            let hashes = scripts.map { "'sha256-\(Digest.sha256Base64($0))'" }.joined(separator: " ")
            policy = policy.replacingOccurrences(of: "script-src 'none'", with: "script-src \(hashes)")
        }
        body += .element(
            "footer", [:],
            .element(
                "p", [:], .text("Rendered by Quire \(QuireVersion.string) from "),
                .element("code", [:], .text(options.notebookPath ?? notebook.path))))

        let style = options.showsTrends ? Stylesheet.trends : ""
        return Page.document(title: quoted.title(of: notebook), policy: policy, style: style, body: body)
    }

    /// Every monitor row of the run, worst status first, before the notebook's content.
    private func monitoringSummary(_ run: RunResult) -> HTML {
        var entries: [(step: String, row: MonitorValue.Row)] = []
        for result in run.results {
            for record in result.outputs.values {
                for row in record.summary.monitor?.rows ?? [] { entries.append((result.id, row)) }
            }
        }
        let sorted = entries.enumerated().sorted {
            ($1.element.row.status, $0.offset) < ($0.element.row.status, $1.offset)
        }.map(\.element)
        guard let worst = sorted.first?.row.status else { return .empty }
        return .element(
            "section", ["class": "monitoring", "id": "monitoring"],
            .element("h2", [:], .text("Monitoring "), MonitorKind.badge(worst)),
            MonitorKind.table(sorted.map(\.row), reproducible: options.reproducible, steps: sorted.map(\.step)))
    }

    /// The plan's graph, drawn; its mermaid source folded below it.
    private func pipeline(_ run: RunResult) -> HTML {
        let source = run.plan.mermaid
        var section = HTML.element("h2", [:], .text("Pipeline"))
        if let svg = Diagrams.svg(source, title: "Pipeline of \(QuotedValues(run: run).title(of: run.plan.notebook))") {
            section += .element("figure", ["class": "diagram"], .raw(svg))
        }
        section += .element(
            "details", [:], .element("summary", [:], .text("Mermaid source (`quire graph`)")),
            .element("pre", ["class": "mermaid-source"], .element("code", [:], .text(source))))
        return .element("section", ["class": "pipeline", "id": "pipeline"], section)
    }

    /// What a reader needs to reproduce the run: digests of the notebook, parameters and data,
    /// every cache key, and the versions.
    private func reproducibility(_ run: RunResult) -> HTML {
        var rows: [(String, HTML)] = []
        let code = { (text: String) in HTML.element("code", [:], .text(text)) }
        rows.append(
            (
                "Notebook",
                code(options.notebookPath ?? run.plan.notebook.path) + .text(" · sha256 ")
                    + code(options.notebookDigest ?? "—")
            ))
        let params = run.plan.params.values.map { "\($0.name)=\($0.value.displayText)" }.joined(separator: ", ")
        let canonical = run.plan.params.values.map { "\($0.name)=\($0.value.canonicalText)" }.joined(separator: "\n")
        rows.append(
            (
                "Parameters",
                (params.isEmpty ? .text("none") : code(params)) + .text(" · sha256 ") + code(Digest.sha256(canonical))
            ))
        var files: [String: String] = [:]
        for result in run.results { for (path, digest) in result.components?.files ?? [:] { files[path] = digest } }
        var data = HTML.empty
        for (path, digest) in files.sorted(by: { $0.key < $1.key }) {
            data += .element("li", [:], code(path), .text(" · sha256 "), code(digest))
        }
        rows.append(("Data", files.isEmpty ? .text("no files read") : .element("ul", [:], data)))
        var keys = HTML.empty
        for result in run.results {
            keys += .element(
                "li", [:], code(result.id), .text(" "),
                code(result.key ?? "— (not computed: \(Self.label(result.status)))"))
        }
        rows.append(
            (
                "Cache keys",
                .element(
                    "details", [:], .element("summary", [:], .text("\(run.results.count) steps")),
                    .element("ul", [:], keys))
            ))
        rows.append(
            (
                "Versions",
                .text(
                    "Quire \(QuireVersion.string) · \(KeyComponents.engineVersion) · cache format \(KeyComponents.formatVersion)"
                )
            ))
        rows.append(("Platform", .text(Self.platform)))
        var table = HTML.empty
        for (name, value) in rows {
            table += .element("tr", [:], .element("th", ["scope": "row"], .text(name)), .element("td", [:], value))
        }
        return .element(
            "section", ["class": "reproducibility", "id": "reproducibility"],
            .element("h2", [:], .text("Reproducibility")), .element("table", [:], .element("tbody", [:], table)))
    }

    /// The operating system and architecture Quire was built for.
    static var platform: String {
        #if os(Linux)
            let system = "Linux"
        #elseif os(macOS)
            let system = "macOS"
        #else
            let system = "unknown OS"
        #endif
        #if arch(x86_64)
            return system + " x86_64"
        #elseif arch(arm64)
            return system + " arm64"
        #else
            return system
        #endif
    }

    /// Links to the second- and third-level headings, when there are at least two sections.
    private func tableOfContents(_ notebook: Notebook, quoted: QuotedValues) -> HTML {
        let entries = notebook.headings.filter { $0.level == 2 || $0.level == 3 }
        guard entries.filter({ $0.level == 2 }).count >= 2 else { return .empty }
        var items = HTML.empty
        for heading in entries {
            items += .element(
                "li", ["class": "toc-\(heading.level)"],
                .element(
                    "a", ["href": "#\(heading.anchor)"], heading.quotedText.map(quoted.html) ?? .text(heading.text)))
        }
        return .element(
            "nav", ["class": "toc", "aria-label": "Contents"], .element("h2", [:], .text("Contents")),
            .element("ol", [:], items))
    }

    // MARK: Header

    /// The title, the description, the run's status and step counts, and when it ran.
    private func header(_ notebook: Notebook, run: RunResult?) -> HTML {
        var header = HTML.empty
        if let index = options.indexLink {
            header += .element("p", ["class": "index-link"], .element("a", ["href": index], .text("← all reports")))
        }
        header += .element("h1", ["class": "title"], QuotedValues(run: run).html(notebook.quotedTitle))
        if let description = notebook.frontMatter?.description?.value {
            header += .element("p", ["class": "description"], .text(description))
        }
        let steps = notebook.steps.count
        guard let run else {
            header += .element("p", ["class": "summary"], .text("\(steps) step\(steps == 1 ? "" : "s") · not run"))
            return .element("header", ["class": "report-header"], header)
        }
        let status = RunStatus(run)
        var summary = status.pill(
            stepLink: { "#step-\($0)" }, alertsLink: monitorLink(run, status: .alert),
            warningsLink: monitorLink(run, status: .warn))
        var counts: [StepStatus: Int] = [:]
        for result in run.results { counts[shown(result.status), default: 0] += 1 }
        for status in StepStatus.allCases {
            guard let count = counts[status], count > 0 else { continue }
            summary += .text(" · \(count) \(shownLabel(status))")
        }
        header += .element("p", ["class": "summary"], summary)
        if !options.reproducible {
            var info = "Ran in \(Self.duration(run.durationMilliseconds))"
            if let runInfo = options.runInfo { info += " on \(runInfo.host), \(runInfo.date)" }
            header += .element("p", ["class": "run-info"], .text(info + "."))
        } else if let date = options.reproducibleDate {
            header += .element(
                "p", ["class": "run-info"], .text("Dated "),
                .element("time", ["datetime": date.iso8601], .text(date.iso8601)),
                .text(" (\(date.sourceDescription)).")
            )
        }
        return .element("header", ["class": "report-header"], header)
    }

    /// The anchor of the first monitor table with a row of `status`, in notebook order: the
    /// output's own anchor (``outputAnchor(step:output:)``), or its step's when outputs are hidden.
    private func monitorLink(_ run: RunResult, status: MonitorStatus) -> String? {
        for result in run.results {
            for name in outputOrder(of: result, in: run) {
                guard let monitor = result.outputs[name]?.summary.monitor,
                    monitor.rows.contains(where: { $0.status == status })
                else { continue }
                let shown = run.plan.step(result.id)?.source.displayOption("output") != "false"
                return "#" + (shown ? Self.outputAnchor(step: result.id, output: name) : "step-\(result.id)")
            }
        }
        return nil
    }

    /// The stable anchor of a monitor output in its step's section: `step-drift.drift` (a step id
    /// has no `.`, so it meets neither a step's `step-ID` nor a heading's anchor).
    static func outputAnchor(step: String, output: String) -> String { "step-\(step).\(output)" }

    /// A step's output names in the order the report shows them: as the op declares its outputs.
    private func outputOrder(of result: StepResult, in run: RunResult?) -> [String] {
        let order = run?.plan.step(result.id)?.schema.outputs.map(\.name) ?? []
        return result.outputs.keys.sorted {
            (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1)
        }
    }

    /// The status as shown: with ``Options/reproducible``, a cached step shows as succeeded.
    private func shown(_ status: StepStatus) -> StepStatus {
        status.reported(reproducible: options.reproducible)
    }

    private func shownLabel(_ status: StepStatus) -> String {
        options.reproducible && status == .ok ? "ok" : Self.label(status)
    }

    /// How a status is worded in reports and on the console (`ran`, `cached`…).
    public static func label(_ status: StepStatus) -> String {
        switch status {
        case .ok: "ran"
        case .cached: "cached"
        case .failed: "failed"
        case .skipped: "skipped"
        case .notRun: "not run"
        }
    }

    static func duration(_ milliseconds: Int) -> String {
        milliseconds < 1000 ? "\(milliseconds) ms" : "\(Double(milliseconds / 10) / 100) s"
    }

    private func render(_ step: Step, result: StepResult?, run: RunResult?) -> HTML {
        let echo = step.displayOption("echo") != "false"
        let showOutput = step.displayOption("output") != "false"
        var heading = HTML.element("span", ["class": "step-id"], .text(step.id))
        if let op = step.op?.value { heading += .text(" · ") + .element("span", ["class": "step-op"], .text(op)) }
        if let title = step.title?.value {
            heading += .text(" — ") + .element("span", ["class": "step-title"], .text(title))
        }
        if let result {
            let status = shown(result.status)
            heading += .text(" ") + .element("span", ["class": "badge \(status.rawValue)"], .text(shownLabel(status)))
        }
        var section = HTML.element("h3", ["class": "step-heading"], heading)
        if echo {
            let source = HTML.codeBlock(step.source, language: "yaml")
            if step.displayOption("fold") == "true" {
                section += .element("details", [:], .element("summary", [:], .text("source")), source)
            } else {
                section += source
            }
        }
        if let result {
            if let failure = result.failure {
                section += error(failure, step: step, run: run)
            } else if let note = result.note {
                section += .element("p", ["class": "note"], .text(note))
            }
            if showOutput {
                // In the order the op declares its outputs (train before test).
                let order = run?.plan.step(step.id)?.schema.outputs.map(\.name) ?? []
                let names = result.outputs.keys.sorted {
                    (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1)
                }
                let kinds = run?.valueKinds ?? .standard
                section += trends(of: result, outputs: names, kinds: kinds)
                let display = RenderOptions(reproducible: options.reproducible, previewRows: options.previewRows)
                for name in names {
                    guard let record = result.outputs[name] else { continue }
                    let output = kinds.render(record.summary, name: name, options: display)
                    // A monitor's anchor is where the header's alert and warning counts lead.
                    let anchor = Self.outputAnchor(step: step.id, output: name)
                    section +=
                        record.summary.monitor == nil
                        ? output : .element("div", ["class": "output-anchor", "id": anchor], output)
                }
            }
        }
        return .element("section", ["class": "step", "id": "step-\(step.id)"], section)
    }

    private func error(_ failure: StepFailure, step: Step, run: RunResult?) -> HTML {
        let range = failure.range ?? step.op?.range ?? step.range
        var box = HTML.element(
            "p", ["class": "error-message"], .element("strong", [:], .text("Error: ")), .text(failure.message))
        box += .element(
            "p", ["class": "error-place"],
            .text("at "),
            .element(
                "code", [:],
                .text(
                    "\(options.notebookPath ?? run?.plan.notebook.path ?? ""):\(range.start.line):\(range.start.column)"
                )),
            // The stable code (docs/json-summary.md), the same as in the JSON summary.
            .text(" "), .element("code", ["class": "error-code", "title": "error code"], .text(failure.code.rawValue)))
        if let hint = failure.hint { box += .element("p", ["class": "error-hint"], .text("Hint: \(hint)")) }
        if let run {
            let blocked = run.plan.steps(dependingOn: step.id).dropFirst().map(\.id)
            if !blocked.isEmpty {
                box += .element(
                    "p", ["class": "error-blocked"], .text("Not run because of it: " + blocked.joined(separator: ", ")))
            }
        }
        return .element("div", ["class": "error", "role": "alert"], box)
    }
}
