/// The report's inline stylesheet: system fonts, light and dark themes, print and phone layouts.
enum Stylesheet {
    static let css = """
        :root{color-scheme:light dark;--fg:#1d2125;--muted:#5c6670;--bg:#ffffff;--panel:#f5f7f9;--border:#d9dee3;--accent:#2b6cb0;--code-bg:#f3f4f6}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e8ea;--muted:#9aa4ad;--bg:#15181b;--panel:#1d2226;--border:#333b42;--accent:#63a4e8;--code-bg:#1f2428}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 "Liberation Sans","DejaVu Sans",Arial,Helvetica,sans-serif}
        header.report-header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}
        header.report-header{padding-top:2rem;border-bottom:1px solid var(--border)}
        h1.title{margin:0 0 .25rem;font-size:2rem;line-height:1.2}
        .description,.summary,footer{color:var(--muted)}
        a{color:var(--accent)}
        pre{background:var(--code-bg);border:1px solid var(--border);border-radius:6px;padding:.75rem 1rem;overflow-x:auto;font-size:.875rem;line-height:1.45}
        code{font-family:"Liberation Mono","DejaVu Sans Mono",Menlo,Consolas,monospace}
        :not(pre)>code{background:var(--code-bg);padding:.1em .3em;border-radius:4px;font-size:.9em}
        table{border-collapse:collapse;display:block;overflow-x:auto}
        th,td{border:1px solid var(--border);padding:.3rem .6rem;text-align:left}
        img{max-width:100%}
        blockquote{margin-left:0;padding-left:1rem;border-left:3px solid var(--border);color:var(--muted)}
        section.step{border:1px solid var(--border);border-radius:8px;background:var(--panel);padding:.25rem 1rem;margin:1.25rem 0}
        section.step pre{background:var(--bg)}
        .step-heading{font-size:1rem;margin:.5rem 0}
        .step-id{font-family:"Liberation Mono","DejaVu Sans Mono",monospace}
        .step-op{color:var(--accent)}
        figure.diagram{margin:1.25rem 0}
        figcaption{color:var(--muted);font-size:.875rem}
        footer{padding:2rem 1rem;font-size:.875rem}
        @media print{body{background:#fff;color:#000}section.step{break-inside:avoid;background:none}pre{white-space:pre-wrap}}
        @media (max-width:600px){body{font-size:15px}h1.title{font-size:1.5rem}}
        """
}
