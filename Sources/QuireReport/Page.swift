import QuireNotebook
import QuireSupport

/// The HTML document every page of Quire's shares: the policy, the viewport, the stylesheet.
enum Page {
    /// A complete document with `body` (already built markup) under `policy`; `style` is added
    /// to the stylesheet (rules only some pages need, so the others keep their bytes).
    static func document(
        title: String, policy: String = ReportRenderer.contentSecurityPolicy, style: String = "", body: HTML
    ) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(HTML.escape(policy))">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Quire \(QuireVersion.string)">
        <title>\(HTML.escape(title))</title>
        <style>\(Stylesheet.css)\(style)</style>
        </head>
        <body>
        \(body.markup)
        </body>
        </html>

        """
    }
}
