import QuireNotebook

/// Renders a notebook as one self-contained HTML page.
///
/// At this stage the page shows the notebook as written: prose rendered by cmark (safe mode
/// unless the notebook was parsed with raw HTML allowed), steps and diagrams as escaped code.
/// The page loads nothing: inline CSS only, and a Content-Security-Policy that forbids scripts
/// and every remote load.
public struct ReportRenderer: Sendable {
    /// The Content-Security-Policy of every report: no scripts, no remote anything.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
        + "script-src 'none'; base-uri 'none'; form-action 'none'"

    public init() {}

    /// The HTML page for `notebook`, whose prose must have been rendered
    /// (``NotebookParser/Options/renderProse``).
    public func render(_ notebook: Notebook) -> String {
        var body = HTML.empty
        body += header(notebook)
        var content = HTML.empty
        // The header shows the title; a first heading that repeats it is not shown twice.
        let repeatedTitle = "<h1>\(HTML.escape(notebook.title))</h1>\n"
        for (index, block) in notebook.blocks.enumerated() {
            switch block {
            case .prose(let prose):
                var html = prose.html ?? ""
                if index == notebook.blocks.startIndex, html.hasPrefix(repeatedTitle) {
                    html.removeFirst(repeatedTitle.count)
                }
                content += .raw(html)
            case .step(let step):
                content += render(step)
            case .mermaid(let diagram):
                content += .element(
                    "figure", ["class": "diagram"],
                    .element("pre", ["class": "mermaid-source"], .element("code", [:], .text(diagram.code))),
                    .element("figcaption", [:], .text("mermaid diagram (source)")))
            case .code(let code):
                let attributes: KeyValuePairs<String, String> =
                    code.language.isEmpty ? [:] : ["class": "language-\(code.language)"]
                content += .element("pre", [:], .element("code", attributes, .text(code.code)))
            }
        }
        body += .element("main", [:], content)
        body += .element(
            "footer", [:],
            .element(
                "p", [:], .text("Rendered by Quire \(QuireVersion.string) from "),
                .element("code", [:], .text(notebook.path))))

        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(HTML.escape(Self.contentSecurityPolicy))">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Quire \(QuireVersion.string)">
            <title>\(HTML.escape(notebook.title))</title>
            <style>\(Stylesheet.css)</style>
            </head>
            <body>
            \(body.markup)
            </body>
            </html>

            """
    }

    private func header(_ notebook: Notebook) -> HTML {
        var header = HTML.element("h1", ["class": "title"], .text(notebook.title))
        if let description = notebook.frontMatter?.description?.value {
            header += .element("p", ["class": "description"], .text(description))
        }
        let steps = notebook.steps.count
        header += .element(
            "p", ["class": "summary"],
            .text("\(steps) step\(steps == 1 ? "" : "s") · not run yet"))
        return .element("header", ["class": "report-header"], header)
    }

    private func render(_ step: Step) -> HTML {
        let echo = step.displayOption("echo") != "false"
        var heading = HTML.element("span", ["class": "step-id"], .text(step.id))
        if let op = step.op?.value { heading += .text(" · ") + .element("span", ["class": "step-op"], .text(op)) }
        if let title = step.title?.value {
            heading += .text(" — ") + .element("span", ["class": "step-title"], .text(title))
        }
        var section = HTML.element("h3", ["class": "step-heading"], heading)
        if echo {
            let source = HTML.element("pre", [:], .element("code", ["class": "language-yaml"], .text(step.source)))
            if step.displayOption("fold") == "true" {
                section += .element("details", [:], .element("summary", [:], .text("source")), source)
            } else {
                section += source
            }
        }
        return .element("section", ["class": "step", "id": "step-\(step.id)"], section)
    }
}
