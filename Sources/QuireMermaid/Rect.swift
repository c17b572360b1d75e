/// An axis-aligned rectangle in SVG user units, by its origin and size.
struct Rect: Sendable, Hashable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    init(center: Point, width: Double, height: Double) {
        self.init(x: center.x - width / 2, y: center.y - height / 2, width: width, height: height)
    }

    /// The smallest rectangle holding both.
    func union(_ other: Rect) -> Rect {
        let low = Point(x: min(minX, other.minX), y: min(minY, other.minY))
        return Rect(x: low.x, y: low.y, width: max(maxX, other.maxX) - low.x, height: max(maxY, other.maxY) - low.y)
    }

    /// Whether the interiors overlap.
    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}
