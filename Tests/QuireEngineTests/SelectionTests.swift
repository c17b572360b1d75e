import Testing

@testable import QuireEngine

/// Quickselect and the selection of several ranks (drift's quantile cut points) against a sort.
@Suite("Selection of order statistics")
struct SelectionTests {
    /// Values with many ties, both signs and runs: what a column of data holds.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { index in
            switch index % 3 {
            case 0: Double(Int.random(in: -5...5, using: &generator))
            case 1: Double.random(in: -1e6...1e6, using: &generator)
            default: Double(index)
            }
        }
    }

    @Test(arguments: [1, 2, 17, 1000, 20_001])
    func selectsEveryRankASortGives(_ count: Int) {
        let values = Self.values(count, seed: UInt64(count))
        let sorted = values.sorted()
        var generator = Xoshiro256StarStar(seed: 3)
        let drawn = (0..<min(count, 40)).map { _ in Int.random(in: 0..<count, using: &generator) }
        let ranks = Set(drawn + [0, count - 1]).sorted()
        var work = values
        let selected = work.withUnsafeMutableBufferPointer { Selection.select($0, ranks: ranks) }
        #expect(selected.keys.sorted() == ranks)
        for rank in ranks { #expect(selected[rank] == sorted[rank], "rank \(rank)") }
        // Only reordered: the same values.
        #expect(work.sorted() == sorted)
    }

    /// Bucketed over the range: uniform values, a far outlier that puts nearly all of them in one
    /// bucket, equal values, and a range too wide for its width to be a double.
    @Test(arguments: ["mixed", "outlier", "equal", "widest"])
    func selectsRanksByBucketsAsASortDoes(_ kind: String) {
        var values = Self.values(30_011, seed: 5)
        switch kind {
        case "outlier": values.append(1e300)
        case "equal": values = [Double](repeating: -2.5, count: 5000)
        case "widest": values += [-.greatestFiniteMagnitude, .greatestFiniteMagnitude]
        default: break
        }
        let sorted = values.sorted()
        let count = values.count
        let ranks = Set([0, 1, count / 10, count / 10 + 1, count / 2, count / 2 + 1, count - 2, count - 1]).sorted()
        let selected = values.withUnsafeBufferPointer {
            Selection.select($0, ranks: ranks, range: (sorted.first ?? 0)...(sorted.last ?? 0))
        }
        #expect(selected.keys.sorted() == ranks)
        for rank in ranks { #expect(selected[rank] == sorted[rank], "rank \(rank)") }
    }

    @Test func quantileCutPointsEqualTheSortedOnes() throws {
        let values = Self.values(5003, seed: 11)
        let profile = DriftColumnProfile(Column(name: "x", numbers: values))
        #expect(!profile.isSorted)
        let (r, c) = Drift.quantileCounts(profile, profile, bins: 10)
        let (sortedR, sortedC) = Drift.quantileCounts(profile.sorted(), profile.sorted(), bins: 10)
        #expect(r == sortedR && c == sortedC)
        #expect(r.reduce(0, +) == values.count)
    }
}
