/// Carries a value that is safe to share into a concurrent closure, where the compiler cannot see it.
///
/// Used for raw pointers whose regions each thread reads or writes without overlap.
/// `@unchecked Sendable` is safe only so: the pointers outlive the parallel loop (which returns
/// after every worker), and no two threads touch the same bytes.
struct SendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
