/// How ``Frame/sample(_:)`` draws rows.
public struct SampleOptions: Sendable, Hashable {
    /// How many rows to draw.
    public enum Size: Sendable, Hashable {
        /// Exactly this many rows.
        case count(Int)
        /// This share of the rows, rounded to the nearest whole row (halves to even, as Python's
        /// `round` in pandas' `sample(frac=…)`).
        case fraction(Double)
    }

    /// How many rows to draw.
    public var size: Size
    /// Whether a row may be drawn more than once.
    public var replace: Bool
    /// A column whose classes keep their shares of the rows, if any.
    public var stratify: String?
    /// Whether the rows come in the order drawn (random) instead of their original order.
    public var shuffle: Bool
    /// The seed of the ``Xoshiro256StarStar`` generator.
    public var seed: UInt64

    /// Options drawing `size` rows, without replacement, in original order.
    public init(
        size: Size, replace: Bool = false, stratify: String? = nil, shuffle: Bool = false, seed: UInt64 = 0
    ) {
        self.size = size
        self.replace = replace
        self.stratify = stratify
        self.shuffle = shuffle
        self.seed = seed
    }
}

extension Frame {
    /// A random sample of the rows, seeded: the same options give the same rows on every machine.
    ///
    /// - Without replacement every set of `n` rows is equally likely (a partial Fisher–Yates
    ///   shuffle); with replacement each draw picks any row with equal chance.
    /// - Stratified: each class of the column (missing values are a class) gets its share of `n`,
    ///   `n · class rows / rows` rounded down, and the rows left over go to the classes with the
    ///   largest remainders (equal remainders: the class that appears first), so the counts sum to
    ///   `n`; each class is then sampled on its own.
    /// - Order: the chosen rows in their original order (a row drawn several times appears that
    ///   many times in a row), or with ``SampleOptions/shuffle`` in the order drawn.
    ///
    /// The generator's stream is Quire's own (xoshiro256**), not numpy's, so the rows differ
    /// from pandas' `sample` for the same seed.
    ///
    /// - Throws: ``FrameError``: more rows than the frame has without replacement (about `n` or
    ///   `fraction`); an unknown stratify column (about `stratify`).
    public func sample(_ options: SampleOptions) throws -> Frame {
        rows(try sampleIndices(options))
    }

    /// The row indices ``sample(_:)`` picks, in the order it returns them.
    public func sampleIndices(_ options: SampleOptions) throws -> [Int] {
        let n: Int
        let argument: String
        switch options.size {
        case .count(let count):
            guard count >= 0 else {
                throw FrameError(
                    .invalidArgument, "n is \(count)", hint: "give a row count of 0 or more", argument: "n")
            }
            n = count
            argument = "n"
        case .fraction(let share):
            guard share.isFinite, share >= 0 else {
                throw FrameError(
                    .invalidArgument, "fraction is \(share)", hint: "give a share of 0 or more", argument: "fraction")
            }
            n = Int((share * Double(rowCount)).rounded(.toNearestOrEven))
            argument = "fraction"
        }
        if !options.replace, n > rowCount {
            throw FrameError(
                .invalidArgument,
                "cannot draw \(Self.rowsText(n)) from \(Self.rowsText(rowCount)) without replacement",
                hint: argument == "n"
                    ? "ask for at most \(rowCount) rows, or set `replace: true`"
                    : "use a fraction of at most 1, or set `replace: true`",
                argument: argument)
        }
        if options.replace, n > 0, rowCount == 0 {
            throw FrameError(
                .invalidArgument, "cannot draw \(Self.rowsText(n)) from a frame without rows",
                hint: "sample a frame that has rows", argument: argument)
        }
        var random = Xoshiro256StarStar(seed: options.seed)
        var chosen: [Int]
        if let stratify = options.stratify {
            let column: Column
            do { column = try self.column(named: stratify) } catch let error as FrameError {
                throw error.about("stratify")
            }
            chosen = Self.stratifiedDraw(
                FactorizedColumn(column.values, missingIsValue: true), n: n, replace: options.replace,
                random: &random)
            if options.shuffle { random.shuffle(&chosen) }
        } else {
            chosen = Self.draw(from: Array(0..<rowCount), n: n, replace: options.replace, random: &random)
        }
        if !options.shuffle { chosen.sort() }
        return chosen
    }

    /// `n` rows of `pool` in the order drawn: a partial Fisher–Yates shuffle without replacement,
    /// `n` uniform picks with it.
    private static func draw(
        from pool: [Int], n: Int, replace: Bool, random: inout Xoshiro256StarStar
    ) -> [Int] {
        guard n > 0 else { return [] }
        if replace {
            return (0..<n).map { _ in pool[Int(random.nextInt(below: UInt64(pool.count)))] }
        }
        var pool = pool
        for i in 0..<n {
            let j = i + Int(random.nextInt(below: UInt64(pool.count - i)))
            pool.swapAt(i, j)
        }
        return Array(pool[0..<n])
    }

    /// Each class's rows drawn in turn (classes in order of first appearance), with the
    /// largest-remainder counts of ``approximateMode(_:draws:)``.
    private static func stratifiedDraw(
        _ classes: FactorizedColumn, n: Int, replace: Bool, random: inout Xoshiro256StarStar
    ) -> [Int] {
        // The rows of each class, gathered with one counting pass.
        var counts = [Int](repeating: 0, count: classes.count)
        for code in classes.codes { counts[Int(code)] += 1 }
        var start = [Int](repeating: 0, count: classes.count + 1)
        for k in 0..<classes.count { start[k + 1] = start[k] + counts[k] }
        var next = start
        var grouped = [Int](repeating: 0, count: classes.codes.count)
        for (row, code) in classes.codes.enumerated() {
            grouped[next[Int(code)]] = row
            next[Int(code)] += 1
        }
        let quotas = approximateMode(counts, draws: n)
        var chosen: [Int] = []
        chosen.reserveCapacity(n)
        for k in 0..<classes.count {
            let members = Array(grouped[start[k]..<start[k + 1]])
            chosen += draw(from: members, n: quotas[k], replace: replace, random: &random)
        }
        return chosen
    }
}
