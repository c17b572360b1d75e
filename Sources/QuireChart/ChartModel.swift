/// What a chart draws: a mark (line, point, bar, …) of columns placed by its encodings.
public enum Mark: String, Codable, Sendable, Hashable, CaseIterable {
    /// Lines joining the points of each series, in the order of x.
    case line
    /// A scatter plot; binned into a density grid above ``Limits/scatterPoints`` points.
    case point
    /// One bar per category of x (rows of one category and colour summed; without `y`, counted).
    case bar
    /// A line filled down to zero (or stacked on the series below it).
    case area
    /// Counts of a numeric x in equal-width bins at round edges.
    case histogram
    /// Quartiles, whiskers at 1.5 × IQR, and outliers of y, one box per category of x.
    case box
    /// A grid of the categories of x by those of y, shaded by the mean of `color` (or the count).
    case heatmap
    /// A reference line at each value of x (vertical) or y (horizontal).
    case rule
}

/// How values are placed along an axis.
public enum ScaleKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Proportional to the value.
    case linear
    /// Proportional to the value's logarithm; every value must be positive.
    case log
    /// Dates and times (seconds since 1970, UTC), ticks at round days, months or years.
    case time
    /// One band per category, in the order of first appearance.
    case categorical
}

/// A column as the chart reads it.
public enum ChartColumn: Sendable, Hashable {
    /// Numbers; NaN is missing.
    case numbers([Double])
    /// Text; nil is missing.
    case texts([String?])
    /// Seconds since 1970-01-01T00:00:00Z; NaN is missing.
    case dates([Double])

    /// Rows of the column.
    public var count: Int {
        switch self {
        case .numbers(let values), .dates(let values): values.count
        case .texts(let values): values.count
        }
    }

    /// The column's kind in words, for messages: `numeric`, `text`, `date`.
    public var kindName: String {
        switch self {
        case .numbers: "numeric"
        case .texts: "text"
        case .dates: "date"
        }
    }
}

/// A reference line: a constant x (vertical) or y (horizontal), optionally labelled.
public struct Rule: Codable, Sendable, Hashable {
    /// Which axis the value is on.
    public enum Axis: String, Codable, Sendable, Hashable {
        /// A vertical line at an x value.
        case x
        /// A horizontal line at a y value.
        case y
    }

    /// The axis of ``value``.
    public var axis: Axis
    /// Where the line is, in data units (seconds for a time axis).
    public var value: Double
    /// Text written at the line's end.
    public var label: String?

    /// A line at `value` on `axis`.
    public init(axis: Axis, value: Double, label: String? = nil) {
        self.axis = axis
        self.value = value
        self.label = label
    }
}

/// What a chart asks for, as its step writes it: the mark, the columns of its encodings, scales
/// and options. ``ChartBuilder`` turns it and the data into a ``Chart``.
public struct ChartSpec: Codable, Sendable, Hashable {
    /// The mark.
    public var mark: Mark
    /// Columns of the encodings.
    public var x: String?
    /// The column on the vertical axis.
    public var y: String?
    /// The column that colours marks (categories: Okabe-Ito; numbers: a sequential scale).
    public var color: String?
    /// The column that sizes points.
    public var size: String?
    /// The column that splits the chart into small multiples.
    public var facet: String?
    /// Scales; nil picks by the column's kind.
    public var xScale: ScaleKind?
    /// The vertical scale; nil picks by the column's kind.
    public var yScale: ScaleKind?
    /// Stack bars and areas of different colours instead of placing them side by side (overlaid).
    public var stack: Bool
    /// Most bins of a histogram.
    public var bins: Int
    /// Small multiples per row.
    public var columns: Int
    /// Reference lines drawn over the marks.
    public var rules: [Rule]
    /// The title (bold, before the caption).
    public var title: String?
    /// The caption; nil derives one from the encodings.
    public var caption: String?

