import Foundation
import QuireSupport

/// Turns a ``ChartSpec`` and the columns it names into a ``Chart``: checks the encodings against
/// the mark and the columns' kinds, orders categories, computes bars, bins, boxes and cells, and
/// downsamples large data. Pure: the same spec and columns give the same chart.
public enum ChartBuilder {
    /// The chart of `spec` over `columns` (every column the spec names, each `rows` long).
    ///
    /// - Throws: ``ChartError`` at the parameter in question: a column that is missing or of the
    ///   wrong kind for its scale, a log scale over values that are not positive, too many colours.
    public static func build(_ spec: ChartSpec, columns: [String: ChartColumn], rows: Int) throws(ChartError) -> Chart {
        var builder = Builder(spec: spec, columns: columns, rows: rows)
        return try builder.build()
    }

    /// What each mark needs: (required encodings, allowed encodings).
    public static func encodings(of mark: Mark) -> (required: [String], allowed: Set<String>) {
        switch mark {
        case .line, .area: (["x", "y"], ["x", "y", "color", "facet"])
        case .point: (["x", "y"], ["x", "y", "color", "size", "facet"])
        case .bar: (["x"], ["x", "y", "color", "facet"])
        case .histogram: (["x"], ["x", "color", "facet"])
        case .box: (["y"], ["x", "y", "color", "facet"])
        case .heatmap: (["x", "y"], ["x", "y", "color", "facet"])
        case .rule: ([], ["x", "y", "color", "facet"])
        }
    }
}

/// Categories of a column in a stable order: text in order of first appearance; numbers and
/// dates ascending.
struct Categories {
    var labels: [String]
    /// Each row's category index; nil when missing.
    var index: [Int?]

    init(_ column: ChartColumn) {
        switch column {
        case .texts(let values):
            var seen: [String: Int] = [:]
            var labels: [String] = []
            index = values.map { value in
                guard let value else { return nil }
                if let known = seen[value] { return known }
                seen[value] = labels.count
                labels.append(value)
                return labels.count - 1
            }
            self.labels = labels
        case .numbers(let values), .dates(let values):
            let isDate: Bool = if case .dates = column { true } else { false }
            let distinct = Array(Set(values.filter { !$0.isNaN })).sorted()
            var position: [Double: Int] = [:]
            for (offset, value) in distinct.enumerated() { position[value] = offset }
            index = values.map { $0.isNaN ? nil : position[$0] }
            labels = distinct.map { isDate ? TimeTicks.text($0) : Self.number($0) }
        }
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return NumberFormat.decimal(value, significantDigits: 6, grouping: false)
    }
}

private struct Builder {
    let spec: ChartSpec
    let columns: [String: ChartColumn]
    let rows: Int
    var notes: [String] = []

    init(spec: ChartSpec, columns: [String: ChartColumn], rows: Int) {
        self.spec = spec
        self.columns = columns
        self.rows = rows
    }

    func name(_ encoding: String) -> String? {
        switch encoding {
        case "x": spec.x
        case "y": spec.y
        case "color": spec.color
        case "size": spec.size
        case "facet": spec.facet
        default: nil
        }
    }

    func column(_ encoding: String) throws(ChartError) -> ChartColumn? {
        guard let name = name(encoding) else { return nil }
        guard let column = columns[name] else {
            throw ChartError(
                "`\(encoding)`: '\(name)' is not a column of the input",
                hint: Suggestion.didYouMean(name, among: columns.keys.sorted())
                    ?? "its columns are " + columns.keys.sorted().prefix(8).map { "'\($0)'" }.joined(separator: ", "),
                at: encoding)
        }
        return column
    }

    /// Positions along a continuous scale: numbers, or dates in seconds.
    func continuous(_ column: ChartColumn, encoding: String, scale: ScaleKind) throws(ChartError) -> [Double] {
        let parameter = encoding + "_scale"
        switch (column, scale) {
        case (.texts, _):
            throw ChartError(
                "`\(encoding)`: '\(name(encoding) ?? "")' is a text column; a \(scale.rawValue) scale needs numbers",
                hint: spec.mark == .histogram
                    ? "count the rows of each category with `mark: bar` and no `y`"
                    : "use a numeric column, or `\(parameter): categorical`", at: scale == .log ? parameter : encoding)
        case (.numbers, .time):
            throw ChartError(
                "`\(parameter)`: time needs a date column, and '\(name(encoding) ?? "")' is numeric",
                hint: "turn it into dates with `cast` or `derive`, or use `\(parameter): linear`", at: parameter)
        case (.dates(let values), .linear), (.dates(let values), .time):
            return values
        case (.dates, _):
            throw ChartError(
                "`\(parameter)`: '\(name(encoding) ?? "")' is a date column; it takes a time scale",
                hint: "leave `\(parameter)` out, or write `\(parameter): time`", at: parameter)
        case (.numbers(let values), .log):
            let bad = values.filter { !$0.isNaN && $0 <= 0 }
            if let smallest = bad.min() {
                throw ChartError(
                    "`\(parameter)`: a log scale needs positive values, and '\(name(encoding) ?? "")' has \(NumberFormat.count(bad.count, "value")) at or below zero (the smallest is \(Categories.number(smallest)))",
                    hint: "filter those rows out first, or use `\(parameter): linear`", at: parameter)
            }
            return values
        case (.numbers(let values), _):
            return values
        }
    }

