/// Cross-validation folds: the test rows of each fold (scikit-learn's `KFold` and
/// `StratifiedKFold`).
///
/// Without shuffling the folds equal scikit-learn's exactly; with it, rows (or each class's
/// fold assignment) are shuffled by the engine's generator, so they differ from scikit-learn's
/// while keeping the same sizes.
public enum Folds {
    /// `k` contiguous folds; the first `n mod k` get one extra row.
    public static func kFold(rows n: Int, folds k: Int, shuffle: Bool = false, seed: UInt64 = 0) -> [[Int]] {
        var order = Array(0..<n)
        if shuffle {
            var rng = Xoshiro256StarStar(seed: seed)
            rng.shuffle(&order)
        }
        var result: [[Int]] = []
        var start = 0
        for f in 0..<k {
            let size = n / k + (f < n % k ? 1 : 0)
            result.append(order[start..<(start + size)].sorted())
            start += size
        }
        return result
    }

    /// Folds that keep each class's share: classes are numbered by first appearance, sorted
    /// labels are dealt to folds round-robin, and each class's rows take their fold numbers in
    /// row order (scikit-learn's `_make_test_folds`).
    public static func stratifiedKFold(labels: [Int], folds k: Int, shuffle: Bool = false, seed: UInt64 = 0) -> [[Int]]
    {
        var firstSeen: [Int: Int] = [:]
        var encoded: [Int] = []
        encoded.reserveCapacity(labels.count)
        for label in labels {
            let code = firstSeen[label] ?? firstSeen.count
            firstSeen[label] = code
            encoded.append(code)
        }
        let classCount = firstSeen.count
        let sorted = encoded.sorted()
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: k)
        for (position, c) in sorted.enumerated() { allocation[position % k][c] += 1 }
        var rng = Xoshiro256StarStar(seed: seed)
        var testFold = [Int](repeating: 0, count: labels.count)
        for c in 0..<classCount {
            var foldsForClass: [Int] = []
            for f in 0..<k { foldsForClass += [Int](repeating: f, count: allocation[f][c]) }
            if shuffle {
                var order = Array(foldsForClass.indices)
                rng.shuffle(&order)
                foldsForClass = order.map { foldsForClass[$0] }
            }
            var next = 0
            for i in labels.indices where encoded[i] == c {
                testFold[i] = foldsForClass[next]
                next += 1
            }
        }
        return (0..<k).map { f in labels.indices.filter { testFold[$0] == f } }
    }
}
