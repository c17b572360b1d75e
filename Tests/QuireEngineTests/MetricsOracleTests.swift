import Foundation
import QuireEngine
import Testing

/// Metrics against scikit-learn (Fixtures/models/metrics.json, scripts/model_fixtures.py).
@Suite struct MetricsOracleTests {
    static var fixture: [String: Any] { try! FixtureFiles.modelJSON("metrics.json") }
    static var cases: [[String: Any]] { fixture["classification"] as! [[String: Any]] }
    static var caseNames: [String] { cases.map { $0["name"] as! String } }

    static func named(_ name: String) -> [String: Any] { cases.first { $0["name"] as! String == name }! }

    @Test(arguments: caseNames)
    func classificationMetrics(_ name: String) throws {
        let c = Self.named(name)
        let truth = c["truth"] as! [Int]
        let predicted = c["predicted"] as! [Int]
        let probabilities = (c["probabilities"] as! [[Any]]).map { $0.map(FixtureFiles.double) }
        let expected = c["expected"] as! [String: Any]
        func check(_ key: String, _ value: Double) {
            guard let want = expected[key], !(want is NSNull) else { return }
            #expect(close(value, FixtureFiles.double(want)), "\(name) \(key): \(value) vs \(want)")
        }
        check("accuracy", Metrics.accuracy(truth, predicted))
        check("balanced_accuracy", Metrics.balancedAccuracy(truth, predicted))
        check("matthews_corrcoef", Metrics.matthewsCorrcoef(truth, predicted))
        for average in Averaging.allCases {
            check("precision_\(average.rawValue)", Metrics.precision(truth, predicted, average: average))
            check("recall_\(average.rawValue)", Metrics.recall(truth, predicted, average: average))
            check("f1_\(average.rawValue)", Metrics.f1(truth, predicted, average: average))
        }
        check("log_loss", Metrics.logLoss(truth, probabilities: probabilities))
        check("brier_score", Metrics.brierScore(truth, probabilities: probabilities))
        if probabilities[0].count == 2 {
            check("roc_auc", Metrics.rocAUC(truth, scores: probabilities.map { $0[1] }))
            check("average_precision", Metrics.averagePrecision(truth, scores: probabilities.map { $0[1] }))
        } else {
            for strategy in MulticlassAUC.allCases {
                for average in [Averaging.macro, .weighted] {
                    check(
                        "roc_auc_\(strategy.rawValue)_\(average.rawValue)",
                        Metrics.rocAUC(truth, probabilities: probabilities, multiClass: strategy, average: average))
                }
            }
        }
        let confusion = Metrics.confusionMatrix(truth, predicted, classCount: probabilities[0].count)
        #expect(confusion == c["confusion_matrix"] as! [[Int]])
    }

    @Test(arguments: ["binary_ties", "binary"])
    func curves(_ name: String) throws {
        let c = Self.named(name)
        let truth = c["truth"] as! [Int]
        let scores = (c["probabilities"] as! [[Any]]).map { FixtureFiles.double($0[1]) }
        let doubles = { (key: String, field: String) in
            ((c[key] as! [String: Any])[field] as! [Any]).map(FixtureFiles.double)
        }
        let roc = Metrics.rocCurve(truth, scores: scores)
        #expect(roc.falsePositiveRate.count == doubles("roc", "fpr").count)
        #expect(zip(roc.falsePositiveRate, doubles("roc", "fpr")).allSatisfy { close($0, $1) })
        #expect(zip(roc.truePositiveRate, doubles("roc", "tpr")).allSatisfy { close($0, $1) })
        #expect(zip(roc.thresholds, doubles("roc", "thresholds")).allSatisfy { close($0, $1) })
        let pr = Metrics.precisionRecallCurve(truth, scores: scores)
        #expect(pr.precision.count == doubles("pr", "precision").count)
        #expect(zip(pr.precision, doubles("pr", "precision")).allSatisfy { close($0, $1) })
        #expect(zip(pr.recall, doubles("pr", "recall")).allSatisfy { close($0, $1) })
        #expect(zip(pr.thresholds, doubles("pr", "thresholds")).allSatisfy { close($0, $1) })
        let calibration = Metrics.calibrationCurve(truth, scores: scores, bins: 5)
        #expect(calibration.fractionOfPositives.count == doubles("calibration", "fraction").count)
        #expect(zip(calibration.fractionOfPositives, doubles("calibration", "fraction")).allSatisfy { close($0, $1) })
        #expect(zip(calibration.meanPredicted, doubles("calibration", "mean")).allSatisfy { close($0, $1) })
    }

    @Test func regressionMetrics() throws {
        let r = Self.fixture["regression"] as! [String: Any]
        let truth = (r["truth"] as! [Any]).map(FixtureFiles.double)
        let predicted = (r["predicted"] as! [Any]).map(FixtureFiles.double)
        let e = (r["expected"] as! [String: Any]).mapValues(FixtureFiles.double)
        #expect(close(Metrics.meanAbsoluteError(truth, predicted), e["mae"]!))
        #expect(close(Metrics.meanSquaredError(truth, predicted), e["mse"]!))
        #expect(close(Metrics.rootMeanSquaredError(truth, predicted), e["rmse"]!))
        #expect(close(Metrics.r2(truth, predicted), e["r2"]!))
        #expect(close(Metrics.meanAbsolutePercentageError(truth, predicted), e["mape"]!))
        #expect(close(Metrics.explainedVariance(truth, predicted), e["explained_variance"]!))
    }

    @Test func silhouette() throws {
        let s = Self.fixture["silhouette"] as! [String: Any]
        let x = (s["x"] as! [[Any]]).map { $0.map(FixtureFiles.double) }
        let value = Metrics.silhouette(x, labels: s["labels"] as! [Int])
        #expect(close(value, FixtureFiles.double(s["expected"])))
    }

    @Test func edgeCases() {
        // A constant truth: r2 is 1 for a perfect fit and 0 otherwise (scikit-learn's force_finite).
        #expect(Metrics.r2([2, 2], [2, 2]) == 1)
        #expect(Metrics.r2([2, 2], [1, 2]) == 0)
        // ROC AUC with one class in the truth is undefined.
        #expect(Metrics.rocAUC([1, 1], scores: [0.2, 0.4]).isNaN)
        // Precision of a class never predicted is 0, not NaN.
        #expect(Metrics.precision([1, 0], [0, 0]) == 0)
        #expect(Metrics.matthewsCorrcoef([1, 1], [1, 1]) == 0)
    }
}