    func scale(of encoding: String, _ column: ChartColumn, requested: ScaleKind?) -> ScaleKind {
        if let requested { return requested }
        switch column {
        case .texts: return .categorical
        case .dates: return .time
        case .numbers: return .linear
        }
    }

    mutating func build() throws(ChartError) -> Chart {
        let (required, allowed) = ChartBuilder.encodings(of: spec.mark)
        for encoding in ["x", "y", "color", "size", "facet"] where name(encoding) != nil && !allowed.contains(encoding)
        {
            throw ChartError(
                "`\(encoding)`: a \(spec.mark.rawValue) chart does not use \(encoding)",
                hint: spec.mark == .histogram && encoding == "y"
                    ? "a histogram counts rows of x; for values by category use `mark: bar`"
                    : "its encodings are " + allowed.sorted().joined(separator: ", "), at: encoding)
        }
        for encoding in required where name(encoding) == nil {
            throw ChartError(
                "a \(spec.mark.rawValue) chart needs `\(encoding)`", hint: "add `\(encoding): COLUMN`", at: "mark")
        }
        if spec.mark == .rule && spec.x == nil && spec.y == nil {
            throw ChartError("a rule chart needs `x` or `y`", hint: "add `y: COLUMN` for horizontal lines", at: "mark")
        }
        if spec.mark == .rule && spec.x != nil && spec.y != nil {
            throw ChartError(
                "a rule chart draws lines at values of `x` or of `y`, not both", hint: "keep one of them", at: "y")
        }
        for column in columns.values where column.count != rows {
            throw ChartError("internal error: columns of different lengths", at: "from")
        }
        let x = try column("x")
        let y = try column("y")
        let color = try column("color")
        let size = try column("size")
        let facet = try column("facet")

        // Rows with a missing value in any encoding are left out.
        var keep = [Bool](repeating: true, count: rows)
        for column in [x, y, color, size, facet].compactMap({ $0 }) {
            switch column {
            case .numbers(let values), .dates(let values):
                for row in 0..<rows where values[row].isNaN { keep[row] = false }
            case .texts(let values):
                for row in 0..<rows where values[row] == nil { keep[row] = false }
            }
        }
        let kept = keep.indices.filter { keep[$0] }
        if kept.count < rows {
            notes.append("\(NumberFormat.count(rows - kept.count, "row")) with missing values left out")
        }

        // Facets.
        var panelTitles: [String?] = [nil]
        var panelOf = [Int](repeating: 0, count: rows)
        if let facet {
            let categories = Categories(facet)
            guard categories.labels.count <= Limits.facets else {
                throw ChartError(
                    "`facet`: '\(spec.facet ?? "")' has \(categories.labels.count) values; at most \(Limits.facets) panels are drawn",
                    hint: "facet by a column of fewer values, or filter the rows first", at: "facet")
            }
            panelTitles = categories.labels
            for row in 0..<rows { panelOf[row] = categories.index[row] ?? 0 }
        }

        // Colours.
        var colorLabels: [String] = []
        var colorOf = [Int?](repeating: nil, count: rows)
        var shadeOf: [Double] = []
        var legend: Chart.Legend?
        if let color, spec.mark != .heatmap {
            if case .numbers(let values) = color, spec.mark == .point {
                let used = kept.map { values[$0] }
                let lower = used.min() ?? 0
                let upper = used.max() ?? 1
                shadeOf = values.map { upper > lower ? ($0 - lower) / (upper - lower) : 0.5 }
                legend = Chart.Legend(kind: .sequential, title: spec.color ?? "", lower: lower, upper: upper)
            } else {
                let categories = Categories(color)
                guard categories.labels.count <= Limits.colors else {
                    throw ChartError(
                        "`color`: '\(spec.color ?? "")' has \(categories.labels.count) values; \(Limits.colors) colours can be told apart",
                        hint: "use `facet` for a column of many values, or filter the rows first", at: "color")
                }
                colorLabels = categories.labels
                colorOf = categories.index
                legend = Chart.Legend(kind: .categories, title: spec.color ?? "", categories: colorLabels)
            }
        }

        var chart: Chart
        switch spec.mark {
        case .point, .line, .area:
            guard let x, let y else { throw ChartError("a chart needs `x` and `y`", at: "mark") }
            chart = try series(
                x: x, y: y, size: size, kept: kept, panels: panelTitles, panelOf: panelOf, colorOf: colorOf,
                colors: colorLabels.count, shadeOf: shadeOf, legend: legend)
        case .bar:
            guard let x else { throw ChartError("a bar chart needs `x`", at: "mark") }
            chart = try bars(
                x: x, y: y, kept: kept, panels: panelTitles, panelOf: panelOf, colorOf: colorOf,
                colors: colorLabels.count, legend: legend)
        case .histogram:
            guard let x else { throw ChartError("a histogram needs `x`", at: "mark") }
            chart = try histogram(
                x: x, kept: kept, panels: panelTitles, panelOf: panelOf, colorOf: colorOf, colors: colorLabels.count,
                legend: legend)
        case .box:
            guard let y else { throw ChartError("a box plot needs `y`", at: "mark") }
            chart = try boxes(
                x: x, y: y, kept: kept, panels: panelTitles, panelOf: panelOf, colorOf: colorOf,
                colors: colorLabels.count, legend: legend)
        case .heatmap:
            guard let x, let y else { throw ChartError("a heatmap needs `x` and `y`", at: "mark") }
            chart = try heatmap(x: x, y: y, value: color, kept: kept, panels: panelTitles, panelOf: panelOf)
        case .rule:
            chart = try ruleChart(x: x, y: y, kept: kept, panels: panelTitles, legend: legend)
        }
        try addRules(to: &chart)
        chart.caption = spec.caption ?? defaultCaption(chart)
        chart.notes = notes
        return chart
    }

