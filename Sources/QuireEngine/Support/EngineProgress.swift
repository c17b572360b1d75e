import Dispatch
import Synchronization

/// How far one phase of engine work has come: trees of a forest, rows of a CSV file.
public struct ProgressSnapshot: Sendable, Hashable {
    /// What the phase does, in a few words: `forest`, `boosting`, `reading data.csv`.
    public var label: String
    /// What it counts, plural: `trees`, `iterations`, `rows`.
    public var unit: String
    /// Units done.
    public var done: Int
    /// Units in all, when known beforehand (a CSV file's rows are not).
    public var total: Int?
    /// The share done, 0…1: `done / total`, or a finer measure when there is one (a CSV file's bytes).
    public var fraction: Double

    /// A snapshot of `done` of `total` `unit` of the phase `label`.
    public init(label: String, unit: String, done: Int, total: Int?, fraction: Double) {
        self.label = label
        self.unit = unit
        self.done = done
        self.total = total
        self.fraction = fraction
    }
}

/// Where a piece of engine work reports its progress: carried by ``EngineWork`` to every loop of
/// the work, on any thread.
///
/// Phases are counted with atomics and reported through `report` at most once per `interval`,
/// in order: a report never shows less done than an earlier one of the same phase. A phase is
/// reported when it begins (unless a report was made less than `interval` before, as when a
/// step predicts row after row) and, once reported or longer than `interval`, when it ends; so a
/// short phase costs no report at all. One phase runs at a time: a phase begun inside another
/// (a forest's trees inside a cross-validation's fits) is not measured, so the outer one is what
/// is shown. Reporting only reads counters: it never changes what the work computes.
public final class ProgressSink: Sendable {
    private let report: @Sendable (ProgressSnapshot) -> Void
    private let interval: UInt64
    private let busy = Atomic<Bool>(false)
    /// Phases begun, numbering them.
    private let phases = Atomic<Int>(0)
    /// When the last report was made (monotonic nanoseconds since boot), ``never`` before the first.
    private let lastReport = Atomic<UInt64>(never)
    private static let never = UInt64.max
    /// The phase and snapshot last reported; the lock also keeps reports in order.
    private let delivered = Mutex<(phase: Int, snapshot: ProgressSnapshot)?>(nil)

    /// A sink that calls `report` at most once per `interval`, and when a reported phase ends.
    public init(interval: Duration = .milliseconds(100), report: @escaping @Sendable (ProgressSnapshot) -> Void) {
        let (seconds, attoseconds) = interval.components
        self.interval = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
        self.report = report
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Starts a phase, unless one is running.
    func begin(label: String, unit: String, total: Int?, work: Int?) -> ProgressMeter? {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return nil
        }
        let phase = phases.add(1, ordering: .relaxed).newValue
        let meter = ProgressMeter(sink: self, phase: phase, label: label, unit: unit, total: total, work: work)
        tick(meter)
        return meter
    }

    /// Reports the meter's state if `interval` has passed since the last report.
    func tick(_ meter: ProgressMeter) {
        let now = Self.now()
        let last = lastReport.load(ordering: .relaxed)
        guard elapsed(since: last, now: now),
            lastReport.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged
        else { return }
        deliver(meter.snapshot(), of: meter)
    }

    /// Reports the phase's last state (complete, if `completed`), if it was reported before or
    /// ran longer than `interval`, and lets another phase begin.
    func end(_ meter: ProgressMeter, completed: Bool) {
        guard meter.ended.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let now = Self.now()
        if meter.reported.load(ordering: .relaxed) || elapsed(since: lastReport.load(ordering: .relaxed), now: now) {
            lastReport.store(now, ordering: .relaxed)
            var last = meter.snapshot()
            if completed {
                if let total = last.total { last.done = max(last.done, total) }
                last.fraction = 1
            }
            deliver(last, of: meter)
        }
        busy.store(false, ordering: .releasing)
    }

