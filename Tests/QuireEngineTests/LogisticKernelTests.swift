import Foundation
import Testing

@testable import QuireEngine

/// The C kernel's exponential and logarithm (`quire_logistic_terms`) against glibc's, through the
/// loss and residual they give: within a few ulps everywhere (4 at worst on these 200,000 scores),
/// exact where the formulas are.
@Suite("Logistic regression's loss kernel")
struct LogisticKernelTests {
    /// The loss and residual as the Swift code computed them before the kernel, with glibc, and
    /// the magnitudes their last subtraction starts from (what a few ulps are relative to).
    static func reference(_ z: Double, _ t: Double) -> (loss: Double, residual: Double, sum: Double, prob: Double) {
        let e = exp(-abs(z))
        let sum = Swift.max(z, 0) + log1p(e)
        let prob = z >= 0 ? 1 / (1 + e) : e / (1 + e)
        return (sum - t * z, prob - t, sum, prob)
    }

    @Test func agreesWithGlibcWithinAFewUlps() {
        var generator = Xoshiro256StarStar(seed: 17)
        // Scores over every scale a regression meets, both signs, and both targets.
        var z: [Double] = (0..<200_000).map { i in
            let scale = [1e-9, 1e-3, 1, 10, 40, 700][i % 6]
            return Double.random(in: -scale...scale, using: &generator)
        }
        z += [0, -0.0, 1e-300, -1e-300, 36.7, -36.7, 708, -708, 745, -745, 746, -746, 800, -800, 1e10, -1e10]
        let targets = z.indices.map { Double($0 % 2) }
        let (loss, residual) = LogisticModel.binaryTerms(z: z, targets: targets)
        var worstLoss = 0.0, worstProbability = 0.0
        for i in z.indices {
            let expected = Self.reference(z[i], targets[i])
            // Both sides end in the same subtraction (of t·z, of t), which can cancel: errors are
            // counted in ulps of the largest magnitude that subtraction meets.
            let t = targets[i]
            let lossScale = max(expected.sum.magnitude, (t * z[i]).magnitude, expected.loss.magnitude)
            worstLoss = max(worstLoss, abs(loss[i] - expected.loss) / lossScale.ulp)
            let probabilityScale = max(expected.prob, t, expected.residual.magnitude)
            worstProbability = max(worstProbability, abs(residual[i] - expected.residual) / probabilityScale.ulp)
        }
        #expect(worstLoss <= 6, "loss off by \(worstLoss) ulps")
        #expect(worstProbability <= 6, "probability off by \(worstProbability) ulps")
    }

    @Test func exactAtTheEdges() {
        let z: [Double] = [0, 800, -800, 1e10, -1e10, .nan]
        let (loss, residual) = LogisticModel.binaryTerms(z: z, targets: [1, 1, 0, 0, 1, 1])
        #expect(loss[0] == log(2.0) && residual[0] == -0.5)
        // Far scores: the probability is 0 or 1 exactly, the loss 0 on the right side.
        #expect(loss[1] == 0 && residual[1] == 0)
        #expect(loss[2] == 0 && residual[2] == 0)
        #expect(loss[3] == 1e10 && residual[3] == 1)
        #expect(loss[4] == 1e10 && residual[4] == -1)
        #expect(loss[5].isNaN && residual[5].isNaN)
    }
}