    // MARK: Axes

    func axis(
        _ encoding: String, title: String, scale: ScaleKind, values: [Double], zero: Bool = false, nice: Bool = true
    ) -> Chart.Axis {
        let finite = values.filter(\.isFinite)
        var lower = finite.min() ?? 0
        var upper = finite.max() ?? 1
        switch scale {
        case .log:
            (lower, upper) = Ticks.logDomain(lower > 0 ? lower : 1, upper > 0 ? upper : 10)
        case .time:
            if lower == upper {
                lower -= TimeTicks.day
                upper += TimeTicks.day
            }
        case .linear:
            if zero {
                lower = min(lower, 0)
                upper = max(upper, 0)
            }
            if nice || lower == upper { (lower, upper) = Ticks.niceDomain(lower, upper) }
        case .categorical:
            break
        }
        return Chart.Axis(title: title, scale: scale, lower: lower, upper: upper)
    }

    func categoricalAxis(title: String, labels: [String], encoding: String) throws(ChartError) -> Chart.Axis {
        guard labels.count <= Limits.categories else {
            throw ChartError(
                "`\(encoding)`: '\(name(encoding) ?? "")' has \(labels.count) categories; at most \(Limits.categories) fit on an axis",
                hint: "aggregate or filter first, or use a numeric column", at: encoding)
        }
        return Chart.Axis(
            title: title, scale: .categorical, lower: 0, upper: Double(max(labels.count, 1)), categories: labels)
    }

    func requireContinuousScale(_ encoding: String, for what: String) throws(ChartError) {
        let requested = encoding == "x" ? spec.xScale : spec.yScale
        if requested == .categorical || requested == .time {
            throw ChartError(
                "`\(encoding)_scale`: \(what) needs a linear or log scale here",
                hint: "leave `\(encoding)_scale` out", at: "\(encoding)_scale")
        }
    }

    func requireCategorical(_ encoding: String) throws(ChartError) {
        let requested = encoding == "x" ? spec.xScale : spec.yScale
        if let requested, requested != .categorical {
            throw ChartError(
                "`\(encoding)_scale`: a \(spec.mark.rawValue) chart places \(encoding) by category",
                hint: "leave `\(encoding)_scale` out, or write `\(encoding)_scale: categorical`",
                at: "\(encoding)_scale")
        }
    }

    // MARK: Points, lines and areas

