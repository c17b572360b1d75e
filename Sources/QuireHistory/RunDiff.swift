import Foundation

/// Two runs of a notebook side by side: what they were run with (params, data, code and engine),
/// which steps computed from something different, and how every metric and monitor moved.
///
/// Computed from two ``RunSnapshot``s alone, so a run in the database, a summary file and a
/// summary committed at a git revision compare the same way. Which way a metric or a monitor
/// status is better is not decided here but by the ``Judgement`` given (the engine's, from
/// QuireService), so there is one source for it.
public struct RunDiff: Sendable, Equatable {
    /// How an entry differs between the runs.
    public enum Change: String, Sendable {
        /// The same in both.
        case same
        /// In both, different.
        case changed
        /// Only in B.
        case added
        /// Only in A.
        case removed
        /// One run does not record it (a summary file has no git commit): not a difference.
        case unknown
    }

    /// Which way a metric moved, by its direction.
    public enum Verdict: String, Sendable {
        /// Higher where higher is better, or lower where lower is.
        case better
        /// The other way.
        case worse
    }

    /// What decides which way is better: the metric's direction and the monitor statuses' order.
    public struct Judgement: Sendable {
        /// Whether a larger value of the metric (scikit-learn's name, `roc_auc`) is better.
        public var higherIsBetter: @Sendable (String) -> Bool
        /// How severe a monitor status is (`ok` < `warn` < `alert`); nil for one not known.
        public var severity: @Sendable (String) -> Int?

        /// A judgement from the two rules.
        public init(
            higherIsBetter: @escaping @Sendable (String) -> Bool, severity: @escaping @Sendable (String) -> Int?
        ) {
            self.higherIsBetter = higherIsBetter
            self.severity = severity
        }
    }

    /// A named value of each run: a param (its JSON text), a data file (its digest), a fact of
    /// the code or engine.
    public struct Entry: Sendable, Equatable {
        /// The param's name, the file's path, or the fact (`notebook_digest`, `engine`,
        /// `quire_version`, `git_commit`, `git_dirty`).
        public var name: String
        /// Its value in A, if A has it.
        public var a: String?
        /// Its value in B, if B has it.
        public var b: String?
        /// How it differs.
        public var change: Change

        /// An entry with its values in A and B.
        public init(name: String, a: String?, b: String?, change: Change) {
            self.name = name
            self.a = a
            self.b = b
            self.change = change
        }
    }

    /// One step of either run.
    public struct Step: Sendable, Equatable {
        /// The step id.
        public var id: String
        /// Its op (B's, when both have it).
        public var op: String
        /// Its status in A (`ok`, `cached`, `failed`, `skipped`, `not-run`); nil when A has no such step.
        public var statusA: String?
        /// Its status in B.
        public var statusB: String?
        /// Its cache key in A.
        public var keyA: String?
        /// Its cache key in B.
        public var keyB: String?
        /// How its key differs: `changed` means it computed from something different.
        public var change: Change

        /// Whether it ended differently (`ok` and `cached` end the same way: with the result).
        public var statusChanged: Bool {
            func ending(_ status: String?) -> String? { status == "cached" ? "ok" : status }
            return ending(statusA) != ending(statusB)
        }

        /// The same key and the same ending.
        public var isSame: Bool { change == .same && !statusChanged }
    }

    /// One metric of either run.
    public struct Metric: Sendable, Equatable {
        /// The step that measured it.
        public var step: String
        /// The metric's name (`roc_auc`).
        public var name: String
        /// Its value in A (nil: absent, or not a number).
        public var a: Double?
        /// Its value in B.
        public var b: Double?
        /// Whether a larger value is better.
        public var higherIsBetter: Bool
        /// How it differs: `same` when the values are equal (or both not numbers).
        public var change: Change

        /// `step.name`.
        public var key: String { "\(step).\(name)" }
        /// B − A, when both are numbers.
        public var delta: Double? {
            guard let a, let b, a.isFinite, b.isFinite else { return nil }
            return b - a
        }
        /// (B − A) / |A|, when both are numbers and A is not 0.
        public var relative: Double? {
            guard let delta, let a, a != 0 else { return nil }
            return delta / abs(a)
        }
        /// Better or worse by the metric's direction; nil when equal or not comparable.
        public var verdict: Verdict? {
            guard let delta, delta != 0 else { return nil }
            return (delta > 0) == higherIsBetter ? .better : .worse
        }
    }

