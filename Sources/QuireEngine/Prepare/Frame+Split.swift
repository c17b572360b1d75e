extension Frame {
    /// Splits rows into train, test and optional validation sets.
    ///
    /// - Random (default): a seeded Fisher–Yates permutation; the first `n_test` permuted rows are
    ///   test, the next `n_valid` validation, the rest train.
    /// - Stratified (``SplitOptions/stratify``): scikit-learn's `StratifiedShuffleSplit`
    ///   allocation — per class, train gets `floor(n_train × share)` rows and leftover rows go to
    ///   the classes with the largest remainders (ties: the smaller class value first), then test
    ///   is allocated the same way from the rows left; each class's rows are permuted with the seed.
    ///   Missing values form a class of their own. With a validation set the test set is split off
    ///   first, then the validation set from the rest.
    /// - By time (``SplitOptions/orderBy``): a stable sort by the column; the last rows are test,
    ///   the ones before them validation.
    /// - Throws: ``FrameError`` for unknown columns, sizes that leave a set with fewer than two
    ///   rows, a stratified set with a single class, or missing values in the time column; its
    ///   ``FrameError/argument`` names the option at fault (`test_size`, `stratify`, …).
    public func split(_ options: SplitOptions) throws -> FrameSplit {
        let n = rowCount
        let testCount = try Self.size(options.testSize, of: n, name: "test_size")
        let validCount = try options.validSize.map { try Self.size($0, of: n, name: "valid_size") } ?? 0
        // A set of one row trains nothing and scores NaN (an AUC, a std): refuse it here, by name.
        let trainCount = n - testCount - validCount
        guard trainCount >= 2 else {
            throw FrameError(
                .invalidArgument,
                "the split leaves \(Self.rowsText(max(trainCount, 0))) for training (\(n) rows, \(testCount) test, \(validCount) validation)",
                hint: "use a smaller test_size / valid_size, or more rows; every set needs at least 2 rows",
                argument: testCount >= validCount ? "test_size" : "valid_size")
        }
        guard testCount >= 2 else {
            throw FrameError(
                .invalidArgument, "the split leaves \(Self.rowsText(testCount)) in the test set (\(n) rows)",
                hint: "every set needs at least 2 rows: use a larger test_size (a fraction below 1, or a row count)",
                argument: "test_size")
        }
        if options.validSize != nil, validCount < 2 {
            throw FrameError(
                .invalidArgument, "the split leaves \(Self.rowsText(validCount)) in the validation set (\(n) rows)",
                hint: "every set needs at least 2 rows: use a larger valid_size", argument: "valid_size")
        }
        if let time = options.orderBy {
            guard options.stratify == nil else {
                throw FrameError(
                    .invalidArgument, "a split cannot be both stratified and ordered by time",
                    hint: "remove `stratify` or `order_by`", argument: "order_by")
            }
            let order: [Int]
            do { order = try timeOrder(of: column(named: time)) } catch let error as FrameError {
                throw error.about("order_by")
            }
            let trainEnd = n - testCount - validCount
            return FrameSplit(
                train: rows(Array(order[0..<trainEnd])), test: rows(Array(order[(n - testCount)...])),
                valid: options.validSize == nil ? nil : rows(Array(order[trainEnd..<(n - testCount)])))
        }
        var random = Xoshiro256StarStar(seed: options.seed)
        if let stratify = options.stratify {
            let classes: [[Int]]
            do { classes = try classIndices(of: column(named: stratify)) } catch let error as FrameError {
                throw error.about("stratify")
            }
            let (rest, test) = Self.stratifiedSplit(classes, testCount: testCount, random: &random)
            var train = rest
            var valid: [Int] = []
            if validCount > 0 {
                let kept = Set(rest)
                let remaining = classes.map { members in members.filter { kept.contains($0) } }
                (train, valid) = Self.stratifiedSplit(remaining, testCount: validCount, random: &random)
            }
            try Self.requireClasses(
                classes, in: [("training", train), ("test", test)] + (validCount > 0 ? [("validation", valid)] : []),
                column: stratify)
            return splitRows(test: test, valid: validCount > 0 ? valid : [], hasValid: options.validSize != nil)
        }
        var permutation = Array(0..<n)
        random.shuffle(&permutation)
        return splitRows(
            test: permutation[0..<testCount], valid: permutation[testCount..<(testCount + validCount)],
            hasValid: options.validSize != nil)
    }

    /// The three sets, each in the frame's row order: the test and validation rows as given (in any
    /// order), the training set every other row. One pass over a label per row, not three sorts.
    private func splitRows<Rows: Collection<Int>>(test: Rows, valid: Rows, hasValid: Bool) -> FrameSplit {
        // 0 train, 1 test, 2 validation.
        var label = [UInt8](repeating: 0, count: rowCount)
        for row in test { label[row] = 1 }
        for row in valid { label[row] = 2 }
        var sets: [[Int]] = [[], [], []]
        sets[1].reserveCapacity(test.count)
        sets[2].reserveCapacity(valid.count)
        sets[0].reserveCapacity(rowCount - test.count - valid.count)
        for row in 0..<rowCount { sets[Int(label[row])].append(row) }
        return FrameSplit(train: rows(sets[0]), test: rows(sets[1]), valid: hasValid ? rows(sets[2]) : nil)
    }

    static func size(_ value: Double, of n: Int, name: String) throws -> Int {
        if value > 0 && value < 1 { return Int((value * Double(n)).rounded(.up)) }
        if SplitOptions.isSize(value), value >= 1, value <= Double(n) { return Int(value) }
        throw FrameError(
            .invalidArgument, "\(name) is \(value)",
            hint: "give a fraction between 0 and 1, or a whole number of rows up to \(n)", argument: name)
    }

    static func rowsText(_ count: Int) -> String { count == 1 ? "1 row" : "\(count) rows" }

    /// Refuses a stratified split where a set holds a single class of the column (its metrics
    /// would be undefined), naming the set.
    static func requireClasses(_ classes: [[Int]], in sets: [(name: String, rows: [Int])], column: String) throws {
        guard classes.count >= 2 else {
            throw FrameError(
                .invalidArgument, "the stratify column `\(column)` has a single class, so every set would too",
                hint: "stratify by a column with at least two classes (usually the target)", argument: "stratify")
        }
        // Every row is in one class (missing values form their own).
        let rowCount = classes.reduce(0) { $0 + $1.count }
        var classOf = [Int32](repeating: -1, count: rowCount)
        for (k, members) in classes.enumerated() { for row in members { classOf[row] = Int32(k) } }
        for set in sets where !set.rows.contains(where: { classOf[$0] != classOf[set.rows[0]] }) {
            throw FrameError(
                .invalidArgument,
                "the split leaves a single class of `\(column)` in the \(set.name) set (\(Self.rowsText(set.rows.count)))",
                hint: "use a larger test_size, more rows, or merge the rarest classes", argument: "test_size")
        }
    }

    /// Row indices per class, classes in ascending order of value (missing last).
    func classIndices(of column: Column) throws -> [[Int]] {
        switch column.values {
        case .numeric(let numbers), .date(let numbers):
            var groups: [Double: [Int]] = [:]
            var missing: [Int] = []
            for (i, x) in numbers.enumerated() {
                if x.isNaN { missing.append(i) } else { groups[x == 0 ? 0 : x, default: []].append(i) }
            }
            return groups.sorted { $0.key < $1.key }.map(\.value) + (missing.isEmpty ? [] : [missing])
        case .categorical(let strings):
            // By code (no text per row), then merged by text: equal texts under two codes are one class.
            var byCode = [[Int]](repeating: [], count: strings.categories.count)
            var missing: [Int] = []
            for (i, code) in strings.codes.enumerated() {
                if code < 0 { missing.append(i) } else { byCode[Int(code)].append(i) }
            }
            var codesOf: [String: [Int]] = [:]
            for (code, members) in byCode.enumerated() where !members.isEmpty {
                codesOf[strings.categories[code], default: []].append(code)
            }
            // A class of several codes gets its rows back in row order, as one pass would give.
            let classes = codesOf.sorted { $0.key < $1.key }.map { _, codes in
                codes.count == 1 ? byCode[codes[0]] : codes.flatMap { byCode[$0] }.sorted()
            }
            return classes + (missing.isEmpty ? [] : [missing])
        }
    }

    /// scikit-learn's `_approximate_mode` with deterministic tie-breaking.
    static func approximateMode(_ counts: [Int], draws: Int) -> [Int] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        let continuous = counts.map { Double($0) * Double(draws) / Double(total) }
        var floored = continuous.map { Int($0.rounded(.down)) }
        var need = draws - floored.reduce(0, +)
        if need > 0 {
            let remainders = zip(continuous, floored).map { $0 - Double($1) }
            // Largest remainder first; equal remainders: smaller class index first.
            let order = remainders.indices.sorted {
                remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
            }
            for index in order where need > 0 {
                floored[index] += 1
                need -= 1
            }
        }
        return floored
    }

    /// Splits classes into (rest, drawn) with `testCount` drawn rows, StratifiedShuffleSplit-style.
    static func stratifiedSplit(_ classes: [[Int]], testCount: Int, random: inout Xoshiro256StarStar) -> ([Int], [Int])
    {
        let counts = classes.map(\.count)
        let total = counts.reduce(0, +)
        let trainCounts = approximateMode(counts, draws: total - testCount)
        let left = zip(counts, trainCounts).map { $0 - $1 }
        let testCounts = approximateMode(left, draws: testCount)
        var rest: [Int] = []
        var drawn: [Int] = []
        for (k, members) in classes.enumerated() {
            var order = Array(members.indices)
            random.shuffle(&order)
            let permuted = order.map { members[$0] }
            rest.append(contentsOf: permuted[0..<trainCounts[k]])
            drawn.append(contentsOf: permuted[trainCounts[k]..<(trainCounts[k] + testCounts[k])])
        }
        return (rest, drawn)
    }

    func timeOrder(of column: Column) throws -> [Int] {
        let missing = column.missingCount
        guard missing == 0 else {
            throw FrameError(
                .missingValues,
                "the time column `\(column.name)` has \(missing) missing value\(missing == 1 ? "" : "s")",
                hint: "filter them out first, e.g. `filter: not is_missing(\(column.name))`")
        }
        let indices = Array(0..<rowCount)
        switch column.values {
        case .numeric(let numbers), .date(let numbers):
            return indices.sorted { numbers[$0] != numbers[$1] ? numbers[$0] < numbers[$1] : $0 < $1 }
        case .categorical(let strings):
            // Text times sort as text: ISO 8601 dates (2024-01-31) sort correctly.
            // No value is missing (checked above), so `?? ""` never applies.
            let keys = indices.map { strings[$0] ?? "" }
            return indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        }
    }
}