    mutating func series(
        x: ChartColumn, y: ChartColumn, size: ChartColumn?, kept: [Int], panels: [String?], panelOf: [Int],
        colorOf: [Int?], colors: Int, shadeOf: [Double], legend: Chart.Legend?
    ) throws(ChartError) -> Chart {
        let xScale = scale(of: "x", x, requested: spec.xScale)
        let yScale = scale(of: "y", y, requested: spec.yScale)
        func positions(_ column: ChartColumn, _ encoding: String, _ scale: ScaleKind) throws(ChartError) -> (
            [Double], [String]?
        ) {
            if scale == .categorical {
                let categories = Categories(column)
                return (categories.index.map { $0.map { Double($0) + 0.5 } ?? .nan }, categories.labels)
            }
            return (try continuous(column, encoding: encoding, scale: scale), nil)
        }
        let (xs, xLabels) = try positions(x, "x", xScale)
        let (ys, yLabels) = try positions(y, "y", yScale)
        var legend = legend
        var radii: [Double] = []
        if let size {
            guard case .numbers(let values) = size else {
                throw ChartError(
                    "`size`: '\(spec.size ?? "")' is a text column; size needs numbers",
                    hint: "use `color` for categories", at: "size")
            }
            let used = kept.map { values[$0] }
            let lower = used.min() ?? 0
            let upper = used.max() ?? 1
            radii = values.map { Render.radius($0, lower: lower, upper: upper) }
            if legend == nil {
                legend = Chart.Legend(kind: .size, title: spec.size ?? "", lower: lower, upper: upper)
            } else {
                notes.append(
                    "point area shows \(spec.size ?? "") (\(NumberFormat.decimal(lower, significantDigits: 3)) to \(NumberFormat.decimal(upper, significantDigits: 3)))"
                )
            }
        }
        let keptX = kept.map { xs[$0] }
        let keptY = kept.map { ys[$0] }
        let isArea = spec.mark == .area
        var xAxis = axis("x", title: spec.x ?? "", scale: xScale, values: keptX, nice: spec.mark == .point)
        if let labels = xLabels { xAxis = try categoricalAxis(title: spec.x ?? "", labels: labels, encoding: "x") }
        var panelsOut: [Chart.Panel] = panels.map { Chart.Panel(title: $0) }
        var mark = spec.mark

        if spec.mark == .point && kept.count > Limits.scatterPoints && xLabels == nil && yLabels == nil {
            // A density grid over the whole chart's (transformed) domain, one per panel.
            let yAxis = axis("y", title: spec.y ?? "", scale: yScale, values: keptY)
            let tx: (Double) -> Double = xScale == .log ? { log10($0) } : { $0 }
            let ty: (Double) -> Double = yScale == .log ? { log10($0) } : { $0 }
            let ix: (Double) -> Double = xScale == .log ? { pow(10, $0) } : { $0 }
            let iy: (Double) -> Double = yScale == .log ? { pow(10, $0) } : { $0 }
            let xRange = tx(xAxis.lower)...tx(xAxis.upper)
            let yRange = ty(yAxis.lower)...ty(yAxis.upper)
            // Small multiples get coarser grids, so the cells of all panels stay about one grid's worth.
            let across = Double(max(1, min(spec.columns, panels.count)))
            let (nx, ny) = (
                max(16, Int(Double(Limits.densityColumns) / across)), max(10, Int(Double(Limits.densityRows) / across))
            )
            var grids: [[Int]] = []
            for panel in panels.indices {
                let rows = kept.filter { panelOf[$0] == panel }
                grids.append(
                    Downsampling.densityGrid(
                        x: rows.map { tx(xs[$0]) }, y: rows.map { ty(ys[$0]) }, xRange: xRange, yRange: yRange,
                        columns: nx, rows: ny))
            }
            let most = grids.flatMap { $0 }.max() ?? 1
            let dx = (xRange.upperBound - xRange.lowerBound) / Double(nx)
            let dy = (yRange.upperBound - yRange.lowerBound) / Double(ny)
            for (panel, grid) in grids.enumerated() {
                for (cell, count) in grid.enumerated() where count > 0 {
                    let column = cell % nx
                    let row = cell / nx
                    panelsOut[panel].cells.append(
                        Chart.Cell(
                            x0: ix(xRange.lowerBound + Double(column) * dx),
                            x1: ix(xRange.lowerBound + Double(column + 1) * dx),
                            y0: iy(yRange.lowerBound + Double(row) * dy),
                            y1: iy(yRange.lowerBound + Double(row + 1) * dy),
                            shade: most > 1 ? log(Double(count)) / log(Double(most)) : 1))
                }
            }
            notes.append(
                "\(NumberFormat.integer(kept.count)) points binned into a \(nx) × \(ny) grid, shaded by count on a log scale"
            )
            if legend != nil {
                notes.append("too many points to colour or size each: \(spec.color ?? spec.size ?? "") is not shown")
            }
            return Chart(
                mark: .point, title: spec.title, caption: "", x: xAxis, y: yAxis,
                legend: Chart.Legend(kind: .sequential, title: "points per cell", lower: 1, upper: Double(most)),
                panels: panelsOut, columns: spec.columns, rules: [], notes: [], rows: rows)
        }

        // Series: one per panel and colour, in order of first appearance.
        var reduced = false
        var allY: [Double] = keptY
        for panel in panels.indices {
            var byColor: [Int: [Int]] = [:]
            var order: [Int] = []
            for row in kept where panelOf[row] == panel {
                let key = colorOf[row] ?? -1
                if byColor[key] == nil { order.append(key) }
                byColor[key, default: []].append(row)
            }
            order.sort()
            var stackBase: [Double: Double] = [:]
            for key in order {
                var rows = byColor[key] ?? []
                if spec.mark != .point {
                    // Lines join points in the order of x (stable: ties keep their row order).
                    rows.sort { xs[$0] < xs[$1] || (xs[$0] == xs[$1] && $0 < $1) }
                }
                var sx = rows.map { xs[$0] }
                var sy = rows.map { ys[$0] }
                var base: [Double] = []
                if isArea && spec.stack && colors > 0 {
                    base = sx.map { stackBase[$0] ?? 0 }
                    for index in sx.indices {
                        sy[index] += base[index]
                        stackBase[sx[index]] = sy[index]
                    }
                    allY += sy
                }
                var radius = radii.isEmpty ? [] : rows.map { radii[$0] }
                var shade = shadeOf.isEmpty ? [] : rows.map { shadeOf[$0] }
                if spec.mark != .point && sx.count > Limits.linePoints {
                    let indices = Downsampling.lttb(x: sx, y: sy, threshold: Limits.lineTarget)
                    sx = indices.map { sx[$0] }
                    sy = indices.map { sy[$0] }
                    if !base.isEmpty { base = indices.map { base[$0] } }
                    radius = []
                    shade = []
                    reduced = true
                }
                panelsOut[panel].series.append(
                    Chart.Series(
                        color: key >= 0 ? key : nil, x: sx, y: sy, base: base, radius: radius, shade: shade))
            }
        }
        if reduced {
            notes.append(
                "series of more than \(NumberFormat.integer(Limits.linePoints)) points reduced to \(NumberFormat.integer(Limits.lineTarget)) each by LTTB"
            )
        }
        var yAxis = axis("y", title: spec.y ?? "", scale: yScale, values: allY, zero: isArea)
        if let labels = yLabels { yAxis = try categoricalAxis(title: spec.y ?? "", labels: labels, encoding: "y") }
        if isArea { mark = .area }
        return Chart(
            mark: mark, title: spec.title, caption: "", x: xAxis, y: yAxis, legend: legend, panels: panelsOut,
            columns: spec.columns, rules: [], notes: [], rows: rows)
    }

