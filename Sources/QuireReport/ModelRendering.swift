import QuireEngine
import QuireRunner
import QuireSupport

struct ModelRenderer: OutputRenderer {
    let kind = ValueKind.model

    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        guard let card = record.summary.model else { return .empty }
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        var what = " · \(card.algorithm), \(card.task)"
        if let target = card.target { what += " of \(target)" }
        // Training time is a fact about the machine: left out of reproducible reports.
        let time =
            reproducible || card.trainingSeconds <= 0 ? "" : " in \(OutputRendering.format(card.trainingSeconds)) s"
        caption += .text(what + " · trained on \(OutputRendering.grouped(card.trainingRows)) rows" + time)
        var rows: [(String, String)] = [
            ("features", "\(card.features.count): " + card.features.joined(separator: ", "))
        ]
        if !card.classes.isEmpty { rows.append(("classes", card.classes.joined(separator: ", "))) }
        if !card.preprocessing.isEmpty { rows.append(("preprocessing", card.preprocessing.joined(separator: " → "))) }
        let settings = card.hyperparameters.keys.sorted().map { "\($0)=\(card.hyperparameters[$0]!)" }.joined(
            separator: ", ")
        if !settings.isEmpty { rows.append(("hyperparameters", settings)) }
        var table = HTML.empty
        for (key, value) in rows {
            table += .element(
                "tr", [:], .element("th", ["scope": "row"], .text(key)), .element("td", [:], .text(value)))
        }
        var figure =
            HTML.element("figcaption", [:], caption)
            + .element("table", ["class": "card"], .element("tbody", [:], table))
        for warning in card.warnings { figure += .element("p", ["class": "warning"], .text("Warning: \(warning)")) }
        if let kind = card.weightKind {
            figure += Charts.bars(
                title: kind.prefix(1).uppercased() + kind.dropFirst(), names: card.inputs, values: card.weights)
        }
        return .element("figure", ["class": "output model"], figure)
    }
}

struct EvaluationRenderer: OutputRenderer {
    let kind = ValueKind.evaluation

    /// The metrics shown as cards, in order, when present.
    static let headline = [
        "accuracy", "balanced_accuracy", "f1", "f1_macro", "roc_auc", "log_loss", "r2", "rmse", "mae",
    ]

    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        guard let evaluation = record.summary.evaluation else { return .empty }
        var figure = HTML.element(
            "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
            .text(" · \(evaluation.task.rawValue) on \(OutputRendering.grouped(evaluation.rows)) rows"))
        var cards = HTML.empty
        for metric in Self.headline.filter({ evaluation.metrics[$0] != nil }).prefix(4) {
            cards += .element(
                "div", ["class": "metric-card"],
                .element("div", ["class": "metric-value"], .text(OutputRendering.format(evaluation.metrics[metric]!))),
                .element("div", ["class": "metric-name"], .text(metric)))
        }
        figure += .element("div", ["class": "metric-cards"], cards)
        var rows = HTML.empty
        for metric in evaluation.metrics.keys.sorted() {
            rows += .element(
                "tr", [:], .element("th", ["scope": "row"], .text(metric)),
                .element("td", ["class": "num"], .text("\(evaluation.metrics[metric]!)")))
        }
        figure += .element(
            "details", [:], .element("summary", [:], .text("All \(evaluation.metrics.count) metrics")),
            .element("table", ["class": "metrics"], .element("tbody", [:], rows)))
        var charts = HTML.empty
        if let matrix = evaluation.confusionMatrix { charts += Self.confusion(matrix, classes: evaluation.classes) }
        if let curves = evaluation.rocCurves, !curves.isEmpty {
            let series = curves.keys.sorted().map {
                Charts.Series(
                    name: curves.count > 1 ? $0 : "", x: curves[$0]!.falsePositiveRate, y: curves[$0]!.truePositiveRate)
            }
            let auc = evaluation.metrics["roc_auc"].map { " (AUC \(OutputRendering.format(Charts.round3($0))))" } ?? ""
            charts += Charts.plot(
                title: "ROC curve" + auc, series: series, xLabel: "false positive rate", yLabel: "true positive rate",
                xRange: 0...1, yRange: 0...1, diagonal: true)
        }
        if let curves = evaluation.precisionRecallCurves, !curves.isEmpty {
            let series = curves.keys.sorted().map {
                Charts.Series(name: curves.count > 1 ? $0 : "", x: curves[$0]!.recall, y: curves[$0]!.precision)
            }
            let ap =
                evaluation.metrics["average_precision"].map { " (AP \(OutputRendering.format(Charts.round3($0))))" }
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
                    "<td class=\"num heat\" style=\"background:color-mix(in srgb, var(--accent) \(percent)%, transparent)\">\(count)</td>"
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

struct TableRenderer: OutputRenderer {
    let kind = ValueKind.table

    func render(name: String, record: OutputRecord, reproducible: Bool) -> HTML {
        guard let table = record.summary.table else { return .empty }
        var head = HTML.empty
        for column in table.columns { head += .element("th", [:], .text(column)) }
        var body = HTML.empty
        for row in table.rows {
            var cells = HTML.empty
            for cell in row {
                switch cell {
                case .text(let text): cells += .element("td", [:], .text(text))
                case .number(let number):
                    cells += .element("td", ["class": "num"], .text(OutputRendering.format(number)))
                }
            }
            body += .element("tr", [:], cells)
        }
        return .element(
            "figure", ["class": "output table"],
            .element(
                "figcaption", [:], .element("span", ["class": "output-name"], .text(name)),
                .text(" · \(table.rows.count) rows")),
            .element(
                "div", ["class": "scroll"],
                .element("table", [:], .element("thead", [:], .element("tr", [:], head)), .element("tbody", [:], body)))
        )
    }
}
