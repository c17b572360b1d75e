import QuireEngine

/// The model's answer for a request's rows, computed by the engine's own prediction code.
struct Scores {
    /// Per row: the class index (classification, clustering) or the value (regression), exactly as
    /// ``TrainedModel/predict(_:threads:)`` gives it.
    var predictions: [Double]
    /// Per row, per class, row after row: ``TrainedModel/predictProbabilityRows(_:threads:)``
    /// (classifiers only; empty otherwise).
    var probabilities: [Double]
    /// Probabilities a row (the number of classes; 0 when there are none).
    var classes: Int

    /// Row `row`'s probability of class `k`.
    func probability(_ row: Int, _ k: Int) -> Double { probabilities[row * classes + k] }

    /// Scores `frame` with `loaded`'s model.
    ///
    /// A classifier's probabilities are computed once and its prediction taken from them as
    /// ``TrainedModel/predict(_:threads:)`` takes it from the same outputs (the first class of
    /// highest probability), so both agree with the notebook's `predict` bit for bit.
    ///
    /// - Throws: ``RequestError`` 400 naming the first row the model refuses and the field, as
    ///   for a missing value where the model allows none, or an infinite number.
    static func score(_ frame: Frame, with loaded: LoadedModel) throws(RequestError) -> Scores {
        guard frame.rowCount > 0 else { return Scores(predictions: [], probabilities: [], classes: 0) }
        let model = loaded.model
        do {
            if model.task == .classification {
                let probabilities = try model.predictProbabilityRows(frame)
                let classes = model.classes.count
                let predictions = (0..<frame.rowCount).map { row in
                    let first = row * classes
                    var best = 0
                    for k in 0..<classes where probabilities[first + k] > probabilities[first + best] { best = k }
                    return Double(best)
                }
                return Scores(predictions: predictions, probabilities: probabilities, classes: classes)
            }
            return Scores(predictions: try model.predict(frame), probabilities: [], classes: 0)
        } catch {
            throw locate(error, in: frame, with: loaded)
        }
    }

    /// The first row on its own that the model refuses, and why: the engine names the column but
    /// counts rows in the frame it was given, so each row is tried alone (only on this error path).
    static func locate(_ error: any Error, in frame: Frame, with loaded: LoadedModel) -> RequestError {
        for row in 0..<frame.rowCount {
            let single = frame.rows(row..<(row + 1))
            do {
                _ = try loaded.model.predict(single)
            } catch let failure as ModelError {
                let field = failure.column ?? firstMissingField(of: single, inputs: loaded.inputs)
                if failure.code == .missingFeatureValues, let field {
                    return RequestError(
                        status: 400, "field `\(field)` is missing (null) and the model allows no missing values",
                        row: row, field: field)
                }
                if failure.message.contains("infinite value"), let field {
                    return RequestError(
                        status: 400, "field `\(field)` is not a finite number (too large for a double)", row: row,
                        field: field)
                }
                return RequestError(
                    status: 400, "the model refuses this row: \(failure.message)", row: row, field: field)
            } catch {
                return RequestError(status: 400, "the model refuses this row: \(error)", row: row)
            }
        }
        let message = (error as? ModelError)?.message ?? "\(error)"
        return RequestError(status: 400, "the model refuses these rows: \(message)")
    }

    /// The first input that is missing in a one-row frame.
    static func firstMissingField(of frame: Frame, inputs: [ModelInput]) -> String? {
        inputs.first { frame[$0.name]?.isMissing(at: 0) == true }?.name
    }
}

extension Scores {
    /// The response body: `{"rows": [{"prediction": …, "probability_CLASS": …}, …]}` for a
    /// request in rows, `{"columns": {"prediction": […], "probability_CLASS": […]}}` for one in
    /// columns. Labels are strings, values numbers that read back bit for bit.
    func body(for layout: PredictRequest.Layout, model loaded: LoadedModel) -> [UInt8] {
        var out = JSONText.Output()
        out.bytes.reserveCapacity(32 + predictions.count * (24 + classes * 40))
        func appendPrediction(_ row: Int) {
            let value = predictions[row]
            if loaded.quotedLabels.isEmpty {
                JSONText.append(value, to: &out)
            } else {
                out.bytes.append(contentsOf: loaded.quotedLabels[Int(value)])
            }
        }
        switch layout {
        case .rows:
            out.bytes.append(contentsOf: #"{"rows":["#.utf8)
            for row in predictions.indices {
                if row > 0 { out.bytes.append(0x2C) }
                out.bytes.append(contentsOf: #"{"prediction":"#.utf8)
                appendPrediction(row)
                for k in 0..<classes {
                    out.bytes.append(0x2C)
                    out.bytes.append(contentsOf: loaded.probabilityKeys[k])
                    JSONText.append(probability(row, k), to: &out)
                }
                out.bytes.append(0x7D)
            }
            out.bytes.append(contentsOf: "]}\n".utf8)
        case .columns:
            out.bytes.append(contentsOf: #"{"columns":{"prediction":["#.utf8)
            for row in predictions.indices {
                if row > 0 { out.bytes.append(0x2C) }
                appendPrediction(row)
            }
            out.bytes.append(0x5D)
            for k in 0..<classes {
                out.bytes.append(0x2C)
                out.bytes.append(contentsOf: loaded.probabilityKeys[k])
                out.bytes.append(0x5B)
                for row in predictions.indices {
                    if row > 0 { out.bytes.append(0x2C) }
                    JSONText.append(probability(row, k), to: &out)
                }
                out.bytes.append(0x5D)
            }
            out.bytes.append(contentsOf: "}}\n".utf8)
        }
        return out.bytes
    }
}