    // MARK: Bars and histograms

    mutating func bars(
        x: ChartColumn, y: ChartColumn?, kept: [Int], panels: [String?], panelOf: [Int], colorOf: [Int?], colors: Int,
        legend: Chart.Legend?
    ) throws(ChartError) -> Chart {
        try requireCategorical("x")
        try requireContinuousScale("y", for: "a bar's height")
        let categories = Categories(x)
        let yScale = spec.yScale ?? .linear
        var values: [Double]? = nil
        if let y { values = try continuous(y, encoding: "y", scale: yScale == .log ? .log : .linear) }
        if case .dates = y {
            throw ChartError("`y`: a bar's height needs numbers, and '\(spec.y ?? "")' holds dates", at: "y")
        }
        // Sum per (panel, category, colour).
        let groups = max(colors, 1)
        var sums: [[Double]] = Array(
            repeating: Array(repeating: 0, count: categories.labels.count * groups), count: panels.count)
        var present: [[Bool]] = Array(
            repeating: Array(repeating: false, count: categories.labels.count * groups), count: panels.count)
        for row in kept {
            guard let category = categories.index[row] else { continue }
            let slot = category * groups + (colorOf[row] ?? 0)
            sums[panelOf[row]][slot] += values?[row] ?? 1
            present[panelOf[row]][slot] = true
        }
        var panelsOut: [Chart.Panel] = panels.map { Chart.Panel(title: $0) }
        var heights: [Double] = []
        let stacked = spec.stack && colors > 1
        let width = 0.8 / Double(stacked ? 1 : groups)
        for panel in panels.indices {
            for category in categories.labels.indices {
                var up = 0.0
                var down = 0.0
                for group in 0..<groups where present[panel][category * groups + group] {
                    let value = sums[panel][category * groups + group]
                    let color: Int? = colors > 0 ? group : nil
                    if stacked {
                        let base = value >= 0 ? up : down
                        let top = base + value
                        if value >= 0 { up = top } else { down = top }
                        heights += [base, top]
                        panelsOut[panel].cells.append(
                            Chart.Cell(
                                x0: Double(category) + 0.1, x1: Double(category) + 0.9, y0: base, y1: top,
                                color: color))
                    } else {
                        let left = Double(category) + 0.1 + Double(group) * width
                        heights.append(value)
                        panelsOut[panel].cells.append(
                            Chart.Cell(x0: left, x1: left + width, y0: 0, y1: value, color: color))
                    }
                }
            }
        }
        if yScale == .log, let smallest = heights.filter({ $0 <= 0 }).min() {
            throw ChartError(
                "`y_scale`: a log scale needs positive bar heights; one is \(Categories.number(smallest))",
                hint: "use `y_scale: linear`", at: "y_scale")
        }
        let xAxis = try categoricalAxis(title: spec.x ?? "", labels: categories.labels, encoding: "x")
        let yAxis = axis("y", title: spec.y ?? "count", scale: yScale, values: heights, zero: yScale != .log)
        if y != nil,
            kept.count > Set(kept.map { "\(categories.index[$0] ?? -1)/\(colorOf[$0] ?? -1)/\(panelOf[$0])" }).count
        {
            notes.append("rows of the same \(spec.x ?? "")\(colors > 0 ? " and \(spec.color ?? "")" : "") summed")
        }
        return Chart(
            mark: .bar, title: spec.title, caption: "", x: xAxis, y: yAxis, legend: legend, panels: panelsOut,
            columns: spec.columns, rules: [], notes: [], rows: rows)
    }

