/// Which steps of a plan the executor may decide next, in O(steps + edges) over a whole run.
///
/// Each step counts its undecided dependencies; when a step is decided, only its dependents'
/// counts go down, and a step whose count reaches zero joins the ready queue. Steps are handed
/// out earliest in the plan first, as a scan of the plan in order would find them. Steps that
/// must execute but find no free slot wait in a second queue, also earliest first.
struct Schedule {
    /// For each step (by plan position), the dependencies not yet decided.
    private var undecided: [Int]
    /// For each step, the positions of the steps that depend on it.
    private let dependents: [[Int]]
    /// Steps whose dependencies are all decided, not yet handed out.
    private var ready: MinHeap
    /// Steps handed out and found to need executing, waiting for a free slot.
    private var waiting = MinHeap([])
    private var isDecided: [Bool]
    /// How many steps are decided.
    private(set) var decidedCount = 0
    /// How many steps there are.
    let count: Int

    /// What to do next.
    enum Next: Equatable {
        /// Decide the step at this position (its dependencies are all decided).
        case decide(Int)
        /// Start the waiting step at this position (a slot is free).
        case start(Int)
    }

    init(_ plan: Plan) {
        count = plan.steps.count
        var undecided = Array(repeating: 0, count: count)
        var dependents = Array(repeating: [Int](), count: count)
        for (position, step) in plan.steps.enumerated() {
            for dependency in step.dependencies {
                // A plan holds every step its steps depend on; a name it lacks cannot block.
                guard let from = plan.position(of: dependency) else { continue }
                dependents[from].append(position)
                undecided[position] += 1
            }
        }
        self.undecided = undecided
        self.dependents = dependents
        self.isDecided = Array(repeating: false, count: count)
        self.ready = MinHeap(undecided.indices.filter { undecided[$0] == 0 })
    }

    /// True once every step is decided.
    var isComplete: Bool { decidedCount == count }

    /// The earliest step to decide or start: a ready step, or a waiting one if `slotFree`; nil
    /// when there is none (wait for a running step to return).
    mutating func next(slotFree: Bool) -> Next? {
        let waitingFirst = slotFree ? waiting.first : nil
        if let step = ready.first, waitingFirst.map({ step < $0 }) ?? true {
            _ = ready.pop()
            return .decide(step)
        }
        if let step = waitingFirst {
            _ = waiting.pop()
            return .start(step)
        }
        return nil
    }

    /// A step handed out by ``next(slotFree:)`` must execute but no slot is free.
    mutating func wait(_ position: Int) {
        waiting.push(position)
    }

    /// Records that the step at `position` is decided; its dependents whose dependencies are now
    /// all decided become ready. Deciding a step twice changes nothing.
    mutating func decided(_ position: Int) {
        guard !isDecided[position] else { return }
        isDecided[position] = true
        decidedCount += 1
        for dependent in dependents[position] {
            undecided[dependent] -= 1
            if undecided[dependent] == 0 { ready.push(dependent) }
        }
    }
}
