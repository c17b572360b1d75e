import CQuireKernels
import Foundation
import QuireSupport

/// Data drift: per-column tests of a current frame against a reference.
///
/// Columns are profiled (finite numbers kept, categories counted) in parallel, then tested with the
/// method chosen per column. See `docs/monitoring.md` for the automatic choice, every formula,
/// binning, small-value handling and statuses.
public enum Drift {
    /// Compares a current frame with a reference frame.
    ///
    /// - Parameters:
    ///   - reference: the data the model was built on.
    ///   - current: the data to check.
    ///   - options: methods, thresholds, columns; see ``DriftOptions``.
    ///   - scope: where the columns' summaries and histograms are kept for other comparisons of
    ///     the same data (``DriftMemo``); nil computes them here.
    /// - Returns: one ``ColumnDrift`` per tested column and the data-set verdict.
    /// - Throws: ``FrameError`` when a tested column is missing from either frame, the kinds of a
    ///   column differ, or a method does not apply to a column's kind.
    public static func compare(
        reference: Frame, current: Frame, options: DriftOptions = DriftOptions(), scope: DriftMemo.Scope? = nil
    ) throws -> DriftResult {
        let names = try testedColumns(
            referenceNames: reference.columnNames,
            dates: Set(reference.columns.filter { $0.kind == .date }.map(\.name)),
            current: current, options: options)
        let referenceColumns = try names.map { try reference.column(named: $0) }
        let currentColumns = try names.map { try current.column(named: $0) }
        for (r, c) in zip(referenceColumns, currentColumns) where r.kind != c.kind {
            throw kindMismatch(r.name, r.kind, c.kind)
        }
        let profiles = try Self.profiles(of: referenceColumns + currentColumns)
        let count = names.count
        return try compare(
            references: Array(profiles[0..<count]), currents: Array(profiles[count...]), options: options,
            scope: scope)
    }

    /// Compares a current frame with a saved reference profile; the result equals that of
    /// comparing with the reference frame itself.
    ///
    /// - Throws: ``FrameError`` as ``compare(reference:current:options:)-(Frame,_,_)``.
    public static func compare(reference: DriftReference, current: Frame, options: DriftOptions = DriftOptions())
        throws -> DriftResult
    {
        let names = try testedColumns(
            referenceNames: reference.columns.map(\.name),
            dates: Set(reference.columns.filter { $0.kind == .date }.map(\.name)), current: current, options: options)
        // `testedColumns` returns only names the reference has, so no name is dropped here.
        let references = names.compactMap { reference[$0] }
        let currentColumns = try names.map { try current.column(named: $0) }
        for (r, c) in zip(references, currentColumns) where r.kind != c.kind {
            throw kindMismatch(r.name, r.kind, c.kind)
        }
        return try compare(references: references, currents: profiles(of: currentColumns), options: options)
    }

    // MARK: - Internals

    /// Profiles columns in parallel; `sorted` sorts their values too (for a saved reference), and
    /// `points` keeps numeric columns as at most that many points (a compact reference).
    static func profiles(of columns: [Column], sorted: Bool = false, points: Int? = nil) throws(CancellationError)
        -> [DriftColumnProfile]
    {
        try Parallel.map(columns.count, threads: ProcessInfo.processInfo.activeProcessorCount) { index in
            let profile = DriftColumnProfile(columns[index])
            if let points { return profile.compacted(points: points) }
            return sorted ? profile.sorted() : profile
        }
    }

