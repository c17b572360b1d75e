import Foundation

extension Plan {
    /// The steps whose outputs differ from run to run: those of a volatile op
    /// (``OpSchema/isVolatile``, a measurement such as `latency`) and every step that reads the
    /// output of one (directly or further down), since what they compute follows the measurement.
    /// A step whose `when:` or `needs:` only names one is not: what it computes does not change.
    ///
    /// Reproducible summaries leave their outputs out (and the keys of those that read one);
    /// `--frozen` checks their parameters and files, not what was measured.
    public var volatileSteps: Set<String> {
        var volatile: Set<String> = []
        for step in steps where step.schema.isVolatile || step.inputs.contains(where: { volatile.contains($0.step) }) {
            volatile.insert(step.id)
        }
        return volatile
    }
}

extension KeyComponents {
    /// The placeholder a reproducible summary records for the digest of a volatile input.
    public static let volatileDigest = "volatile"

    /// The components with the digest of each input from a step in `volatile` replaced by
    /// ``volatileDigest`` (in ``inputs`` and in the parameters that refer to it): what a
    /// reproducible summary records, and what `--frozen` recomputes.
    public func maskingInputs(from volatile: Set<String>) -> KeyComponents {
        var masked = self
        for (reference, digest) in inputs {
            guard let step = reference.split(separator: ".").first, volatile.contains(String(step)) else { continue }
            masked.inputs[reference] = Self.volatileDigest
            masked.parameters = masked.parameters.mapValues {
                $0.replacingOccurrences(of: "digest:" + digest, with: "digest:" + Self.volatileDigest)
            }
        }
        return masked
    }
}