    mutating func histogram(
        x: ChartColumn, kept: [Int], panels: [String?], panelOf: [Int], colorOf: [Int?], colors: Int,
        legend: Chart.Legend?
    ) throws(ChartError) -> Chart {
        try requireContinuousScale("y", for: "a histogram's count")
        if spec.xScale == .log || spec.xScale == .categorical {
            throw ChartError(
                "`x_scale`: a histogram bins x on a linear or time scale",
                hint: spec.xScale == .categorical
                    ? "count categories with `mark: bar`" : "derive the log with `derive` and bin that",
                at: "x_scale")
        }
        let xScale = scale(of: "x", x, requested: spec.xScale)
        let values = try continuous(x, encoding: "x", scale: xScale)
        let used = kept.map { values[$0] }
        // Dates are binned in whole days (or round numbers of them) when they span more than one.
        let unit = xScale == .time && (used.max() ?? 0) - (used.min() ?? 0) > TimeTicks.day ? TimeTicks.day : 1
        let edges = Downsampling.histogramEdges((used.min() ?? 0) / unit, (used.max() ?? 1) / unit, bins: spec.bins)
            .map { $0 * unit }
        let groups = max(colors, 1)
        var panelsOut: [Chart.Panel] = panels.map { Chart.Panel(title: $0) }
        var heights: [Double] = [0]
        for panel in panels.indices {
            var base = [Double](repeating: 0, count: max(edges.count - 1, 0))
            for group in 0..<groups {
                let rows = kept.filter { panelOf[$0] == panel && (colorOf[$0] ?? 0) == group }
                if rows.isEmpty { continue }
                let counts = Downsampling.histogram(rows.map { values[$0] }, edges: edges)
                for (bin, count) in counts.enumerated() where count > 0 {
                    // Colours stack: overlaid bins would hide each other.
                    let bottom = base[bin]
                    let top = bottom + Double(count)
                    base[bin] = top
                    heights.append(top)
                    panelsOut[panel].cells.append(
                        Chart.Cell(
                            x0: edges[bin], x1: edges[bin + 1], y0: bottom, y1: top, color: colors > 0 ? group : nil))
                }
            }
        }
        var xAxis = axis(
            "x", title: spec.x ?? "", scale: xScale, values: [edges.first ?? 0, edges.last ?? 1], nice: false)
        if let first = edges.first, let last = edges.last {
            xAxis.lower = first
            xAxis.upper = last
        }
        let yAxis = axis("y", title: "count", scale: .linear, values: heights, zero: true)
        if edges.count >= 2 {
            let width = edges[1] - edges[0]
            notes.append(
                "\(edges.count - 1) bins of width \(xScale == .time ? Self.duration(width) : Categories.number(width))")
        }
        return Chart(
            mark: .histogram, title: spec.title, caption: "", x: xAxis, y: yAxis, legend: legend, panels: panelsOut,
            columns: spec.columns, rules: [], notes: [], rows: rows)
    }

    static func duration(_ seconds: Double) -> String {
        if seconds >= TimeTicks.day { return Categories.number(seconds / TimeTicks.day) + " days" }
        if seconds >= 3600 { return Categories.number(seconds / 3600) + " hours" }
        return Categories.number(seconds) + " seconds"
    }