    /// The columns to test: `include`, or every shared column except dates. Drift does not test
    /// date columns: a later batch has later dates by nature, so every test would flag them.
    private static func testedColumns(
        referenceNames: [String], dates: Set<String>, current: Frame, options: DriftOptions
    ) throws -> [String] {
        let undated = dates.union(current.columns.filter { $0.kind == .date }.map(\.name))
        for name in (options.include ?? []) + options.columns.keys.sorted() where undated.contains(name) {
            throw FrameError(
                .wrongKind, "drift: `\(name)` is a date column, and drift does not test dates",
                hint:
                    "a later batch always has later dates; derive e.g. month(\(name)) or weekday(\(name)) and test that",
                argument: options.include?.contains(name) == true ? "include" : "columns")
        }
        if let include = options.include {
            for name in include {
                guard referenceNames.contains(name) else {
                    throw FrameError(
                        .unknownColumn, "drift: `include` names `\(name)`, which the reference does not have",
                        hint: Suggestions.hint(for: name, among: referenceNames), argument: "include")
                }
                guard current.index(of: name) != nil else {
                    throw FrameError(
                        .unknownColumn, "drift: `include` names `\(name)`, which the current data does not have",
                        hint: Suggestions.hint(for: name, among: current.columnNames), argument: "include")
                }
            }
            guard !include.isEmpty else {
                throw FrameError(
                    .invalidArgument, "drift: `include` lists no columns, so nothing would be tested",
                    hint: "name the columns to test, or remove `include` to test every shared column",
                    argument: "include")
            }
            return include
        }
        let names = referenceNames.filter { current.index(of: $0) != nil && !undated.contains($0) }
        // Testing nothing would report "no drift" and pass every gate.
        guard !names.isEmpty else {
            func list(_ names: [String]) -> String {
                names.isEmpty ? "none" : names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
            }
            throw FrameError(
                .invalidArgument, "drift: the reference and the current data have no column in common",
                hint: "the reference has \(list(referenceNames)); the current data has \(list(current.columnNames))",
                argument: "current")
        }
        for name in options.columns.keys where !names.contains(name) {
            throw FrameError(
                .unknownColumn, "drift: `columns` names `\(name)`, which is not in both frames",
                hint: Suggestions.hint(for: name, among: names), argument: "columns")
        }
        return names
    }

    private static func kindMismatch(_ name: String, _ reference: ColumnKind, _ current: ColumnKind) -> FrameError {
        FrameError(
            .wrongKind, "drift: column `\(name)` is \(reference) in the reference but \(current) in the current data",
            hint: "load both with the same column types (e.g. `types: {\(name): \(reference)}`)")
    }

    private static func compare(
        references: [DriftColumnProfile], currents: [DriftColumnProfile], options: DriftOptions,
        scope: DriftMemo.Scope? = nil
    ) throws -> DriftResult {
        if let bins = options.bins, bins < 1 {
            throw FrameError(
                .invalidArgument, "drift: bins must be at least 1, got \(bins)", hint: "omit bins for Sturges' rule",
                argument: "bins")
        }
        guard options.driftShare > 0 && options.driftShare <= 1 else {
            throw FrameError(
                .invalidArgument, "drift: drift_share must be in (0, 1], got \(options.driftShare)",
                argument: "drift_share")
        }
        let results = try Parallel.map(
            references.count, threads: ProcessInfo.processInfo.activeProcessorCount
        ) { index in
            // Each column's error as thrown (a FrameError, or the step's cancellation), the first
            // in column order rethrown below.
            Result { try test(references[index], currents[index], options: options, scope: scope) }
        }
        let columns = try results.map { try $0.get() }
        let drifted = columns.filter(\.drifted).count
        let share = columns.isEmpty ? 0 : Double(drifted) / Double(columns.count)
        let datasetDrift = !columns.isEmpty && share >= options.driftShare
        var status = columns.map(\.status).max() ?? .ok
        if datasetDrift { status = .alert }
        return DriftResult(
            columns: columns, driftedCount: drifted, driftShare: share, driftShareThreshold: options.driftShare,
            datasetDrift: datasetDrift, status: status)
    }

    /// Evidently's automatic choice (see `docs/monitoring.md`).
    static func automaticMethod(reference: DriftColumnProfile, current: DriftColumnProfile) -> DriftMethod {
        let distinct = jointDistinctCount(reference, current, limit: 6)
        if reference.presentCount <= DriftOptions.smallReferenceLimit {
            if reference.kind == .numeric && distinct > 5 { return .ks }
            return distinct > 2 ? .chiSquare : .z
        }
        if reference.kind == .numeric && distinct > 5 { return .wasserstein }
        return .jensenShannon
    }

    /// The number of distinct values over both samples, counting no further than `limit`.
    static func jointDistinctCount(_ reference: DriftColumnProfile, _ current: DriftColumnProfile, limit: Int) -> Int {
        if reference.kind == .categorical {
            return Set(reference.categories).union(current.categories).count
        }
        let seen = reference.distinctNumbers(limit: limit)
        return current.distinctNumbers(limit: limit, seed: seen).count
    }

