import QuireEngine
import Testing

/// `Frame.sample(_:)`: Quire's generator is not numpy's, so the properties are tested instead of
/// pandas' rows: the size, no repeats without replacement, class shares kept within rounding,
/// the same rows for a seed and others for another, every row equally likely over many seeds,
/// and the errors.
@Suite struct SampleTests {
    static let frame: Frame? = {
        let ids = (0..<100).map(Double.init)
        let classes = (0..<100).map { $0 < 60 ? "a" : ($0 < 90 ? "b" : ($0 < 97 ? nil : "ç")) }
        return try? Frame(columns: [Column(name: "id", numbers: ids), Column(name: "class", strings: classes)])
    }()

    static func ids(_ frame: Frame) -> [Int] {
        (frame["id"]?.numbers ?? []).map { Int($0) }
    }

    @Test func sizeOrderAndNoRepeats() throws {
        let frame = try #require(Self.frame)
        let sample = try frame.sample(SampleOptions(size: .count(30), seed: 3))
        let ids = Self.ids(sample)
        #expect(ids.count == 30 && Set(ids).count == 30)
        #expect(ids == ids.sorted(), "the chosen rows in their original order")
        let shuffled = Self.ids(try frame.sample(SampleOptions(size: .count(30), shuffle: true, seed: 3)))
        #expect(Set(shuffled) == Set(ids) && shuffled != ids, "shuffle: the same rows, in the order drawn")
        // Fractions round to the nearest row, halves to even (Python's round in pandas).
        #expect(try frame.sample(SampleOptions(size: .fraction(0.125), seed: 1)).rowCount == 12)
        #expect(try frame.sample(SampleOptions(size: .fraction(0.135), seed: 1)).rowCount == 14)
        #expect(try frame.sample(SampleOptions(size: .fraction(1), seed: 1)) == frame)
        #expect(try frame.sample(SampleOptions(size: .count(0))).rowCount == 0)
    }

    @Test func seedsDecide() throws {
        let frame = try #require(Self.frame)
        let a = try frame.sample(SampleOptions(size: .count(10), seed: 7))
        #expect(try frame.sample(SampleOptions(size: .count(10), seed: 7)) == a)
        #expect(try frame.sample(SampleOptions(size: .count(10), seed: 8)) != a)
        let b = try frame.sample(SampleOptions(size: .count(10), replace: true, seed: 7))
        #expect(try frame.sample(SampleOptions(size: .count(10), replace: true, seed: 7)) == b)
    }

    @Test func withReplacementRepeatsAndUpsamples() throws {
        let frame = try #require(Self.frame)
        let sample = try frame.sample(SampleOptions(size: .fraction(3), replace: true, seed: 2))
        let ids = Self.ids(sample)
        #expect(ids.count == 300 && Set(ids).count < 100 && ids == ids.sorted())
        let drawn = Self.ids(try frame.sample(SampleOptions(size: .count(50), replace: true, shuffle: true, seed: 2)))
        #expect(drawn.count == 50 && drawn != drawn.sorted())
    }

    @Test func strataKeepTheirShares() throws {
        let frame = try #require(Self.frame)
        for n in [10, 33, 50, 99] {
            let sample = try frame.sample(SampleOptions(size: .count(n), stratify: "class", seed: UInt64(n)))
            let ids = Self.ids(sample)
            #expect(ids.count == n && Set(ids).count == n && ids == ids.sorted())
            let strings = try #require(sample["class"]?.strings)
            // Class sizes 60, 30, 7 (missing) and 3: each gets its share, floored or one more.
            for (value, size) in [("a", 60), ("b", 30), (nil, 7), ("ç", 3)] as [(String?, Int)] {
                let count = (0..<strings.count).filter { strings[$0] == value }.count
                let share = Double(n * size) / 100
                #expect(
                    Double(count) >= share.rounded(.down) && Double(count) <= share.rounded(.up),
                    "\(value ?? "nil") \(n)")
            }
        }
        let replaced = try frame.sample(SampleOptions(size: .count(200), replace: true, stratify: "class", seed: 4))
        #expect(replaced.rowCount == 200)
    }

    @Test func everyRowIsEquallyLikely() throws {
        let frame = try #require(Self.frame)
        let seeds = 2000
        let n = 10
        var counts = [Int](repeating: 0, count: frame.rowCount)
        var replacedCounts = counts
        for seed in 0..<seeds {
            for id in Self.ids(try frame.sample(SampleOptions(size: .count(n), seed: UInt64(seed)))) { counts[id] += 1 }
            for id in Self.ids(try frame.sample(SampleOptions(size: .count(n), replace: true, seed: UInt64(seed)))) {
                replacedCounts[id] += 1
            }
        }
        // Each row is chosen n/rows = 10 % of the time: 200 of 2000 draws, standard deviation
        // about 13.4; a chi-square over 100 rows (99 degrees of freedom) stays below 160 except
        // with probability below 1e-4.
        for observed in [counts, replacedCounts] {
            let expected = Double(seeds * n) / Double(frame.rowCount)
            let chiSquare = observed.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
            #expect(chiSquare < 160, "chi-square \(chiSquare)")
            #expect(observed.allSatisfy { abs(Double($0) - expected) < 6 * expected.squareRoot() })
        }
    }

    @Test func tooManyRowsWithoutReplacementIsAnError() throws {
        let frame = try #require(Self.frame)
        func argument(_ options: SampleOptions) -> String? {
            do {
                _ = try frame.sample(options)
                return nil
            } catch let error as FrameError {
                return error.argument
            } catch {
                return nil
            }
        }
        #expect(argument(SampleOptions(size: .count(101))) == "n")
        #expect(argument(SampleOptions(size: .fraction(1.2))) == "fraction")
        #expect(argument(SampleOptions(size: .count(101), replace: true)) == nil)
        #expect(argument(SampleOptions(size: .count(3), stratify: "klass")) == "stratify")
        #expect(argument(SampleOptions(size: .count(-1))) == "n")
        let empty = frame.rows([])
        #expect(try empty.sample(SampleOptions(size: .fraction(0.5))).rowCount == 0)
        let one = frame.head(1)
        #expect(try one.sample(SampleOptions(size: .count(1), stratify: "class")) == one)
    }
}
