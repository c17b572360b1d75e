import Foundation
import QuireEngine
import QuireSupport

/// A trained model with its preprocessing: what `train`, `tune` and `load_model` produce.
///
/// Stored as the model's sorted-key JSON with the training time zeroed (a fact about the
/// machine, not the model: equal models, equal bytes). Its summary is a ``ModelCard``.
public enum ModelKind: ValueKindDefinition {
    /// `model`.
    public static let kind = ValueKind("model", article: "a model")

    /// Sorted-key JSON, training time zeroed.
    public static func encode(_ model: TrainedModel) throws -> [UInt8] {
        var model = model
        model.trainingSeconds = 0
        return Array(try JSONCoding.encoder.encode(model))
    }

    /// Reads the JSON ``encode(_:)`` wrote.
    public static func decode(_ bytes: [UInt8]) throws -> TrainedModel {
        try JSONCoding.decoder.decode(TrainedModel.self, from: Data(bytes))
    }

    /// The model's card.
    public static func summary(of model: TrainedModel) -> ModelCard { ModelCard(model) }

    /// `rows` (trained on) and `features`.
    public static func scalars(of card: ModelCard) -> [String: Double] {
        ["rows": Double(card.trainingRows), "features": Double(card.features.count)]
    }

    /// `rows`, and the card as `model`: algorithm, task, features, classes, hyperparameters,
    /// coefficients or importances by input, warnings.
    public static func json(of card: ModelCard) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "algorithm": .string(card.algorithm), "task": .string(card.task),
            "features": .array(card.features.map(JSONValue.string)),
            "classes": .array(card.classes.map(JSONValue.string)),
            "hyperparameters": .object(card.hyperparameters.mapValues(JSONValue.string)),
            "training_rows": .integer(card.trainingRows),
            "warnings": .array(card.warnings.map(JSONValue.string)),
        ]
        if let kind = card.weightKind {
            object[kind == "coefficients" ? "coefficients" : "importances"] = .object(
                Dictionary(
                    zip(card.inputs, card.weights).map { ($0, JSONValue.number($1)) },
                    uniquingKeysWith: { first, _ in first }))
        }
        return ["rows": .integer(card.trainingRows), "model": .object(object)]
    }

    /// The card as a table (features, classes, preprocessing, hyperparameters), its warnings,
    /// and its weights as bars. The training time is left out of reproducible reports.
    public static func render(_ card: ModelCard, name: String, options: RenderOptions) -> HTML {
        var caption = HTML.element("span", ["class": "output-name"], .text(name))
        var what = " · \(card.algorithm), \(card.task)"
        if let target = card.target { what += " of \(target)" }
        // Training time is a fact about the machine: left out of reproducible reports.
        let time =
            options.reproducible || card.trainingSeconds <= 0
            ? "" : " in \(NumberFormat.decimal(card.trainingSeconds)) s"
        caption += .text(what + " · trained on \(NumberFormat.integer(card.trainingRows)) rows" + time)
        var rows: [(String, String)] = [
            ("features", "\(card.features.count): " + card.features.joined(separator: ", "))
        ]
        if !card.classes.isEmpty { rows.append(("classes", card.classes.joined(separator: ", "))) }
        if !card.preprocessing.isEmpty { rows.append(("preprocessing", card.preprocessing.joined(separator: " → "))) }
        let settings = card.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
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

extension ValueKind {
    /// A trained model (``ModelKind``).
    public static let model = ModelKind.kind
}

extension StepValue {
    /// A model value.
    public static func model(_ model: TrainedModel) -> StepValue { StepValue(ModelKind.self, model) }

    /// The model, when the value is one.
    public var model: TrainedModel? { self.as(ModelKind.self) }
}

extension OutputSummary {
    /// The model's card, when the output is a model.
    public var model: ModelCard? { self.as(ModelKind.self) }
}