    /// Whether `interval` has passed since the report at `last`, or none was made (a machine up
    /// for less than `interval` has a clock below it, so "no report yet" cannot be time zero).
    private func elapsed(since last: UInt64, now: UInt64) -> Bool {
        last == Self.never || now &- last >= interval
    }

    private func deliver(_ snapshot: ProgressSnapshot, of meter: ProgressMeter) {
        delivered.withLock { previous in
            if let previous, previous.phase == meter.phase, snapshot.done <= previous.snapshot.done,
                snapshot.fraction <= previous.snapshot.fraction
            {
                return
            }
            previous = (meter.phase, snapshot)
            meter.reported.store(true, ordering: .relaxed)
            report(snapshot)
        }
    }
}

/// The counters of one running phase (from ``EngineWork/withProgress(_:unit:total:work:_:)``):
/// the phase's loops call ``advance(by:work:)`` as units finish, from any thread.
public final class ProgressMeter: Sendable {
    private let sink: ProgressSink
    /// The sink's number for this phase.
    let phase: Int
    private let label: String
    private let unit: String
    private let total: Int?
    /// The measure of the whole when it is not `total` units (a file's bytes).
    private let workTotal: Int?
    private let done = Atomic<Int>(0)
    private let work = Atomic<Int>(0)
    /// Set by the first ``complete()`` or ``end()``.
    let ended = Atomic<Bool>(false)
    /// Set once a snapshot of the phase was reported.
    let reported = Atomic<Bool>(false)

    init(sink: ProgressSink, phase: Int, label: String, unit: String, total: Int?, work: Int?) {
        self.sink = sink
        self.phase = phase
        self.label = label
        self.unit = unit
        self.total = total
        self.workTotal = work
    }

    /// Counts `units` more done (and `work` more of the phase's work measure, when it has one).
    /// Two atomic adds and a clock read; a report at most once per the sink's interval.
    public func advance(by units: Int = 1, work: Int = 0) {
        done.add(units, ordering: .relaxed)
        if work != 0 { self.work.add(work, ordering: .relaxed) }
        sink.tick(self)
    }

    /// Ends the phase as done: `total` of `total` (a solver that converged early has done its work).
    public func complete() {
        sink.end(self, completed: true)
    }

    /// Ends the phase as far as it came (a failure); nothing after ``complete()``.
    public func end() {
        sink.end(self, completed: false)
    }

    func snapshot() -> ProgressSnapshot {
        let done = done.load(ordering: .relaxed)
        let fraction: Double
        if let workTotal {
            fraction = workTotal > 0 ? Double(work.load(ordering: .relaxed)) / Double(workTotal) : 0
        } else if let total {
            fraction = total > 0 ? Double(done) / Double(total) : 0
        } else {
            fraction = 0
        }
        return ProgressSnapshot(label: label, unit: unit, done: done, total: total, fraction: min(1, max(0, fraction)))
    }
}

extension EngineWork {
    /// Begins a measured phase of the current work: `total` units of `unit`, or, with `work`, a
    /// share measured in `work` units that ``ProgressMeter/advance(by:work:)`` counts.
    ///
    /// Returns a meter only when someone listens (the work has a ``ProgressSink``) and no other
    /// phase of the work is running; otherwise nil, and counting costs nothing. End it with
    /// ``ProgressMeter/complete()`` when the work is done and ``ProgressMeter/end()`` (in a
    /// `defer`) for the paths that throw.
    public static func beginProgress(_ label: String, unit: String, total: Int?, work: Int? = nil) -> ProgressMeter? {
        current.progress?.begin(label: label, unit: unit, total: total, work: work)
    }

    /// Runs `body` as a measured phase (``beginProgress(_:unit:total:work:)``), with its meter if
    /// any: a phase that returns is reported complete, one that throws as far as it came.
    public static func withProgress<T, E: Error>(
        _ label: String, unit: String, total: Int?, work: Int? = nil, _ body: (ProgressMeter?) throws(E) -> T
    ) throws(E) -> T {
        let meter = beginProgress(label, unit: unit, total: total, work: work)
        defer { meter?.end() }
        let result = try body(meter)
        meter?.complete()
        return result
    }
}
