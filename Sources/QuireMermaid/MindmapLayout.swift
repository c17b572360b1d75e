import QuireSupport

/// A balanced, two-sided tree layout for mindmaps.
///
/// The root sits in the middle; its branches are split between the right and the left side so
/// both sides hold about the same number of leaves, keeping source order (the first branches go
/// right). Each side is a horizontal tidy tree: a node is centred on its children, subtrees are
/// stacked without overlap, and depth advances away from the root. Runs in linear time.
final class MindmapLayout {
    let map: Mindmap
    let metrics: TextMetrics
    let wrappingWidth: Double

    private(set) var lines: [[String]] = []
    private(set) var rects: [Rect] = []
    /// The root child each node descends from (its colour), or nil for the root.
    private(set) var branch: [Int?] = []
    private(set) var size: (width: Double, height: Double) = (0, 0)
    /// Whether a node is on the left of the root.
    private(set) var onLeft: [Bool] = []

    static let levelGap = 44.0
    static let siblingGap = 14.0
    static let margin = 10.0

    private var sizes: [(width: Double, height: Double)] = []
    private var extent: [Double] = []

    init(map: Mindmap, metrics: TextMetrics, wrappingWidth: Double) {
        self.map = map
        self.metrics = metrics
        self.wrappingWidth = wrappingWidth
    }

    func nodeSize(_ index: Int) -> (width: Double, height: Double) { sizes[index] }

    func run() {
        let count = map.nodes.count
        guard count > 0 else {
            size = (2 * Self.margin, 2 * Self.margin)
            return
        }
        lines = map.nodes.map { metrics.wrap($0.label, maxWidth: wrappingWidth) }
        sizes = map.nodes.indices.map { index in
            let text = metrics.size(of: lines[index])
            let padding = index == 0 ? 16.0 : 0
            switch map.nodes[index].shape {
            case .plain, .square, .rounded: return (text.width + 24 + padding, text.height + 14 + padding)
            case .circle:
                let diameter = max(text.width, text.height) + 28 + padding
                return (diameter, diameter)
            case .bang, .cloud: return (text.width + 44 + padding, text.height + 34 + padding)
            case .hexagon: return (text.width + 44 + padding, text.height + 16 + padding)
            }
        }
        branch = Array(repeating: nil, count: count)
        onLeft = Array(repeating: false, count: count)
        // Subtree extents along the stacking axis, children before parents (indices grow downward).
        extent = Array(repeating: 0, count: count)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let children = map.nodes[index].children
            let stacked = children.reduce(0) { $0 + extent[$1] } + Double(max(0, children.count - 1)) * Self.siblingGap
            extent[index] = max(sizes[index].height, stacked)
        }
        // Split the root's children into a right and a left side of similar weight.
        let rootChildren = map.nodes[0].children
        let total = rootChildren.reduce(0) { $0 + extent[$1] }
        var right: [Int] = []
        var left: [Int] = []
        var accumulated = 0.0
        for child in rootChildren {
            if right.isEmpty || accumulated + extent[child] / 2 <= total / 2 {
                right.append(child)
                accumulated += extent[child]
            } else {
                left.append(child)
            }
        }
        for (number, child) in rootChildren.enumerated() { markBranch(child, number) }
        rects = Array(repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: count)
        rects[0] = Rect(center: Point(x: 0, y: 0), width: sizes[0].width, height: sizes[0].height)
        placeSide(right, direction: 1)
        placeSide(left, direction: -1)
        for child in left { markLeft(child) }
        var bounds = rects[0]
        for rect in rects { bounds = bounds.union(rect) }
        rects = rects.map {
            Rect(x: $0.x - bounds.x + Self.margin, y: $0.y - bounds.y + Self.margin, width: $0.width, height: $0.height)
        }
        size = (bounds.width + 2 * Self.margin, bounds.height + 2 * Self.margin)
    }

    private func markBranch(_ node: Int, _ number: Int) {
        var stack = [node]
        while let current = stack.popLast() {
            branch[current] = number
            stack += map.nodes[current].children
        }
    }

    private func markLeft(_ node: Int) {
        var stack = [node]
        while let current = stack.popLast() {
            onLeft[current] = true
            stack += map.nodes[current].children
        }
    }

    /// Stacks the subtrees of one side, centred vertically on the root.
    private func placeSide(_ children: [Int], direction: Double) {
        guard !children.isEmpty else { return }
        let height = children.reduce(0) { $0 + extent[$1] } + Double(children.count - 1) * Self.siblingGap
        var top = -height / 2
        let innerEdge = direction * (sizes[0].width / 2 + Self.levelGap)
        for child in children {
            place(child, top: top, innerEdge: innerEdge, direction: direction)
            top += extent[child] + Self.siblingGap
        }
    }

    /// Places a subtree in the band starting at `top`; `innerEdge` is the x of the side facing the parent.
    private func place(_ node: Int, top: Double, innerEdge: Double, direction: Double) {
        var stack: [(node: Int, top: Double, innerEdge: Double)] = [(node, top, innerEdge)]
        while let (current, bandTop, edge) = stack.popLast() {
            let width = sizes[current].width
            let centerX = edge + direction * width / 2
            rects[current] = Rect(
                center: Point(x: centerX, y: bandTop + extent[current] / 2), width: width, height: sizes[current].height
            )
            let children = map.nodes[current].children
            guard !children.isEmpty else { continue }
            let stacked = children.reduce(0) { $0 + extent[$1] } + Double(children.count - 1) * Self.siblingGap
            var childTop = bandTop + (extent[current] - stacked) / 2
            let childEdge = edge + direction * (width + Self.levelGap)
            for child in children {
                stack.append((child, childTop, childEdge))
                childTop += extent[child] + Self.siblingGap
            }
        }
    }
}