    static func test(
        _ profile: DriftColumnProfile, _ current: DriftColumnProfile, options: DriftOptions,
        scope: DriftMemo.Scope? = nil
    ) throws -> ColumnDrift {
        // A compact profile's points, repeated by their counts: every method reads them as values.
        let reference = profile.expanded()
        let approximation = reference.approximation
        let name = reference.name
        let perColumn = options.columns[name]
        let method =
            perColumn?.method ?? options.method
            ?? automaticMethod(reference: reference, current: current)
        if reference.kind == .categorical && (method == .ks || method == .wasserstein) {
            throw FrameError(
                .wrongKind, "drift: \(method.rawValue) needs a numeric column, but `\(name)` is categorical",
                hint: "use chi_square, jensen_shannon, psi, kl or z for categorical columns",
                argument: perColumn?.method != nil ? "columns" : "method")
        }
        let threshold = perColumn?.threshold ?? options.threshold ?? method.defaultThreshold
        let warnThreshold =
            perColumn?.warnThreshold ?? options.warnThreshold ?? method.defaultWarnThreshold(for: threshold)
        let histogram = DriftMemo.histogram(
            in: scope, column: name, bins: options.bins, numeric: reference.kind == .numeric
        ) {
            columnHistogram(reference, current, bins: options.bins)
        }
        let referenceSample = DriftMemo.sample(in: scope, of: \.reference, column: name) { DriftSample(reference) }
        let currentSample = DriftMemo.sample(in: scope, of: \.current, column: name) { DriftSample(current) }
        var drift = ColumnDrift(
            column: name, kind: reference.kind, method: method, statistic: nil, pValue: nil, threshold: threshold,
            warnThreshold: warnThreshold, status: .warn, drifted: false, referenceCount: reference.presentCount,
            currentCount: current.presentCount, referenceMissing: reference.missing, currentMissing: current.missing,
            referenceInfinite: reference.infinite, currentInfinite: current.infinite, histogram: histogram, note: nil,
            reference: referenceSample, current: currentSample)
        guard reference.presentCount > 0, current.presentCount > 0 else {
            drift.note =
                reference.presentCount == 0
                ? "no present values in the reference" : "no present values in the current data"
            return drift
        }
        switch method {
        case .ks:
            // Both sides have present values (checked above), so the joint range exists.
            let best = BucketedKS.largestDifference(
                reference.values, current.values, range: jointRange(reference, current) ?? 0...0)
            let sizes = (reference.presentCount, current.presentCount)
            let result = KolmogorovSmirnov.test(largestDifference: best, sizes: sizes)
            drift.statistic = result.statistic
            drift.pValue = result.pValue
            if let approximation {
                (drift.scoreRange, drift.note) = ksRange(best: best, sizes: sizes, ecdfError: approximation.ecdfError)
            }
        case .wasserstein:
            let distance = DriftStatistics.normalizedWasserstein(
                reference: reference.sortedValues, current: current.sortedValues,
                populationStd: approximation?.populationStd)
            drift.statistic = distance
            if let approximation {
                // |W(compact, current) − W(data, current)| ≤ W(data, compact), by the triangle inequality.
                let slack = approximation.wassersteinError / Swift.max(approximation.populationStd, 0.001)
                let range = Swift.max(0, distance - slack)...(distance + slack)
                drift.scoreRange = range
                drift.note =
                    "compact reference profile: against the data itself the distance is between "
                    + "\(NumberFormat.decimal(range.lowerBound)) and \(NumberFormat.decimal(range.upperBound))"
            }
        case .psi, .kl, .jensenShannon:
            let (r, c) =
                options.binning == .quantile && reference.kind == .numeric
                ? quantileCounts(reference, current, bins: options.bins ?? 10)
                : binnedCounts(reference, current, histogram: histogram)
            let fill = method != .jensenShannon
            let rs = DriftStatistics.shares(r, total: reference.presentCount, fillZeros: fill)
            let cs = DriftStatistics.shares(c, total: current.presentCount, fillZeros: fill)
            switch method {
            case .psi: drift.statistic = DriftStatistics.populationStabilityIndex(reference: rs, current: cs)
            case .kl: drift.statistic = DriftStatistics.kullbackLeibler(reference: rs, current: cs)
            default: drift.statistic = DriftStatistics.jensenShannon(reference: rs, current: cs)
            }
            if let approximation {
                drift.note =
                    "compact reference profile: bins counted on its points, each reference count within "
                    + "\(NumberFormat.integer(2 * approximation.ecdfError)) of the data's"
            }
        case .chiSquare:
            let (keys, r, c) = jointValueCounts(reference, current)
            if keys.count == 1 {
                // One value in both samples: scipy's p-value is NaN (0 degrees of freedom); no drift.
                drift.statistic = 0
                drift.pValue = 1
                break
            }
            let scale = Double(current.presentCount) / Double(reference.presentCount)
            let result = DriftStatistics.chiSquare(
                observed: c.map(Double.init), expected: r.map { Double($0) * scale })
            drift.statistic = result.statistic
            drift.pValue = result.pValue
        case .z:
            let (keys, r, c) = jointValueCounts(reference, current)
            if keys.count == 1 {
                // Both samples hold one and the same value: no difference (Evidently's p = 1).
                drift.statistic = 0
                drift.pValue = 1
            } else {
                // Evidently codes the first value (in sorted order) as 0 and every other value as 1.
                let result = DriftStatistics.proportionsZTest(
                    referenceHits: reference.presentCount - r[0], referenceCount: reference.presentCount,
                    currentHits: current.presentCount - c[0],
                    currentCount: current.presentCount)
                drift.statistic = result.statistic
                drift.pValue = result.pValue
                if keys.count > 2 { drift.note = "z-test of the share of `\(keys[0])` against all other values" }
            }
        }
        if approximation != nil && (method == .chiSquare || method == .z) {
            let counted = "compact reference profile: counted on its points, not the data's values"
            drift.note = drift.note.map { "\($0); \(counted)" } ?? counted
        }
        guard let score = drift.score, !score.isNaN else {
            drift.note = drift.note ?? "the score is undefined for these values"
            return drift
        }
        if method.isPValueTest {
            drift.status = score <= threshold ? .alert : score <= warnThreshold ? .warn : .ok
        } else {
            drift.status = score >= threshold ? .alert : score >= warnThreshold ? .warn : .ok
        }
        drift.drifted = drift.status == .alert
        return drift
    }

