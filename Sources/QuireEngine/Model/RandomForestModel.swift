/// A fitted random forest: trees whose outputs are averaged (class probabilities or values).
struct RandomForestModel: Sendable, Hashable, Codable {
    var trees: [DecisionTree]

    /// Fits `count` trees in parallel. Tree `t` uses the seed `treeSeed(seed, t)` for both its
    /// bootstrap sample and its feature draws, so the forest is the same with any thread count.
    static func fit(
        builder: TreeBuilder, baseWeights: [Double], count: Int, bootstrap: Bool, seed: UInt64, threads: Int
    ) throws -> RandomForestModel {
        let n = builder.rows
        let progress = EngineWork.beginProgress("forest", unit: "trees", total: count)
        defer { progress?.end() }
        let trees = try Parallel.map(count, threads: threads) { t -> DecisionTree in
            let treeSeed = Self.treeSeed(seed, t)
            var weights = baseWeights
            if bootstrap {
                var rng = Xoshiro256StarStar(seed: treeSeed ^ 0x5DEE_CE66_D1CE_4E5B)
                var counts = [Double](repeating: 0, count: n)
                for _ in 0..<n { counts[Int(rng.nextInt(below: UInt64(n)))] += 1 }
                for i in 0..<n { weights[i] *= counts[i] }
            }
            let tree = builder.build(weights: weights, seed: treeSeed)
            progress?.advance()
            return tree
        }
        progress?.complete()
        return RandomForestModel(trees: trees)
    }

    /// The seed of tree `index`: the second SplitMix64 output seeded with the forest seed plus
    /// the index times the golden-ratio increment.
    static func treeSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        _ = mixer.next()
        return mixer.next()
    }

    /// Mean of the trees' outputs per row (rows × outputs).
    func predict(_ x: Matrix, threads: Int) throws -> Matrix {
        let outputs = trees.first?.outputs ?? 1
        let chunks = Parallel.chunks(x.rows, size: 2048)
        let parts = try Parallel.map(chunks.count, threads: threads) { c -> [Double] in
            let part = x.rows(Array(chunks[c]))
            var out = [Double](repeating: 0, count: part.rows * outputs)
            for tree in trees { tree.accumulate(part, into: &out, scale: 1) }
            let scale = 1 / Double(trees.count)
            return out.map { $0 * scale }
        }
        return Matrix(rows: x.rows, columns: outputs, values: parts.flatMap { $0 })
    }
}
