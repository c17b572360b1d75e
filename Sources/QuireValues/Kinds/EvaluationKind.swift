import QuireEngine
import QuireSupport

/// A model's metrics and curves on a frame: what `evaluate` produces.
///
/// Stored as sorted-key JSON (non-finite metrics spelt out); the value is its own summary.
public enum EvaluationKind: ValueKindDefinition {
    /// `evaluation`.
    public static let kind = ValueKind("evaluation", article: "an evaluation")

    /// The metrics shown as cards, in order, when present.
    static let headline = [
        "accuracy", "balanced_accuracy", "f1", "f1_macro", "roc_auc", "log_loss", "r2", "rmse", "mae",
    ]

    /// The metrics an evaluation shows as cards, in order: at most four of ``headline``. The
    /// report's trends follow the same metrics.
    public static func headlineMetrics(of evaluation: Evaluation) -> [(name: String, value: Double)] {
        Array(headline.compactMap { metric in evaluation.metrics[metric].map { (name: metric, value: $0) } }.prefix(4))
    }

    /// Every metric by scikit-learn's name, and `rows`.
    public static func scalars(of evaluation: Evaluation) -> [String: Double] {
        evaluation.metrics.merging(["rows": Double(evaluation.rows)]) { metric, _ in metric }
    }

    /// `rows` (the metrics are the step's, see ``metrics(of:)``).
    public static func json(of evaluation: Evaluation) -> [String: JSONValue] {
        ["rows": .integer(evaluation.rows)]
    }

    /// Every metric.
    public static func metrics(of evaluation: Evaluation) -> [String: Double] { evaluation.metrics }

    /// `quire_model_metric`.
    public static let gauges = [
        GaugeFamily("quire_model_metric", help: "Evaluation metrics by scikit-learn's name.")
    ]

    /// A sample per metric, labelled with its name, in name order.
    public static func samples(of evaluation: Evaluation, output: String, reproducible: Bool) -> [GaugeSample] {
        evaluation.metrics.sorted { $0.key < $1.key }.map {
            GaugeSample("quire_model_metric", labels: [("metric", $0.key)], $0.value)
        }
    }