    /// The p-values and statistics that Kolmogorov–Smirnov could give against the data a compact
    /// reference stands for: its counting function is within `ecdfError` values of the data's,
    /// so the largest `|i·n₂ − j·n₁|` is within `ecdfError · n₂` of `best`. The range is of the
    /// p-value (the score), and the note says both.
    static func ksRange(best: Int, sizes: (Int, Int), ecdfError: Int) -> (ClosedRange<Double>, String) {
        let (n1, n2) = sizes
        let (slack, overflow) = ecdfError.multipliedReportingOverflow(by: n2)
        let (most, tooMany) = n1.multipliedReportingOverflow(by: n2)
        let (sum, past) = best.addingReportingOverflow(slack)
        let largest = overflow || tooMany || past ? Int.max : Swift.min(most, sum)
        let low = KolmogorovSmirnov.test(largestDifference: overflow ? 0 : Swift.max(0, best - slack), sizes: sizes)
        let high = KolmogorovSmirnov.test(largestDifference: largest, sizes: sizes)
        let note =
            "compact reference profile: against the data itself D is between "
            + "\(NumberFormat.decimal(low.statistic)) and \(NumberFormat.decimal(high.statistic)), "
            + "p between \(NumberFormat.pValue(high.pValue)) and \(NumberFormat.pValue(low.pValue))"
        return (high.pValue...low.pValue, note)
    }

    /// Counts per distinct value over the union of both samples' values, in sorted order
    /// (numbers numerically, categories by name).
    static func jointValueCounts(_ reference: DriftColumnProfile, _ current: DriftColumnProfile)
        -> (keys: [String], reference: [Int], current: [Int])
    {
        let r = reference.valueCounts(), c = current.valueCounts()
        var keys: [String] = []
        var rc: [Int] = [], cc: [Int] = []
        var i = 0, j = 0
        let numeric = reference.kind == .numeric
        while i < r.count || j < c.count {
            let takeR: Bool, takeC: Bool
            if i >= r.count {
                (takeR, takeC) = (false, true)
            } else if j >= c.count {
                (takeR, takeC) = (true, false)
            } else if numeric {
                (takeR, takeC) = (r[i].number <= c[j].number, c[j].number <= r[i].number)
            } else {
                (takeR, takeC) = (r[i].key <= c[j].key, c[j].key <= r[i].key)
            }
            keys.append(takeR ? r[i].key : c[j].key)
            rc.append(takeR ? r[i].count : 0)
            cc.append(takeC ? c[j].count : 0)
            if takeR { i += 1 }
            if takeC { j += 1 }
        }
        return (keys, rc, cc)
    }

