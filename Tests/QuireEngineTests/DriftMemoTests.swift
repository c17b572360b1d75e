import Foundation
import QuireEngine
import Testing

/// Drift steps on the same data share each side's summary and the pair's histograms through a
/// `DriftMemo`: the results are those computed without it, and the memo is what they come from.
@Suite struct DriftMemoTests {
    static func frame(seed: UInt64, shift: Double = 0) throws -> Frame {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let n = 3000
        let x = (0..<n).map { _ in next() * 10 + shift }
        let y = (0..<n).map { _ in (next() * 8).rounded(.down) }
        let label = (0..<n).map { _ -> String? in ["a", "b", "c", nil][Int(next() * 4)] }
        return try Frame(columns: [
            Column(name: "x", numbers: x), Column(name: "y", numbers: y), Column(name: "label", strings: label),
        ])
    }

    static let methods: [DriftOptions] = [
        DriftOptions(), DriftOptions(method: .psi, binning: .quantile), DriftOptions(method: .psi),
        DriftOptions(method: .jensenShannon, bins: 7), DriftOptions(include: ["x", "y"]),
    ]

    @Test func sharedFiguresGiveTheResultsComputedWithout() throws {
        let reference = try Self.frame(seed: 1), current = try Self.frame(seed: 2, shift: 0.5)
        let memo = DriftMemo()
        let scope = DriftMemo.Scope(memo: memo, reference: "ref", current: "cur")
        for options in Self.methods {
            let alone = try Drift.compare(reference: reference, current: current, options: options)
            let shared = try Drift.compare(reference: reference, current: current, options: options, scope: scope)
            #expect(shared == alone)
        }
        // Three columns on each side; a numeric histogram per distinct `bins` (nil and 7) and column.
        #expect(memo.count.samples == 6)
        #expect(memo.count.histograms == 4)
        #expect(memo.hasSample(of: "ref", column: "label") && memo.hasSample(of: "cur", column: "x"))
    }

    /// The memo answers by identity alone: the same names for other data get the first data's
    /// figures. That is why the runner names data by content digest; here it shows the figures
    /// do come from the memo.
    @Test func figuresComeFromTheMemoByIdentity() throws {
        let reference = try Self.frame(seed: 1), current = try Self.frame(seed: 2, shift: 0.5)
        let other = try Self.frame(seed: 3, shift: 3)
        let memo = DriftMemo()
        let scope = DriftMemo.Scope(memo: memo, reference: "ref", current: "cur")
        let first = try Drift.compare(reference: reference, current: current, scope: scope)
        let misnamed = try Drift.compare(reference: reference, current: other, scope: scope)
        let honest = try Drift.compare(
            reference: reference, current: other, scope: DriftMemo.Scope(memo: memo, reference: "ref", current: "other")
        )
        #expect(misnamed.columns.map(\.current) == first.columns.map(\.current))
        #expect(try honest == Drift.compare(reference: reference, current: other))
        #expect(honest.columns.map(\.current) != first.columns.map(\.current))
    }

    @Test func stepsAtOnceGetTheSameFigures() async throws {
        let reference = try Self.frame(seed: 5), current = try Self.frame(seed: 6, shift: 1)
        let memo = DriftMemo()
        let scope = DriftMemo.Scope(memo: memo, reference: "r", current: "c")
        let expected = try Drift.compare(
            reference: reference, current: current, options: DriftOptions(method: .ks, include: ["x", "y"]))
        let results = try await withThrowingTaskGroup(of: DriftResult.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try Drift.compare(
                        reference: reference, current: current,
                        options: DriftOptions(method: .ks, include: ["x", "y"]), scope: scope)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8 && results.allSatisfy { $0 == expected })
        #expect(memo.count.samples == 4)
    }
}
