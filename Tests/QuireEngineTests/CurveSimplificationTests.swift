import Foundation
import Testing

@testable import QuireEngine

/// Stored ROC and precision–recall curves are simplified to within 1/1000 of the exact curve
/// (issue 14): checked against the exact curves on generated data and scikit-learn's curves.
@Suite struct CurveSimplificationTests {
    static let tolerance = CurveSimplification.curveTolerance

    /// The distance from a point to a segment, computed here independently of the code tested.
    static func distance(_ p: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1)
        let length2 = dx * dx + dy * dy
        let t = length2 == 0 ? 0 : min(1, max(0, ((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2))
        return hypot(p.0 - (a.0 + t * dx), p.1 - (a.1 + t * dy))
    }

    /// The Hausdorff distance between the exact polyline and a simplified one whose points are a
    /// subsequence of it (checked): each exact point's distance to the simplified segment spanning
    /// it. This bounds both directions: every exact segment lies within its spanning segment's
    /// bound (distance to a segment is convex), and every point of a simplified segment has an
    /// exact point on the perpendicular through it. Nil when the points are not a subsequence
    /// with both endpoints.
    static func hausdorff(exact: [(Double, Double)], simplified: [(Double, Double)]) -> Double? {
        guard let first = simplified.first, let last = simplified.last, let exactFirst = exact.first,
            let exactLast = exact.last, first == exactFirst, last == exactLast
        else { return nil }
        var worst = 0.0
        var segment = 0
        for point in exact {
            guard segment + 1 < simplified.count else { return point == last ? worst : nil }
            worst = max(worst, distance(point, simplified[segment], simplified[segment + 1]))
            if point == simplified[segment + 1] { segment += 1 }
        }
        return segment == simplified.count - 1 ? worst : nil
    }

    static func check(truth: [Int], scores: [Double], maxPoints: Int, label: String) {
        let roc = Metrics.rocCurve(truth, scores: scores)
        let simpleROC = roc.simplified()
        let exactROC = Array(zip(roc.falsePositiveRate, roc.truePositiveRate))
        let keptROC = Array(zip(simpleROC.falsePositiveRate, simpleROC.truePositiveRate))
        let rocDistance = hausdorff(exact: exactROC, simplified: keptROC)
        #expect((rocDistance ?? .infinity) <= tolerance, "\(label) ROC: \(String(describing: rocDistance))")
        #expect(keptROC.count <= maxPoints, "\(label) ROC keeps \(keptROC.count) of \(exactROC.count) points")
        #expect(simpleROC.thresholds.count == keptROC.count)
        #expect(simpleROC.thresholds.first == .infinity)
        let pr = Metrics.precisionRecallCurve(truth, scores: scores)
        let simplePR = pr.simplified()
        let exactPR = Array(zip(pr.recall, pr.precision))
        let keptPR = Array(zip(simplePR.recall, simplePR.precision))
        let prDistance = hausdorff(exact: exactPR, simplified: keptPR)
        #expect((prDistance ?? .infinity) <= tolerance, "\(label) PR: \(String(describing: prDistance))")
        #expect(keptPR.count <= maxPoints, "\(label) PR keeps \(keptPR.count) of \(exactPR.count) points")
        #expect(simplePR.thresholds.count == keptPR.count - 1)
    }

    @Test func randomScoresOf400kRows() {
        var random = Xoshiro256StarStar(seed: 7)
        let truth = (0..<400_000).map { _ in Int.random(in: 0...1, using: &random) }
        let scores = truth.map { _ in Double.random(in: 0..<1, using: &random) }
        Self.check(truth: truth, scores: scores, maxPoints: 300, label: "random")
    }

    @Test func aGoodClassifierOf400kRows() {
        var random = Xoshiro256StarStar(seed: 8)
        let truth = (0..<400_000).map { _ in Int.random(in: 0...1, using: &random) }
        // A logistic score of the label plus Gaussian noise (Box–Muller): a smooth, bent curve.
        let scores = truth.map { label -> Double in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            let noise = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
            return 1 / (1 + exp(-(2 * Double(label) - 1 + noise)))
        }
        Self.check(truth: truth, scores: scores, maxPoints: 300, label: "good")
    }

    @Test func tiedScores() {
        var random = Xoshiro256StarStar(seed: 9)
        let truth = (0..<50_000).map { _ in Int.random(in: 0...1, using: &random) }
        let scores = truth.map { Double(Int.random(in: 0...20, using: &random) + 10 * $0) / 30 }
        Self.check(truth: truth, scores: scores, maxPoints: 100, label: "ties")
    }

    @Test func perfectAndWorstClassifiers() {
        let truth = (0..<10_000).map { $0 % 2 }
        let perfect = truth.enumerated().map { Double($0.element) + Double($0.offset) / 1e6 }
        Self.check(truth: truth, scores: perfect, maxPoints: 5, label: "perfect")
        Self.check(truth: truth, scores: perfect.map { -$0 }, maxPoints: 40, label: "worst")
        let roc = Metrics.rocCurve(truth, scores: perfect).simplified()
        #expect(roc.falsePositiveRate == [0, 0, 1] && roc.truePositiveRate == [0, 1, 1])
    }

    @Test func tinyCurvesAreKept() {
        // Two rows, one per class: nothing to drop.
        Self.check(truth: [0, 1], scores: [0.2, 0.9], maxPoints: 3, label: "two rows")
        // One row: a single class gives NaN rates, which are kept as they are.
        let one = Metrics.rocCurve([1], scores: [0.5])
        #expect(one.simplified() == one)
        let onePR = Metrics.precisionRecallCurve([1], scores: [0.5])
        #expect(onePR.simplified() == onePR)
    }

    /// A million rows of a good classifier whose scores have ties (rounded to 1e-5): the stored
    /// curves stay a few hundred points, within the tolerance.
    @Test func aMillionRowsKeepFewPoints() {
        var random = Xoshiro256StarStar(seed: 10)
        let truth = (0..<1_000_000).map { _ in Int.random(in: 0...1, using: &random) }
        let scores = truth.map { label -> Double in
            let noise = Double.random(in: -1...1, using: &random) + Double.random(in: -1...1, using: &random)
            return ((1 / (1 + exp(-(Double(label) - 0.5 + noise)))) * 1e5).rounded() / 1e5
        }
        Self.check(truth: truth, scores: scores, maxPoints: 600, label: "1M")
    }

    /// Labels sorted by score in blocks of `m` negatives then `m` positives, `m` growing with the
    /// rows seen: a precision–recall curve that zigzags by about 2/1000 all along, the worst we
    /// found for the number of points kept. It stays within the tolerance and far below
    /// ``CurveSimplification/maximumPoints``.
    @Test func zigzagPrecisionRecall() {
        var truth: [Int] = []
        while truth.count < 200_000 {
            let m = max(1, Int((0.0025 * Double(truth.count)).rounded()))
            truth += Array(repeating: 0, count: m) + Array(repeating: 1, count: m)
        }
        let scores = truth.indices.map { Double(truth.count - $0) }
        Self.check(truth: truth, scores: scores, maxPoints: 2000, label: "zigzag")
    }

    /// A curve that needs more points than allowed at the tolerance (a sawtooth of 2,000 teeth
    /// 1/100 high, allowed 100 points) keeps at most that many, within the doubled tolerance it
    /// reports, and the doubling stops at the first tolerance that fits.
    @Test func tooManyPointsDoubleTheTolerance() throws {
        let n = 2001
        let x = (0..<n).map { Double($0) / Double(n - 1) }
        let y = (0..<n).map { $0 % 2 == 0 ? 0.5 : 0.51 }
        #expect(CurveSimplification.keptIndices(x: x, y: y, tolerance: Self.tolerance).count > 1900)
        let (kept, tolerance) = CurveSimplification.keptIndices(
            x: x, y: y, tolerance: Self.tolerance, maximumPoints: 100)
        #expect(kept.count <= 100)
        #expect(tolerance > Self.tolerance)
        #expect(CurveSimplification.keptIndices(x: x, y: y, tolerance: tolerance / 2).count > 100)
        let distance = Self.hausdorff(exact: Array(zip(x, y)), simplified: kept.map { (x[$0], y[$0]) })
        #expect((distance ?? .infinity) <= tolerance)
        // Below the limit nothing changes.
        let free = CurveSimplification.keptIndices(x: x, y: y, tolerance: 0.02, maximumPoints: 100)
        #expect(free.indices == CurveSimplification.keptIndices(x: x, y: y, tolerance: 0.02) && free.tolerance == 0.02)
    }

    /// One class only: rates of 0/0 are NaN, and such a curve is kept whole; a curve of one
    /// class's precision (all 1) is a straight line of two points.
    @Test func oneClassOnly() {
        let scores = (0..<1000).map { Double($0) / 1000 }
        let positives = [Int](repeating: 1, count: 1000)
        let negatives = [Int](repeating: 0, count: 1000)
        for truth in [positives, negatives] {
            let roc = Metrics.rocCurve(truth, scores: scores)
            #expect(roc.simplified() == roc)
        }
        let pr = Metrics.precisionRecallCurve(positives, scores: scores).simplified()
        #expect(pr.recall.first == 1 && pr.recall.last == 0 && pr.precision.allSatisfy { $0 == 1 })
        #expect(pr.recall.count == 2)
        // No positives: recall is 1 at every threshold (scikit-learn's convention), precision 0.
        let noPositives = Metrics.precisionRecallCurve(negatives, scores: scores)
        let simple = noPositives.simplified()
        let distance = Self.hausdorff(
            exact: Array(zip(noPositives.recall, noPositives.precision)),
            simplified: Array(zip(simple.recall, simple.precision)))
        #expect((distance ?? .infinity) <= Self.tolerance)
        #expect(simple.recall.count == 2 && simple.thresholds.count == 1)
    }

    /// The same evaluation, with the same curves and bit-identical metrics, on 1 and 2 threads.
    @Test func sameCurvesOnAnyThreadCount() throws {
        let data = try FixtureFiles.dataset("breast_cancer")
        let split = try data.split(SplitOptions(testSize: 0.5, seed: 2, stratify: "target"))
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "target", preprocess: [.standardize()]), on: split.train)
        let one = try Evaluation.evaluate(model: model, frame: split.test, threads: 1)
        let two = try Evaluation.evaluate(model: model, frame: split.test, threads: 2)
        #expect(one == two)
        #expect(one.metrics.mapValues(\.bitPattern) == two.metrics.mapValues(\.bitPattern))
    }

    /// scikit-learn's own curves (Fixtures/models/metrics.json): the simplified curve stays within
    /// the tolerance, and the AUC and average precision of the exact curve are scikit-learn's.
    @Test(arguments: ["binary_ties", "binary"])
    func scikitLearnCurves(_ name: String) throws {
        let c = MetricsOracleTests.named(name)
        let truth = try #require(c["truth"] as? [Int])
        let probabilities = try #require(c["probabilities"] as? [[Any]])
        let scores = probabilities.map { FixtureFiles.double($0[1]) }
        let roc = try #require(c["roc"] as? [String: Any])
        let fpr = try #require(roc["fpr"] as? [Any]).map(FixtureFiles.double)
        let tpr = try #require(roc["tpr"] as? [Any]).map(FixtureFiles.double)
        let thresholds = try #require(roc["thresholds"] as? [Any]).map(FixtureFiles.double)
        let exact = ROCCurve(falsePositiveRate: fpr, truePositiveRate: tpr, thresholds: thresholds)
        let simple = exact.simplified()
        let distance = Self.hausdorff(
            exact: Array(zip(fpr, tpr)), simplified: Array(zip(simple.falsePositiveRate, simple.truePositiveRate)))
        #expect((distance ?? .infinity) <= Self.tolerance)
        let expected = try #require(c["expected"] as? [String: Any])
        #expect(close(Metrics.rocAUC(truth, scores: scores), FixtureFiles.double(expected["roc_auc"])))
        #expect(
            close(Metrics.averagePrecision(truth, scores: scores), FixtureFiles.double(expected["average_precision"])))
    }

    /// An evaluation stores simplified curves, but its metrics are those of the exact curves.
    @Test func evaluationStoresSimplifiedCurvesAndExactMetrics() throws {
        let data = try FixtureFiles.dataset("breast_cancer")
        let split = try data.split(SplitOptions(testSize: 0.5, seed: 1, stratify: "target"))
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "target", preprocess: [.standardize()]), on: split.train)
        let evaluation = try Evaluation.evaluate(model: model, frame: split.test)
        let probabilities = try model.outputs(split.test, threads: 1).nested
        let truth = try Evaluation.targetClasses(model, split.test)
        let scores = probabilities.map { $0[1] }
        #expect(evaluation.metrics["roc_auc"] == Metrics.rocAUC(truth, scores: scores))
        #expect(evaluation.metrics["average_precision"] == Metrics.averagePrecision(truth, scores: scores))
        #expect(evaluation.rocCurves?["1"] == Metrics.rocCurve(truth, scores: scores).simplified())
        #expect(
            evaluation.precisionRecallCurves?["1"] == Metrics.precisionRecallCurve(truth, scores: scores).simplified())
    }
}