    /// One monitor row of either run.
    public struct Monitor: Sendable, Equatable {
        /// The step that checked.
        public var step: String
        /// What was checked.
        public var subject: String
        /// The test (B's, when both have the row).
        public var test: String
        /// A's test, when A has the row: it differs from ``test`` when the row's bounds changed.
        public var testA: String?
        /// The status in A (`ok`, `warn`, `alert`); nil when A has no such row.
        public var statusA: String?
        /// The status in B.
        public var statusB: String?
        /// The value in A.
        public var a: Double?
        /// The value in B.
        public var b: Double?
        /// How it differs: `changed` when the status or the value differs.
        public var change: Change
        /// Whether B's status is more severe than A's.
        public var worse: Bool
        /// Whether B's status is less severe than A's.
        public var better: Bool

        /// `step: subject test`.
        public var key: String { "\(step): \(subject) \(test)" }
        /// B − A, when both are numbers.
        public var delta: Double? {
            guard let a, let b, a.isFinite, b.isFinite else { return nil }
            return b - a
        }
    }

    /// The first run.
    public var a: RunSnapshot
    /// The second run.
    public var b: RunSnapshot
    /// Every param of either run, by name.
    public var params: [Entry]
    /// Every data file of either run, by path.
    public var files: [Entry]
    /// The notebook's digest, the engine, the Quire version, the git commit and whether it was dirty.
    public var code: [Entry]
    /// Every step of either run: B's in plan order, then those only A has.
    public var steps: [Step]
    /// Every metric of either run: A's in order, then those only B has.
    public var metrics: [Metric]
    /// Every monitor row of either run: A's in order, then those only B has.
    public var monitors: [Monitor]

    /// Compares run `a` with run `b`, judging metrics and monitor statuses by `judgement`.
    public init(_ a: RunSnapshot, _ b: RunSnapshot, judgement: Judgement) {
        self.a = a
        self.b = b
        params = Self.entries(a.params, b.params)
        files = Self.entries(a.files, b.files)
        code = [
            Self.fact("notebook_digest", a.notebookDigest, b.notebookDigest),
            Self.fact("engine", a.engine, b.engine),
            Self.fact("quire_version", a.quireVersion, b.quireVersion),
            Self.fact("git_commit", a.gitCommit, b.gitCommit),
            Self.fact("git_dirty", a.gitDirty.map { String($0) }, b.gitDirty.map { String($0) }),
        ]
        steps = Self.steps(a.steps, b.steps)
        metrics = Self.metrics(a.metrics, b.metrics, judgement: judgement)
        monitors = Self.monitors(a.monitors, b.monitors, judgement: judgement)
    }

    /// Whether anything the runs were made with or measured differs.
    public var isSame: Bool {
        (params + files + code).allSatisfy { $0.change != .changed && $0.change != .added && $0.change != .removed }
            && steps.allSatisfy(\.isSame) && metrics.allSatisfy { $0.change == .same }
            && monitors.allSatisfy { $0.change == .same }
    }

    /// The steps whose keys differ: they computed from something different.
    public var changedKeys: [Step] { steps.filter { $0.change != .same } }

    private static func entries(_ a: [String: String], _ b: [String: String]) -> [Entry] {
        Set(a.keys).union(b.keys).sorted().map { name in
            let change: Change =
                switch (a[name], b[name]) {
                case (nil, _): .added
                case (_, nil): .removed
                case (let x, let y): x == y ? .same : .changed
                }
            return Entry(name: name, a: a[name], b: b[name], change: change)
        }
    }

    private static func fact(_ name: String, _ a: String?, _ b: String?) -> Entry {
        let change: Change =
            switch (a, b) {
            case (nil, nil): .same
            case (nil, _), (_, nil): .unknown
            case (let x, let y): x == y ? .same : .changed
            }
        return Entry(name: name, a: a, b: b, change: change)
    }

