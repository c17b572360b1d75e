import Foundation
import Testing

@testable import QuireEngine

@Suite("Keyed sort (tree builder)")
struct KeyedSortTests {
    /// With and without a scratch buffer: at `KeyedSort.bucketThreshold` pairs or more, a scratch
    /// buffer makes it a bucket sort.
    @Test(arguments: [0, 1, 2, 15, 17, 100, 1023, 1024, 5000, 70_000], [false, true])
    func sortsPairsByKeyKeepingEveryPair(count: Int, bucketed: Bool) {
        var generator = Xoshiro256StarStar(seed: UInt64(count))
        var scratch = [(Double, Int32)](repeating: (0, 0), count: bucketed ? count : 0)
        for distinct in [3, 1_000_000] {
            // Both signs, and keys that differ only in their low bytes.
            var pairs = (0..<count).map { i in
                (Double(Int.random(in: 0..<distinct, using: &generator) - distinct / 2) * 1.000_000_1, Int32(i))
            }
            let expected = pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            pairs.withUnsafeMutableBufferPointer { pairs in
                scratch.withUnsafeMutableBufferPointer { KeyedSort.sort(pairs, scratch: bucketed ? $0 : nil) }
            }
            #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.0 <= $1.0 })
            #expect(pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1) == expected.map(\.1))
        }
    }

    @Test func bucketSortOrdersKeysOfEveryMagnitude() {
        // Keys over the whole range of doubles: buckets cannot spread them (the width overflows),
        // so they are compare-sorted; and keys of many magnitudes, which need more levels.
        let specials: [Double] = [
            -.greatestFiniteMagnitude, -1e300, -1, -.leastNonzeroMagnitude, -0.0, 0, .leastNonzeroMagnitude,
            2.2250738585072014e-308, 1, 1e300, .greatestFiniteMagnitude,
        ]
        var generator = Xoshiro256StarStar(seed: 5)
        for keys in [
            (0..<3000).map { _ in specials.randomElement(using: &generator) ?? 0 },
            (0..<3000).map { _ in
                Double.random(in: -1...1, using: &generator) * pow(10, Double.random(in: -200...200, using: &generator))
            },
        ] {
            var pairs = keys.enumerated().map { ($1, Int32($0)) }
            var scratch = pairs
            pairs.withUnsafeMutableBufferPointer { pairs in
                scratch.withUnsafeMutableBufferPointer { KeyedSort.sort(pairs, scratch: $0) }
            }
            #expect(pairs.map(\.0) == keys.sorted())
            #expect(Set(pairs.map(\.1)) == Set(0..<Int32(keys.count)))
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