    /// A spec of `mark` with its encodings and options.
    public init(
        mark: Mark, x: String? = nil, y: String? = nil, color: String? = nil, size: String? = nil,
        facet: String? = nil, xScale: ScaleKind? = nil, yScale: ScaleKind? = nil, stack: Bool = false, bins: Int = 20,
        columns: Int = 3, rules: [Rule] = [], title: String? = nil, caption: String? = nil
    ) {
        self.mark = mark
        self.x = x
        self.y = y
        self.color = color
        self.size = size
        self.facet = facet
        self.xScale = xScale
        self.yScale = yScale
        self.stack = stack
        self.bins = bins
        self.columns = columns
        self.rules = rules
        self.title = title
        self.caption = caption
    }
}

/// How much data a chart keeps before it downsamples.
public enum Limits {
    /// Above this many points a scatter is drawn as a density grid.
    public static let scatterPoints = 5_000
    /// Above this many points a line (or area) series is reduced by LTTB...
    public static let linePoints = 2_000
    /// ...to this many points.
    public static let lineTarget = 1_000
    /// Cells of a density grid across x (its rows follow the plot's aspect).
    public static let densityColumns = 64
    /// Cells of a density grid down y.
    public static let densityRows = 40
    /// Outliers drawn per box at most (evenly chosen among them in order).
    public static let outliersPerBox = 40
    /// Distinct colours (Okabe-Ito).
    public static let colors = 8
    /// Small multiples at most.
    public static let facets = 36
    /// Categories along an axis at most.
    public static let categories = 200
    /// Rules drawn by `mark: rule` at most.
    public static let rules = 200
}

/// A chart ready to draw: its axes, legend and marks in data units, already downsampled, so it
/// is small and drawing it needs nothing else.
public struct Chart: Codable, Sendable, Hashable {
    /// One axis: its title, scale and domain (for a categorical scale, the categories, placed
    /// at 0, 1, … with each band one unit wide).
    public struct Axis: Codable, Sendable, Hashable {
        /// The axis title.
        public var title: String
        /// The scale.
        public var scale: ScaleKind
        /// The domain's lower end.
        public var lower: Double
        /// The domain's upper end.
        public var upper: Double
        /// The categories of a categorical axis, in band order.
        public var categories: [String]

        /// An axis.
        public init(title: String, scale: ScaleKind, lower: Double, upper: Double, categories: [String] = []) {
            self.title = title
            self.scale = scale
            self.lower = lower
            self.upper = upper
            self.categories = categories
        }
    }

    /// What colour or size means.
    public struct Legend: Codable, Sendable, Hashable {
        /// The legend's kind.
        public enum Kind: String, Codable, Sendable, Hashable {
            /// One swatch per category, in palette order.
            case categories
            /// A sequential colour ramp from ``lower`` to ``upper``.
            case sequential
            /// Circles of increasing size from ``lower`` to ``upper``.
            case size
        }

        /// The kind.
        public var kind: Kind
        /// The title (the column's name).
        public var title: String
        /// The categories (``Kind/categories``).
        public var categories: [String]
        /// The lower end of a sequential or size scale.
        public var lower: Double
        /// The upper end.
        public var upper: Double

        /// A legend.
        public init(kind: Kind, title: String, categories: [String] = [], lower: Double = 0, upper: Double = 0) {
            self.kind = kind
            self.title = title
            self.categories = categories
            self.lower = lower
            self.upper = upper
        }
    }

    /// Points of one colour, joined by a line for line and area marks.
    public struct Series: Codable, Sendable, Hashable {
        /// The palette index, nil for the first colour without a legend.
        public var color: Int?
        /// The x values (data units; categorical: band index + 0.5).
        public var x: [Double]
        /// The y values.
        public var y: [Double]
        /// The lower edge of a stacked area, one per point; empty: zero.
        public var base: [Double]
        /// Each point's radius in pixels (size encoding), or empty.
        public var radius: [Double]
        /// Each point's sequential colour in 0...1 (a numeric colour encoding), or empty.
        public var shade: [Double]

        /// A series.
        public init(
            color: Int?, x: [Double], y: [Double], base: [Double] = [], radius: [Double] = [], shade: [Double] = []
        ) {
            self.color = color
            self.x = x
            self.y = y
            self.base = base
            self.radius = radius
            self.shade = shade
        }
    }