    private static func steps(_ a: [RunSnapshot.Step], _ b: [RunSnapshot.Step]) -> [Step] {
        let before = Dictionary(a.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(b.map(\.id))
        var steps: [Step] = b.map { step in
            guard let old = before[step.id] else {
                return Step(
                    id: step.id, op: step.op, statusA: nil, statusB: step.status, keyA: nil, keyB: step.key,
                    change: .added)
            }
            return Step(
                id: step.id, op: step.op, statusA: old.status, statusB: step.status, keyA: old.key, keyB: step.key,
                change: old.key == step.key && old.op == step.op ? .same : .changed)
        }
        for step in a where !after.contains(step.id) {
            steps.append(
                Step(
                    id: step.id, op: step.op, statusA: step.status, statusB: nil, keyA: step.key, keyB: nil,
                    change: .removed))
        }
        return steps
    }

    private static func metrics(_ a: [RunSnapshot.Metric], _ b: [RunSnapshot.Metric], judgement: Judgement)
        -> [Metric]
    {
        let after = Dictionary(b.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let before = Set(a.map(\.key))
        var metrics: [Metric] = []
        var seen: Set<String> = []
        for metric in a where seen.insert(metric.key).inserted {
            let other = after[metric.key]
            let change: Change =
                other == nil ? .removed : Self.same(metric.value, other?.value) ? .same : .changed
            metrics.append(
                Metric(
                    step: metric.step, name: metric.name, a: metric.value, b: other?.value,
                    higherIsBetter: judgement.higherIsBetter(metric.name), change: change))
        }
        for metric in b where !before.contains(metric.key) && seen.insert(metric.key).inserted {
            metrics.append(
                Metric(
                    step: metric.step, name: metric.name, a: nil, b: metric.value,
                    higherIsBetter: judgement.higherIsBetter(metric.name), change: .added))
        }
        return metrics
    }

    private static func monitors(_ a: [RunSnapshot.Monitor], _ b: [RunSnapshot.Monitor], judgement: Judgement)
        -> [Monitor]
    {
        // Rows are matched by step, subject and test; a row whose test is written differently
        // (an expectation's bound changed) is matched with the other run's unmatched row of the
        // same step and subject, in order.
        let keysA = Set(a.map(\.key))
        let keysB = Set(b.map(\.key))
        var unmatchedB: [String: [RunSnapshot.Monitor]] = [:]
        for row in b where !keysA.contains(row.key) {
            unmatchedB["\(row.step)\u{0}\(row.subject)", default: []].append(row)
        }
        var pairs: [(RunSnapshot.Monitor?, RunSnapshot.Monitor?)] = []
        var matched: Set<String> = []
        let rowsB = Dictionary(b.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for row in a where matched.insert("a\u{0}" + row.key).inserted {
            if keysB.contains(row.key) {
                pairs.append((row, rowsB[row.key]))
            } else if let other = unmatchedB["\(row.step)\u{0}\(row.subject)"]?.first {
                unmatchedB["\(row.step)\u{0}\(row.subject)"]?.removeFirst()
                matched.insert("b\u{0}" + other.key)
                pairs.append((row, other))
            } else {
                pairs.append((row, nil))
            }
        }
        for row in b where !keysA.contains(row.key) && matched.insert("b\u{0}" + row.key).inserted {
            pairs.append((nil, row))
        }
        return pairs.compactMap { old, new in
            guard let any = new ?? old else { return nil }
            let change: Change =
                switch (old, new) {
                case (nil, _): .added
                case (_, nil): .removed
                case (let x?, let y?):
                    x.status == y.status && x.test == y.test && Self.same(x.value, y.value) ? .same : .changed
                }
            let severityA = old.flatMap { judgement.severity($0.status) }
            let severityB = new.flatMap { judgement.severity($0.status) }
            var worse = false
            var better = false
            if let severityA, let severityB {
                worse = severityB > severityA
                better = severityB < severityA
            }
            return Monitor(
                step: any.step, subject: any.subject, test: any.test, testA: old?.test, statusA: old?.status,
                statusB: new?.status, a: old?.value, b: new?.value, change: change, worse: worse, better: better)
        }
    }

    /// Equal values, NaN and absent counting as equal to each other.
    private static func same(_ x: Double?, _ y: Double?) -> Bool {
        switch (x, y) {
        case (nil, nil): true
        case (let x?, let y?): x == y || (x.isNaN && y.isNaN)
        default: false
        }
    }
}
