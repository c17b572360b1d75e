import Testing

@testable import QuireEngine

@Suite("Keyed sort (tree builder)")
struct KeyedSortTests {
    @Test(arguments: [0, 1, 2, 15, 17, 100, 5000])
    func sortsPairsByKeyKeepingEveryPair(count: Int) {
        var generator = Xoshiro256StarStar(seed: UInt64(count))
        for distinct in [3, 1_000_000] {
            var pairs = (0..<count).map { i in (Double(Int.random(in: 0..<distinct, using: &generator)), Int32(i)) }
            let expected = pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            pairs.withUnsafeMutableBufferPointer { KeyedSort.sort($0) }
            #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.0 <= $1.0 })
            #expect(pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1) == expected.map(\.1))
        }
    }

    @Test func adversarialInputsFinish() {
        // Already sorted, reversed and organ-pipe inputs, which defeat naive pivots.
        let n = 20_000
        for keys in [
            (0..<n).map(Double.init), (0..<n).reversed().map(Double.init),
            (0..<n).map { Double(min($0, n - $0)) },
        ] {
            var pairs = keys.enumerated().map { ($1, Int32($0)) }
            pairs.withUnsafeMutableBufferPointer { KeyedSort.sort($0) }
            #expect(pairs.map(\.0) == keys.sorted())
        }
    }
}