    /// Evidently's bins for PSI, KL and Jensen–Shannon: equal-width over the joint range for
    /// numeric columns with more than 20 distinct reference values (the plotting histogram's
    /// bins), else one bin per value.
    static func binnedCounts(_ reference: DriftColumnProfile, _ current: DriftColumnProfile, histogram: DriftHistogram)
        -> (reference: [Int], current: [Int])
    {
        if reference.kind == .numeric
            && reference.distinctNumbers(limit: DriftOptions.categoricalValueLimit + 1).count
                > DriftOptions.categoricalValueLimit
        {
            return (histogram.reference, histogram.current)
        }
        let joint = jointValueCounts(reference, current)
        return (joint.reference, joint.current)
    }

    /// Counts of reference and current values in `bins` bins cut at the reference's quantiles
    /// `i / bins` (numpy's linear method, the fractions as `numpy.linspace` makes them): a value
    /// `x` goes to the bin numbered by how many cut points are at most `x`
    /// (`numpy.searchsorted(edges, x, side="right")`), so the first bin is open below and the last
    /// above. Cut points that coincide (many ties) leave empty bins, filled as any empty bin is.
    ///
    /// The cut points come from the reference's order statistics, selected without sorting or
    /// copying the values (``Selection/select(_:ranks:range:)``) unless the profile is sorted
    /// already (a saved reference); values are then counted in any order.
    static func quantileCounts(_ reference: DriftColumnProfile, _ current: DriftColumnProfile, bins: Int)
        -> (reference: [Int], current: [Int])
    {
        let step = 1 / Double(bins)
        let fractions = (1..<max(bins, 1)).map { Double($0) * step }
        let values = reference.values
        let edges: [Double]
        if reference.isSorted {
            edges = fractions.map { Statistics.quantile(sorted: values, $0) }
        } else {
            let ranks = Set(
                fractions.flatMap { fraction -> [Int] in
                    let (below, above) = Statistics.quantileRanks(count: values.count, fraction)
                    return [below, above]
                }
            ).sorted()
            let range = reference.range ?? 0...0
            let selected = values.withUnsafeBufferPointer { Selection.select($0, ranks: ranks, range: range) }
            edges = fractions.map { Statistics.quantile(count: values.count, $0) { selected[$0] ?? .nan } }
        }
        return (binCounts(values, edges: edges), binCounts(current.values, edges: edges))
    }

    /// How many values fall in each of the `edges.count + 1` bins the ascending cut points make:
    /// a value's bin is the number of cut points at most the value (`quire_bin_counts`, branch-free
    /// with four interleaved tallies).
    static func binCounts(_ values: [Double], edges: [Double]) -> [Int] {
        let binCount = edges.count + 1
        var tallies = [Int](repeating: 0, count: 4 * binCount)
        quire_bin_counts(values, values.count, edges, edges.count, &tallies)
        return DriftStatistics.fold(tallies, bins: binCount)
    }

    /// The range of both samples' finite values (`nil` when neither has any).
    static func jointRange(_ reference: DriftColumnProfile, _ current: DriftColumnProfile) -> ClosedRange<Double>? {
        let ranges = [reference.range, current.range].compactMap { $0 }
        guard let low = ranges.map(\.lowerBound).min(), let high = ranges.map(\.upperBound).max() else { return nil }
        return low...high
    }

    /// numpy's `"sturges"` bin count: width = range / (log₂ n + 1), bins = ⌈range / width⌉ (1 when
    /// the range is 0).
    static func sturgesBins(low: Double, high: Double, size: Int) -> Int {
        let range = high - low
        let width = range / (log2(Double(size)) + 1)
        guard width > 0, width.isFinite else { return 1 }
        return Int((range / width).rounded(.up))
    }

    /// The column's histogram: for numbers, equal-width bins over the joint range of both samples
    /// (Sturges' rule unless `bins` is given); for categories, one bar per category.
    private static func columnHistogram(_ reference: DriftColumnProfile, _ current: DriftColumnProfile, bins: Int?)
        -> DriftHistogram
    {
        if reference.kind == .numeric {
            let range = jointRange(reference, current)
            let low = range?.lowerBound ?? 0, high = range?.upperBound ?? 0
            let count = bins ?? sturgesBins(low: low, high: high, size: reference.presentCount + current.presentCount)
            let edges = DriftStatistics.equalWidthEdges(low: low, high: high, bins: count)
            return DriftHistogram(
                edges: edges, reference: DriftStatistics.histogram(reference, edges: edges),
                current: DriftStatistics.histogram(current, edges: edges))
        }
        let joint = jointValueCounts(reference, current)
        return DriftHistogram(categories: joint.keys, reference: joint.reference, current: joint.current)
    }
}
