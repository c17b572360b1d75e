/// A point in SVG user units.
struct Point: Sendable, Hashable {
    var x: Double
    var y: Double
}
