/// The report's inline stylesheet: system fonts, light and dark themes, print and phone layouts.
enum Stylesheet {
    static let css = """
        :root{color-scheme:light dark;--fg:#1d2125;--muted:#5c6670;--bg:#ffffff;--panel:#f5f7f9;--border:#d9dee3;--accent:#2b6cb0;--code-bg:#f3f4f6}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e8ea;--muted:#9aa4ad;--bg:#15181b;--panel:#1d2226;--border:#333b42;--accent:#63a4e8;--code-bg:#1f2428}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 "Liberation Sans","DejaVu Sans",Arial,Helvetica,sans-serif}
        header.report-header,main,footer,nav.toc,section.monitoring{max-width:52rem;margin:0 auto;padding:0 1rem}
        nav.toc{margin-top:1rem;font-size:.9375rem}
        nav.toc h2{font-size:.8125rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:.5rem 0}
        nav.toc ol{list-style:none;padding:0;margin:0;columns:2 16rem}
        nav.toc li.toc-3{padding-left:1rem;font-size:.875rem}
        nav.toc a{text-decoration:none}
        h1[id],h2[id],h3[id],h4[id]{scroll-margin-top:1rem}
        header.report-header{padding-top:2rem;border-bottom:1px solid var(--border)}
        h1.title{margin:0 0 .25rem;font-size:2rem;line-height:1.2}
        h1,h2,h3,h4,p,li,figcaption,.step-heading{overflow-wrap:anywhere}
        .description,.summary,footer{color:var(--muted)}
        a{color:var(--accent)}
        pre{background:var(--code-bg);border:1px solid var(--border);border-radius:6px;padding:.75rem 1rem;overflow-x:auto;font-size:.875rem;line-height:1.45}
        code{font-family:"Liberation Mono","DejaVu Sans Mono",Menlo,Consolas,monospace}
        :not(pre)>code{background:var(--code-bg);padding:.1em .3em;border-radius:4px;font-size:.9em}
        :root{--tok-keyword:#cf222e;--tok-string:#0a3069;--tok-comment:#57606a;--tok-number:#0550ae;--tok-literal:#0550ae;--tok-key:#116329;--tok-variable:#953800;--tok-function:#8250df;--tok-builtin:#6639ba;--tok-meta:#6639ba}
        @media (prefers-color-scheme:dark){:root{--tok-keyword:#ff7b72;--tok-string:#a5d6ff;--tok-comment:#8b949e;--tok-number:#79c0ff;--tok-literal:#79c0ff;--tok-key:#7ee787;--tok-variable:#ffa657;--tok-function:#d2a8ff;--tok-builtin:#ffa657;--tok-meta:#d2a8ff}}
        .tok-keyword{color:var(--tok-keyword)}.tok-string{color:var(--tok-string)}.tok-comment{color:var(--tok-comment);font-style:italic}.tok-number{color:var(--tok-number)}.tok-literal{color:var(--tok-literal)}.tok-key{color:var(--tok-key)}.tok-variable{color:var(--tok-variable)}.tok-function{color:var(--tok-function)}.tok-builtin{color:var(--tok-builtin)}.tok-meta{color:var(--tok-meta)}
        table{border-collapse:collapse;display:block;overflow-x:auto}
        th,td{border:1px solid var(--border);padding:.3rem .6rem;text-align:left}
        :is(main,li,blockquote)>table:not([class]){margin:1rem 0;max-width:100%;width:max-content;font-size:.9375rem}
        :is(main,li,blockquote)>table:not([class]) thead th{background:var(--panel)}
        :is(main,li,blockquote)>table:not([class])>tbody>tr:nth-child(even){background:var(--panel)}
        th[align=center],td[align=center]{text-align:center}
        th[align=right],td[align=right]{text-align:right;font-variant-numeric:tabular-nums}
        del{color:var(--muted)}
        li:has(>input[type=checkbox]){list-style:none}
        li>input[type=checkbox]{margin:0 .4em 0 -1.4em;vertical-align:-.1em;accent-color:var(--accent)}
        li>input[type=checkbox]:has(+p){float:left;margin-top:.4em}
        @media print{:is(main,li,blockquote)>table:not([class]){display:table;overflow:visible;width:auto;max-width:100%;font-size:8pt}:is(main,li,blockquote)>table:not([class]) :is(td,th){overflow-wrap:anywhere}}
        img{max-width:100%}
        blockquote{margin-left:0;padding-left:1rem;border-left:3px solid var(--border);color:var(--muted)}
        section.step{border:1px solid var(--border);border-radius:8px;background:var(--panel);padding:.25rem 1rem;margin:1.25rem 0}
        section.step pre{background:var(--bg)}
        .step-heading{font-size:1rem;margin:.5rem 0}
        .step-id{font-family:"Liberation Mono","DejaVu Sans Mono",monospace}
        .step-op{color:var(--accent)}
        figure.diagram{margin:1.25rem 0;overflow-x:auto;text-align:center}
        figure.diagram svg{max-width:100%;height:auto}
        figure.diagram figcaption{text-align:left}
        @media (prefers-color-scheme:dark){:root{--mermaid-node-fill:#1e2542;--mermaid-node-stroke:#818cf8;--mermaid-text:#e6e8ea;--mermaid-edge:#9aa4ad;--mermaid-background:#15181b;--mermaid-label-fill:#1d2226;--mermaid-cluster-fill:#2a2415;--mermaid-cluster-stroke:#d9a441;--mermaid-root-fill:#4f46e5;--mermaid-root-stroke:#4f46e5}}
        @media (prefers-color-scheme:dark){:root{--mermaid-branch-0:#172554;--mermaid-branch-1:#14321f;--mermaid-branch-2:#3a2a10;--mermaid-branch-3:#3b1530;--mermaid-branch-4:#2e1f5e;--mermaid-branch-5:#123b37;--mermaid-branch-6:#3b1f0e;--mermaid-branch-7:#1e2542}}
        figcaption{color:var(--muted);font-size:.875rem}
        footer{padding:2rem 1rem;font-size:.875rem}
        .badge{display:inline-block;font-size:.75rem;font-weight:600;padding:.05rem .5rem;border-radius:999px;border:1px solid var(--border);vertical-align:middle}
        .badge.ok,.badge.succeeded{background:#e6f4ea;color:#1e6b34;border-color:#a8d5b5}
        .badge.cached{background:#e8f0fb;color:#24508f;border-color:#b3c9ec}
        .badge.failed{background:#fdecea;color:#a32020;border-color:#f0b4b0}
        .badge.skipped,.badge.not-run{background:var(--panel);color:var(--muted)}
        @media (prefers-color-scheme:dark){.badge.ok,.badge.succeeded{background:#16321f;color:#8fd7a4;border-color:#2d5a3a}.badge.cached{background:#172a45;color:#9fc0f0;border-color:#2c4670}.badge.failed{background:#3d1715;color:#f3a29c;border-color:#6e2a25}}
        .run-info,.note{color:var(--muted);font-size:.875rem}
        .error{border:1px solid #f0b4b0;border-left:4px solid #c0392b;background:#fdf3f2;border-radius:6px;padding:.25rem 1rem;margin:.75rem 0}
        @media (prefers-color-scheme:dark){.error{background:#2a1513;border-color:#6e2a25}}
        .error p{margin:.4rem 0}
        figure.output{margin:.75rem 0}
        figure.output figcaption{font-size:.875rem;color:var(--muted);margin-bottom:.25rem}
        .output-name{font-family:"Liberation Mono","DejaVu Sans Mono",monospace;color:var(--fg)}
        table.frame,table.profile{display:table;font-size:.8125rem;background:var(--bg)}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        table.profile td,table.profile th{white-space:nowrap}
        table.profile td.chart{padding:.15rem .4rem;line-height:0}
        table.profile td.top{white-space:normal;min-width:14rem;font-size:.75rem;color:var(--muted)}
        th .type{display:block;font-weight:400;font-size:.6875rem;color:var(--muted)}
        .missing{color:var(--muted);font-style:italic}
        .metric-cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
        .metric-card{background:var(--bg);border:1px solid var(--border);border-radius:8px;padding:.5rem .9rem;min-width:7rem}
        .metric-value{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
        .metric-name{font-size:.75rem;color:var(--muted)}
        .charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
        figure.chart{margin:.5rem 0;max-width:100%}
        figure.chart svg{max-width:100%;height:auto;background:var(--bg);border-radius:6px}
        svg .tick{font-size:10px;fill:var(--muted)}
        svg .axis{font-size:11px;fill:var(--fg)}
        :root{--chart-0:#0072b2;--chart-1:#e69f00;--chart-2:#009e73;--chart-3:#d55e00;--chart-4:#cc79a7;--chart-5:#56b4e9;--chart-6:#f0e442;--chart-7:#1d2125;--chart-seq:#0072b2}
        @media (prefers-color-scheme:dark){:root{--chart-0:#3f96dc;--chart-7:#e6e8ea;--chart-seq:#56b4e9}}
        figure.chart-figure{margin:.75rem 0;max-width:100%}
        figure.chart-figure>figcaption{margin-top:.3rem}
        svg.qchart{display:block;width:100%;max-width:46rem;height:auto}
        .qchart text{font-size:11px;fill:var(--fg)}
        .qchart .tick text{fill:var(--muted)}
        .qchart .axis-title,.qchart .legend-title,.qchart .facet{font-size:12px;font-weight:600}
        .qchart .grid{stroke:var(--border);fill:none}
        .qchart .domain{stroke:var(--muted);fill:none}
        .qchart .line{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
        .qchart .area{fill-opacity:.3}
        .qchart .pt circle{fill-opacity:.65;stroke-width:.6}
        .qchart .pt.seq circle{stroke:var(--chart-seq)}
        .qchart .bins rect{stroke:var(--bg);stroke-width:.5}
        .qchart .box rect{fill-opacity:.3;stroke-width:1.2}
        .qchart .box .median{stroke-width:2.2}
        .qchart .box circle,.qchart .whisker{fill:none}
        .qchart .rule path{stroke:var(--fg);stroke-dasharray:5 4;stroke-width:1.2;fill:none}
        .qchart .rule text{paint-order:stroke;stroke:var(--bg);stroke-width:3px}
        .qchart .seq{fill:var(--chart-seq)}
        .qchart .size{fill:var(--muted);fill-opacity:.5}
        .qchart .cell-label text{font-size:10px}
        .qchart .cell-label .on-strong{fill:var(--bg)}
        .qchart .f0{fill:var(--chart-0)}.qchart .f1{fill:var(--chart-1)}.qchart .f2{fill:var(--chart-2)}.qchart .f3{fill:var(--chart-3)}.qchart .f4{fill:var(--chart-4)}.qchart .f5{fill:var(--chart-5)}.qchart .f6{fill:var(--chart-6)}.qchart .f7{fill:var(--chart-7)}
        .qchart .s0{stroke:var(--chart-0)}.qchart .s1{stroke:var(--chart-1)}.qchart .s2{stroke:var(--chart-2)}.qchart .s3{stroke:var(--chart-3)}.qchart .s4{stroke:var(--chart-4)}.qchart .s5{stroke:var(--chart-5)}.qchart .s6{stroke:var(--chart-6)}.qchart .s7{stroke:var(--chart-7)}
        .chart-note{color:var(--muted)}
        ul.legend{list-style:none;padding:0;margin:.25rem 0;font-size:.75rem;display:flex;flex-wrap:wrap;gap:.75rem}
        .swatch{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin-right:.3rem;vertical-align:middle}
        table.confusion{display:table;font-size:.8125rem}
        table.card{display:table;font-size:.8125rem;width:100%}
        table.card th{width:9rem;vertical-align:top}
        table.bars{display:table;font-size:.8125rem;width:100%}
        td.bar-cell{width:60%}
        .bar{display:block;height:.7rem;background:var(--accent);border-radius:2px}
        .bar.negative{background:#d97706}
        .warning{color:#a15c00}
        .quote-missing{color:#8a5200;background:#fff4e0;border:1px dashed #f0cf99;border-radius:3px;padding:0 .2em;cursor:help}
        @media (prefers-color-scheme:dark){.quote-missing{color:#f3c57a;background:#3a2a10;border-color:#6b4b16}}
        .badge.warn{background:#fff4e0;color:#8a5200;border-color:#f0cf99}
        @media (prefers-color-scheme:dark){.badge.warn{background:#3a2a10;color:#f3c57a;border-color:#6b4b16}}
        table.monitor{display:table;font-size:.8125rem}
        table.monitor td.detail{color:var(--muted);min-width:12rem}
        table.index{display:table;width:100%;margin-top:1rem}
        section.reproducibility table{display:table;font-size:.8125rem;width:100%}
        section.reproducibility th{width:8rem;vertical-align:top;white-space:nowrap}
        section.reproducibility td{overflow-wrap:anywhere}
        section.reproducibility ul{margin:0;padding-left:1rem}
        @media print{body{background:#fff;color:#000}section.step{background:none}pre{white-space:pre-wrap}}
        @media (max-width:600px){body{font-size:15px}h1.title{font-size:1.5rem}}
        /* Run status (report header and index): the words say it, the colour repeats it. */
        .badge.alert{background:#fdecea;color:#a32020;border-color:#f0b4b0}
        @media (prefers-color-scheme:dark){.badge.alert{background:#3d1715;color:#f3a29c;border-color:#6e2a25}}
        .badge.run-status{font-size:.875rem;line-height:1.45;padding:.1rem .65rem;border-radius:.8rem;overflow-wrap:break-word}
        .badge.run-status a{color:inherit;text-decoration:underline;text-underline-offset:2px}
        .badge.run-status code{background:none;padding:0;font-size:inherit}
        .index-link{margin:0 0 .5rem;font-size:.875rem}
        .output-anchor{scroll-margin-top:1rem}
        @media print{.index-link{display:none}}
        table.index td{vertical-align:top}
        table.index .note{overflow-wrap:break-word}
        table.index td:first-child{min-width:12rem}
        @media (max-width:600px){table.index thead{display:none}table.index,table.index tbody,table.index tr,table.index td{display:block;width:auto}table.index tr{border:1px solid var(--border);border-radius:8px;margin:0 0 .75rem;padding:.4rem .6rem}table.index td{border:none;padding:.15rem 0}table.index td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.8125rem}}
        /* Wide tables (OutputRendering.scrollingTable). On screen the box grows past the text column up to the
           window's width (centred on the column), then scrolls; a shadow at the right edge shows that columns
           hide there (it scrolls with the content: background-attachment local covers it at the end). The first
           column, and a status cell, stay in view. In print the table wraps to the page instead. */
        .table-scroll{--shade:rgba(0,0,0,.22);position:relative;left:50%;transform:translateX(-50%);width:max-content;min-width:100%;max-width:calc(100vw - 2rem);overflow-x:auto;scrollbar-width:thin;scrollbar-color:var(--muted) transparent;background:linear-gradient(to left,var(--bg) 35%,transparent) 100% 0/1.5rem 100% no-repeat local,radial-gradient(farthest-side at 100% 50%,var(--shade),transparent) 100% 0/.8rem 100% no-repeat scroll,var(--bg)}
        @media (prefers-color-scheme:dark){.table-scroll{--shade:rgba(255,255,255,.2)}}
        .table-scroll:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
        .table-scroll>table{display:table;border-collapse:separate;border-spacing:0;background:none}
        .table-scroll th,.table-scroll td{border-width:0 1px 1px 0}
        .table-scroll tr>:first-child{border-left-width:1px;position:sticky;left:0;z-index:1;background:var(--bg)}
        .table-scroll table>:first-child>tr:first-child>*{border-top-width:1px}
        .table-scroll .status{position:sticky;right:0;z-index:1;background:var(--bg);box-shadow:-1px 0 var(--border)}
        .table-scroll>.note{position:sticky;left:0;margin:.25rem 0}
        @media print{
          .table-scroll{position:static;transform:none;width:auto;min-width:0;max-width:100%;overflow:visible;background:none}
          .table-scroll>table{width:100%;font-size:7pt}
          .table-scroll table th,.table-scroll table td{position:static;white-space:normal;overflow-wrap:break-word;padding:.1rem .25rem;box-shadow:none}
          .table-scroll table td.num,.table-scroll table .status{white-space:nowrap}
          .table-scroll table td.top,.table-scroll table td.detail,.table-scroll table.frame th,.table-scroll table.frame td.num{min-width:0;white-space:normal;overflow-wrap:anywhere}
          .table-scroll thead{display:table-header-group}
          .table-scroll tr{break-inside:avoid}
          .table-scroll svg.sparkline{width:80px;height:auto}
          h1,h2,h3,h4,.step-heading,figure>figcaption:first-child{break-after:avoid}
          figure.chart,.metric-cards,table.card{break-inside:avoid}
          .charts>figure.chart{max-width:calc(50% - .5rem)}
          figure.diagram svg{max-height:60vh;width:auto}
          section.step{box-decoration-break:clone;-webkit-box-decoration-break:clone}
        }
        """
}