    // MARK: Boxes

    mutating func boxes(
        x: ChartColumn?, y: ChartColumn, kept: [Int], panels: [String?], panelOf: [Int], colorOf: [Int?], colors: Int,
        legend: Chart.Legend?
    ) throws(ChartError) -> Chart {
        try requireCategorical("x")
        try requireContinuousScale("y", for: "a box's values")
        let yScale = spec.yScale ?? .linear
        let values = try continuous(y, encoding: "y", scale: yScale)
        if case .dates = y {
            throw ChartError("`y`: a box plot needs numbers, and '\(spec.y ?? "")' holds dates", at: "y")
        }
        let categories = x.map(Categories.init) ?? Categories(.texts(Array(repeating: spec.y ?? "", count: rows)))
        let groups = max(colors, 1)
        let width = 0.7 / Double(groups)
        var panelsOut: [Chart.Panel] = panels.map { Chart.Panel(title: $0) }
        var collected: [Int: [Double]] = [:]
        for row in kept {
            guard let category = categories.index[row] else { continue }
            let key = (panelOf[row] * categories.labels.count + category) * groups + (colorOf[row] ?? 0)
            collected[key, default: []].append(values[row])
        }
        var extent: [Double] = []
        for key in collected.keys.sorted() {
            let sorted = (collected[key] ?? []).sorted()
            let group = key % groups
            let category = key / groups % max(categories.labels.count, 1)
            let panel = key / groups / max(categories.labels.count, 1)
            let q1 = Downsampling.quantile(sorted, 0.25)
            let q3 = Downsampling.quantile(sorted, 0.75)
            let fence = 1.5 * (q3 - q1)
            let inside = sorted.filter { $0 >= q1 - fence && $0 <= q3 + fence }
            let outliers = sorted.filter { $0 < q1 - fence || $0 > q3 + fence }
            let left = Double(category) + 0.15 + Double(group) * width
            panelsOut[panel].boxes.append(
                Chart.Box(
                    x0: left, x1: left + width, color: colors > 0 ? group : nil, low: inside.first ?? q1, q1: q1,
                    median: Downsampling.quantile(sorted, 0.5), q3: q3, high: inside.last ?? q3,
                    outliers: Downsampling.evenly(outliers, limit: Limits.outliersPerBox)))
            extent += [sorted.first ?? 0, sorted.last ?? 0]
        }
        let xAxis = try categoricalAxis(
            title: spec.x ?? "", labels: x == nil ? [""] : categories.labels, encoding: "x")
        let yAxis = axis("y", title: spec.y ?? "", scale: yScale, values: extent)
        return Chart(
            mark: .box, title: spec.title, caption: "", x: xAxis, y: yAxis, legend: legend, panels: panelsOut,
            columns: spec.columns, rules: [], notes: [], rows: rows)
    }

    // MARK: Heatmaps

