extension Stylesheet {
    /// The rules of trend sparklines and the index's run squares, added only to pages that show
    /// trends (so pages without history keep their bytes). Better and worse are words in each
    /// change's title as well as colours; both colours read on the light and the dark theme.
    static let trends = """

        :root{--trend-better:#1a7f37;--trend-worse:#c62828;--trend-warn:#9a6700}
        @media (prefers-color-scheme:dark){:root{--trend-better:#56d364;--trend-worse:#ff7b72;--trend-warn:#e3b341}}
        svg.trend-line{display:inline-block;vertical-align:middle;overflow:visible}
        svg.trend-line polyline{fill:none;stroke:var(--accent);stroke-width:1.25;stroke-linejoin:round;stroke-linecap:round}
        svg.trend-line .lone{fill:var(--accent)}
        svg.trend-line .now{fill:var(--accent);stroke:var(--bg);stroke-width:1}
        figure.trends{margin:.5rem 0}
        table.trends{display:table;font-size:.8125rem;background:var(--bg)}
        table.trends th{font-weight:400;overflow-wrap:anywhere}
        table.trends td.trend-spark{line-height:0;padding:.2rem .4rem}
        .trend-change{font-variant-numeric:tabular-nums}
        .trend-better{color:var(--trend-better);font-weight:600}
        .trend-worse{color:var(--trend-worse);font-weight:600}
        .trend-same,.trend-changed{color:var(--muted)}
        table.index .trend{margin:.1rem 0 .4rem;font-size:.8125rem;line-height:1.4}
        .run-squares{display:flex;flex-wrap:wrap;gap:2px;margin-top:.35rem;max-width:12rem}
        .run-square{width:.6rem;height:.6rem;border-radius:2px;background:var(--border)}
        .run-square.ok{background:var(--trend-better)}
        .run-square.warn{background:var(--trend-warn)}
        .run-square.alert{background:var(--trend-worse)}
        .run-square.now{outline:1.5px solid var(--fg);outline-offset:1px}
        @media (max-width:600px){table.trends,table.trends tbody{display:block}table.trends{border:1px solid var(--border)}table.trends tr{display:grid;grid-template-columns:auto 1fr;align-items:center;border-top:1px solid var(--border)}table.trends tr:first-child{border-top:none}table.trends th{grid-column:1/-1;border:none;padding:.3rem .6rem 0}table.trends td{border:none}}
        """
}