    /// Headline metrics as cards, every metric in a folded table, then the confusion matrix and
    /// the curves the evaluation has (ROC, precision–recall, calibration, residuals).
    public static func render(_ evaluation: Evaluation, name: String, options: RenderOptions) -> HTML {
        var figure = HTML.element(
            "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
            .text(" · \(evaluation.task.rawValue) on \(NumberFormat.integer(evaluation.rows)) rows"))
        var cards = HTML.empty
        for (metric, value) in headlineMetrics(of: evaluation) {
            cards += .element(
                "div", ["class": "metric-card"],
                .element("div", ["class": "metric-value"], .text(NumberFormat.decimal(value))),
                .element("div", ["class": "metric-name"], .text(metric)))
        }
        figure += .element("div", ["class": "metric-cards"], cards)
        var rows = HTML.empty
        for (metric, value) in evaluation.metrics.sorted(by: { $0.key < $1.key }) {
            rows += .element(
                "tr", [:], .element("th", ["scope": "row"], .text(metric)),
                .element("td", ["class": "num"], .text(NumberFormat.decimal(value))))
        }
        figure += .element(
            "details", [:], .element("summary", [:], .text("All \(evaluation.metrics.count) metrics")),
            .element("table", ["class": "metrics"], .element("tbody", [:], rows)))
        var charts = HTML.empty
        if let matrix = evaluation.confusionMatrix { charts += confusion(matrix, classes: evaluation.classes) }
        if let curves = evaluation.rocCurves, !curves.isEmpty {
            let series = curves.sorted { $0.key < $1.key }.map {
                Charts.Series(
                    name: curves.count > 1 ? $0.key : "", x: $0.value.falsePositiveRate, y: $0.value.truePositiveRate)
            }
            let auc =
                evaluation.metrics["roc_auc"].map { " (AUC \(NumberFormat.decimal($0, significantDigits: 3)))" } ?? ""
            charts += Charts.plot(
                title: "ROC curve" + auc, series: series, xLabel: "false positive rate", yLabel: "true positive rate",
                xRange: 0...1, yRange: 0...1, diagonal: true)
        }
        if let curves = evaluation.precisionRecallCurves, !curves.isEmpty {
            let series = curves.sorted { $0.key < $1.key }.map {
                Charts.Series(name: curves.count > 1 ? $0.key : "", x: $0.value.recall, y: $0.value.precision)
            }
            let ap =
                evaluation.metrics["average_precision"].map {
                    " (AP \(NumberFormat.decimal($0, significantDigits: 3)))"
                }
                ?? ""
            charts += Charts.plot(
                title: "Precision–recall curve" + ap, series: series, xLabel: "recall", yLabel: "precision",
                xRange: 0...1, yRange: 0...1)
        }
        if let calibration = evaluation.calibration, !calibration.meanPredicted.isEmpty {
            charts += Charts.plot(
                title: "Calibration",
                series: [Charts.Series(name: "", x: calibration.meanPredicted, y: calibration.fractionOfPositives)],
                xLabel: "mean predicted probability", yLabel: "fraction of positives", xRange: 0...1, yRange: 0...1,
                diagonal: true)
        }
        if let residuals = evaluation.residuals, !residuals.predicted.isEmpty {
            let xs = residuals.predicted.filter(\.isFinite)
            let ys = residuals.residuals.filter(\.isFinite)
            if let xMin = xs.min(), let xMax = xs.max(), let yPeak = ys.map(abs).max() {
                charts += Charts.plot(
                    title: "Residuals",
                    series: [Charts.Series(name: "", x: residuals.predicted, y: residuals.residuals, points: true)],
                    xLabel: "predicted", yLabel: "actual − predicted", xRange: xMin...max(xMax, xMin + 1e-9),
                    yRange: -max(yPeak, 1e-9)...max(yPeak, 1e-9), zeroLine: true)
            }
        }
        figure += .element("div", ["class": "charts"], charts)
        return .element("figure", ["class": "output evaluation"], figure)
    }

    /// The confusion matrix as a heat-map table: rows are true classes, columns predicted.
    static func confusion(_ matrix: [[Int]], classes: [String]) -> HTML {
        let peak = max(matrix.flatMap { $0 }.max() ?? 1, 1)
        var head = HTML.element("th", [:], .text("true \\ predicted"))
        for label in classes { head += .element("th", [:], .text(label)) }
        var body = HTML.empty
        for (row, counts) in matrix.enumerated() {
            var cells = HTML.element("th", ["scope": "row"], .text(row < classes.count ? classes[row] : "\(row)"))
            for count in counts {
                let percent = Charts.c(Double(count) / Double(peak) * 85)
                cells += .raw(
                    "<td class=\"num heat\" style=\"background:color-mix(in srgb, var(--accent) \(percent)%, transparent)\">\(NumberFormat.integer(count))</td>"
                )
            }
            body += .element("tr", [:], cells)
        }
        return .element(
            "figure", ["class": "chart confusion"],
            .element(
                "table", ["class": "confusion"], .element("thead", [:], .element("tr", [:], head)),
                .element("tbody", [:], body)),
            .element("figcaption", [:], .text("Confusion matrix")))
    }
}

extension ValueKind {
    /// Metrics and curves of a model on a frame (``EvaluationKind``).
    public static let evaluation = EvaluationKind.kind
}

extension StepValue {
    /// An evaluation value.
    public static func evaluation(_ evaluation: Evaluation) -> StepValue {
        StepValue(EvaluationKind.self, evaluation)
    }

    /// The evaluation, when the value is one.
    public var evaluation: Evaluation? { self.as(EvaluationKind.self) }
}

extension OutputSummary {
    /// The evaluation, when the output is one.
    public var evaluation: Evaluation? { self.as(EvaluationKind.self) }
}