    mutating func heatmap(
        x: ChartColumn, y: ChartColumn, value: ChartColumn?, kept: [Int], panels: [String?], panelOf: [Int]
    ) throws(ChartError) -> Chart {
        try requireCategorical("x")
        try requireCategorical("y")
        var numbers: [Double]?
        if let value {
            guard case .numbers(let values) = value else {
                throw ChartError(
                    "`color`: a heatmap shades cells by a numeric column, and '\(spec.color ?? "")' is \(value.kindName)",
                    hint: "leave `color` out to shade by the count of rows", at: "color")
            }
            numbers = values
        }
        let xs = Categories(x)
        let ys = Categories(y)
        let width = xs.labels.count
        let height = ys.labels.count
        var sums = [[Double]](repeating: [Double](repeating: 0, count: width * height), count: panels.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: width * height), count: panels.count)
        for row in kept {
            guard let i = xs.index[row], let j = ys.index[row] else { continue }
            sums[panelOf[row]][j * width + i] += numbers?[row] ?? 1
            counts[panelOf[row]][j * width + i] += 1
        }
        var cellValues: [(panel: Int, cell: Int, value: Double)] = []
        for panel in panels.indices {
            for cell in 0..<(width * height) where counts[panel][cell] > 0 {
                let total = sums[panel][cell]
                cellValues.append((panel, cell, numbers == nil ? total : total / Double(counts[panel][cell])))
            }
        }
        let lower = cellValues.map(\.value).min() ?? 0
        let upper = cellValues.map(\.value).max() ?? 1
        let labelled = cellValues.count <= 150
        let integral = cellValues.allSatisfy { $0.value == $0.value.rounded() }
        var panelsOut: [Chart.Panel] = panels.map { Chart.Panel(title: $0) }
        for (panel, cell, value) in cellValues {
            let i = cell % width
            let j = cell / width
            panelsOut[panel].cells.append(
                Chart.Cell(
                    x0: Double(i), x1: Double(i + 1), y0: Double(j), y1: Double(j + 1),
                    shade: upper > lower ? (value - lower) / (upper - lower) : 0.5,
                    label: labelled
                        ? (integral ? Categories.number(value) : NumberFormat.decimal(value, significantDigits: 3))
                        : nil))
        }
        if numbers != nil, kept.count > cellValues.count { notes.append("each cell shows the mean of its rows") }
        return Chart(
            mark: .heatmap, title: spec.title, caption: "",
            x: try categoricalAxis(title: spec.x ?? "", labels: xs.labels, encoding: "x"),
            y: try categoricalAxis(title: spec.y ?? "", labels: ys.labels, encoding: "y"),
            legend: Chart.Legend(
                kind: .sequential, title: numbers == nil ? "count" : "mean \(spec.color ?? "")", lower: lower,
                upper: upper),
            panels: panelsOut, columns: spec.columns, rules: [], notes: [], rows: rows)
    }

    // MARK: Rules

    mutating func ruleChart(
        x: ChartColumn?, y: ChartColumn?, kept: [Int], panels: [String?], legend: Chart.Legend?
    ) throws(ChartError) -> Chart {
        let encoding = x != nil ? "x" : "y"
        guard let column = x ?? y else { throw ChartError("a rule chart needs `x` or `y`", at: "mark") }
        let scale = scale(of: encoding, column, requested: encoding == "x" ? spec.xScale : spec.yScale)
        let values = try continuous(column, encoding: encoding, scale: scale)
        let used = Downsampling.evenly(kept.map { values[$0] }, limit: Limits.rules)
        var chart = Chart(
            mark: .rule, title: spec.title, caption: "",
            // The other axis carries nothing: a categorical axis without categories draws no ticks.
            x: Chart.Axis(title: "", scale: .categorical, lower: 0, upper: 1),
            y: Chart.Axis(title: "", scale: .categorical, lower: 0, upper: 1), legend: nil,
            panels: panels.map { Chart.Panel(title: $0) }, columns: spec.columns,
            rules: used.map { Rule(axis: encoding == "x" ? .x : .y, value: $0) }, notes: [], rows: rows)
        let axis = axis(encoding, title: name(encoding) ?? "", scale: scale, values: used)
        if encoding == "x" { chart.x = axis } else { chart.y = axis }
        return chart
    }

    /// Adds the spec's reference lines, widening a continuous axis to show them.
    func addRules(to chart: inout Chart) throws(ChartError) {
        for rule in spec.rules {
            var axis = rule.axis == .x ? chart.x : chart.y
            if axis.scale == .categorical {
                throw ChartError(
                    "`rules`: a reference line at \(rule.axis.rawValue) = \(Categories.number(rule.value)) needs a numeric or time \(rule.axis.rawValue) axis, and this one is categorical",
                    hint: "draw it on the other axis", at: "rules")
            }
            if axis.scale == .log && rule.value <= 0 {
                throw ChartError(
                    "`rules`: \(rule.axis.rawValue) = \(Categories.number(rule.value)) cannot be drawn on a log scale",
                    hint: "give a positive value", at: "rules")
            }
            if rule.value < axis.lower || rule.value > axis.upper {
                let values = [axis.lower, axis.upper, rule.value]
                let widened = self.axis(rule.axis.rawValue, title: axis.title, scale: axis.scale, values: values)
                axis.lower = widened.lower
                axis.upper = widened.upper
            }
            if rule.axis == .x { chart.x = axis } else { chart.y = axis }
            chart.rules.append(rule)
        }
    }

    // MARK: Caption

    func defaultCaption(_ chart: Chart) -> String {
        let x = spec.x ?? ""
        let y = spec.y ?? ""
        var text: String
        switch spec.mark {
        case .bar: text = spec.y == nil ? "count of rows by \(x)" : "\(y) by \(x)"
        case .histogram: text = "distribution of \(x)"
        case .box: text = spec.x == nil ? "distribution of \(y)" : "distribution of \(y) by \(x)"
        case .heatmap: text = spec.color.map { "mean \($0) by \(x) and \(y)" } ?? "count of rows by \(x) and \(y)"
        case .rule: text = "values of \(spec.x ?? spec.y ?? "")"
        case .line, .area, .point: text = "\(y) against \(x)"
        }
        if let color = spec.color, spec.mark != .heatmap { text += ", coloured by \(color)" }
        if let size = spec.size { text += ", sized by \(size)" }
        if let facet = spec.facet { text += ", one panel per \(facet)" }
        // Column names are kept as written, so the caption does not capitalise them.
        return text + "."
    }
}