    /// A rectangle in data units: a bar, a histogram bin, a heatmap or density cell.
    public struct Cell: Codable, Sendable, Hashable {
        /// Left edge.
        public var x0: Double
        /// Right edge.
        public var x1: Double
        /// Bottom edge.
        public var y0: Double
        /// Top edge.
        public var y1: Double
        /// The palette index, when the cell has a categorical colour.
        public var color: Int?
        /// The sequential shade in 0...1, when the cell is shaded.
        public var shade: Double?
        /// The value written in the cell (heatmaps of few cells).
        public var label: String?

        /// A cell.
        public init(
            x0: Double, x1: Double, y0: Double, y1: Double, color: Int? = nil, shade: Double? = nil,
            label: String? = nil
        ) {
            self.x0 = x0
            self.x1 = x1
            self.y0 = y0
            self.y1 = y1
            self.color = color
            self.shade = shade
            self.label = label
        }
    }

    /// One box of a box plot.
    public struct Box: Codable, Sendable, Hashable {
        /// The band's left edge plus the box's offset, in band units.
        public var x0: Double
        /// The box's right edge in band units.
        public var x1: Double
        /// The palette index.
        public var color: Int?
        /// The lower whisker's end: the smallest value at or above Q1 − 1.5 × IQR.
        public var low: Double
        /// The first quartile.
        public var q1: Double
        /// The median.
        public var median: Double
        /// The third quartile.
        public var q3: Double
        /// The upper whisker's end: the largest value at or below Q3 + 1.5 × IQR.
        public var high: Double
        /// Values beyond the whiskers (at most ``Limits/outliersPerBox``).
        public var outliers: [Double]

        /// A box.
        public init(
            x0: Double, x1: Double, color: Int?, low: Double, q1: Double, median: Double, q3: Double, high: Double,
            outliers: [Double]
        ) {
            self.x0 = x0
            self.x1 = x1
            self.color = color
            self.low = low
            self.q1 = q1
            self.median = median
            self.q3 = q3
            self.high = high
            self.outliers = outliers
        }
    }

    /// One small multiple (the whole chart when there is no facet).
    public struct Panel: Codable, Sendable, Hashable {
        /// The facet's value, nil without a facet.
        public var title: String?
        /// Lines, areas and points.
        public var series: [Series]
        /// Bars, bins and cells.
        public var cells: [Cell]
        /// Boxes.
        public var boxes: [Box]

        /// A panel.
        public init(title: String?, series: [Series] = [], cells: [Cell] = [], boxes: [Box] = []) {
            self.title = title
            self.series = series
            self.cells = cells
            self.boxes = boxes
        }
    }

    /// The mark drawn (a scatter drawn as a density grid has mark `point` and shaded cells).
    public var mark: Mark
    /// The title.
    public var title: String?
    /// The caption.
    public var caption: String
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// The legend, when colour or size carries meaning.
    public var legend: Legend?
    /// The panels, in facet order.
    public var panels: [Panel]
    /// Panels per row.
    public var columns: Int
    /// Reference lines over every panel.
    public var rules: [Rule]
    /// What was done to the data (downsampling, missing values left out), for the caption.
    public var notes: [String]
    /// Rows read.
    public var rows: Int

    /// A chart.
    public init(
        mark: Mark, title: String?, caption: String, x: Axis, y: Axis, legend: Legend?, panels: [Panel],
        columns: Int, rules: [Rule], notes: [String], rows: Int
    ) {
        self.mark = mark
        self.title = title
        self.caption = caption
        self.x = x
        self.y = y
        self.legend = legend
        self.panels = panels
        self.columns = columns
        self.rules = rules
        self.notes = notes
        self.rows = rows
    }
}

/// Why a chart cannot be drawn from its data: a message, a hint, and the parameter to point at.
public struct ChartError: Error, Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var hint: String?
    /// The parameter it is about (`x`, `y_scale`, …).
    public var parameter: String

    /// An error about `parameter`.
    public init(_ message: String, hint: String? = nil, at parameter: String) {
        self.message = message
        self.hint = hint
        self.parameter = parameter
    }
}
