import QuireSupport

/// Geometry of a whole flowchart: sizes nodes from their text, lays out each level with
/// ``LayeredLayout``, and clips edges at node outlines.
///
/// A subgraph that no edge crosses is laid out on its own, in its own `direction`, and placed as
/// one block in its parent, which is how mermaid honours a subgraph's direction. A subgraph that
/// edges cross is kept contiguous inside its parent's layout and follows the parent's direction.
final class FlowchartLayout {
    let chart: Flowchart
    let metrics: TextMetrics
    let wrappingWidth: Double

    /// Wrapped label lines per node.
    private(set) var nodeLines: [[String]] = []
    private(set) var nodeRects: [Rect] = []
    private(set) var edgePaths: [[Point]] = []
    private(set) var edgeLines: [[String]] = []
    private(set) var labelRects: [Rect?] = []
    private(set) var frames: [Rect] = []
    private(set) var size: (width: Double, height: Double) = (0, 0)

    static let margin = 8.0
    static let clusterPadding = 8.0

    private var nodeSubgraph: [Int?] = []
    private var isBlock: [Bool] = []
    private var subgraphIndex: [String: Int] = [:]
    private var labelSizes: [(width: Double, height: Double)?] = []
    private var titleSizes: [(width: Double, height: Double)] = []

    private struct LevelPlan {
        var items: [Item]
        var edges: [Int]
        var result: LayeredLayout.Result
        var size: (width: Double, height: Double)
    }

    private enum Item: Hashable {
        case node(Int)
        case block(Int)
    }

    private var plans: [Int: LevelPlan] = [:]
    private let rootKey = -1

    init(chart: Flowchart, metrics: TextMetrics, wrappingWidth: Double) {
        self.chart = chart
        self.metrics = metrics
        self.wrappingWidth = wrappingWidth
    }

    func run() {
        measure()
        classifySubgraphs()
        let root = plan(level: nil)
        nodeRects = Array(repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: chart.nodes.count)
        frames = Array(repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: chart.subgraphs.count)
        edgePaths = Array(repeating: [], count: chart.edges.count)
        labelRects = Array(repeating: nil, count: chart.edges.count)
        place(level: nil, origin: Point(x: Self.margin, y: Self.margin))
        clipEdges()
        var width = root.size.width + 2 * Self.margin
        var height = root.size.height + 2 * Self.margin
        // Self loops stick out to the right of their node.
        for (index, edge) in chart.edges.enumerated() where edge.from == edge.to {
            if let node = chart.nodeIndex[edge.from] {
                width = max(width, nodeRects[node].maxX + 30 + Self.margin)
                if let label = labelSizes[index] {
                    width = max(width, nodeRects[node].maxX + 34 + label.width + Self.margin)
                }
            }
        }
        height = max(height, 0)
        size = (width, height)
    }

    // MARK: - Sizes

    private func measure() {
        nodeLines = chart.nodes.map { metrics.wrap($0.label, maxWidth: wrappingWidth) }
        edgeLines = chart.edges.map { edge in edge.label.map { metrics.wrap($0, maxWidth: wrappingWidth) } ?? [] }
        labelSizes = edgeLines.map { lines in
            guard !lines.isEmpty else { return nil }
            let text = metrics.size(of: lines)
            return (text.width + 8, text.height + 4)
        }
        titleSizes = chart.subgraphs.map { subgraph in
            guard !subgraph.title.isEmpty else { return (0, 8) }
            let text = metrics.size(of: metrics.wrap(subgraph.title, maxWidth: wrappingWidth * 1.5))
            return (text.width + 8, text.height + 4)
        }
    }

    /// The outer size of a node with its shape around the text.
    func nodeSize(_ index: Int) -> (width: Double, height: Double) {
        let text = metrics.size(of: nodeLines[index])
        let width = text.width + 30
        let height = text.height + 30
        switch chart.nodes[index].shape {
        case .rectangle, .rounded: return (width, height)
        case .subroutine: return (width + 16, height)
        case .stadium: return (width + height / 2, height)
        case .cylinder: return (width, height + 16)
        case .circle:
            let diameter = max(text.width, text.height) + 30
            return (diameter, diameter)
        case .doubleCircle:
            let diameter = max(text.width, text.height) + 40
            return (diameter, diameter)
        case .diamond:
            let side = text.width + text.height + 30
            return (side, side)
        case .hexagon: return (width + height / 2, height)
        case .asymmetric: return (width + height / 4, height)
        case .leanRight, .leanLeft, .trapezoid, .invertedTrapezoid: return (width + height / 2, height)
        case .fork where chart.direction == .leftToRight || chart.direction == .rightToLeft:
            // A fork bar lies across the flow, as mermaid turns it.
            return (10, 70)
        default: return FlowchartShapes.size(chart.nodes[index].shape, text: text)
        }
    }

    // MARK: - Subgraphs

    private func classifySubgraphs() {
        nodeSubgraph = Array(repeating: nil, count: chart.nodes.count)
        for (index, subgraph) in chart.subgraphs.enumerated() {
            subgraphIndex[subgraph.id] = index
            for id in subgraph.nodes { if let node = chart.nodeIndex[id] { nodeSubgraph[node] = index } }
        }
        isBlock = Array(repeating: true, count: chart.subgraphs.count)
        for edge in chart.edges {
            let a = ancestors(ofEndpoint: edge.from)
            let b = ancestors(ofEndpoint: edge.to)
            // A subgraph is crossed when exactly one end lies strictly inside it.
            for subgraph in a.symmetricDifference(b) { isBlock[subgraph] = false }
        }
    }

    /// Subgraphs strictly containing an endpoint (a node, or a subgraph named by id).
    private func ancestors(ofEndpoint id: String) -> Set<Int> {
        var result = Set<Int>()
        var current: Int?
        if let node = chart.nodeIndex[id] {
            current = nodeSubgraph[node]
        } else if let subgraph = subgraphIndex[id] {
            current = chart.subgraphs[subgraph].parent
        }
        while let value = current {
            result.insert(value)
            current = chart.subgraphs[value].parent
        }
        return result
    }

    /// The block (or nil for the top level) whose layout places this subgraph or node.
    private func level(ofParent start: Int?) -> Int? {
        var current = start
        while let value = current {
            if isBlock[value] { return value }
            current = chart.subgraphs[value].parent
        }
        return nil
    }

    /// The item of `level` that stands for an endpoint, and whether the edge ends at a frame.
    private func item(for id: String, in level: Int?) -> (item: Item, frame: Int?)? {
        var chain: [Int] = []
        var current: Int?
        var base: Item
        if let node = chart.nodeIndex[id] {
            base = .node(node)
            current = nodeSubgraph[node]
        } else if let subgraph = subgraphIndex[id] {
            if isBlock[subgraph] {
                base = .block(subgraph)
                current = chart.subgraphs[subgraph].parent
            } else {
                // A crossed subgraph as an endpoint: aim at a member, then clip at its frame.
                guard let member = firstMember(of: subgraph, in: level) else { return nil }
                return (member, subgraph)
            }
        } else {
            return nil
        }
        while let value = current {
            chain.append(value)
            current = chart.subgraphs[value].parent
        }
        // Climb to the outermost block below `level`.
        var result = base
        for subgraph in chain {
            if subgraph == level { return (result, nil) }
            if isBlock[subgraph] { result = .block(subgraph) }
        }
        return level == nil ? (result, nil) : nil
    }

    private func firstMember(of subgraph: Int, in level: Int?) -> Item? {
        if let id = chart.subgraphs[subgraph].nodes.first, let found = item(for: id, in: level) { return found.item }
        for child in chart.subgraphs[subgraph].children {
            if isBlock[child] { return .block(child) }
            if let found = firstMember(of: child, in: level) { return found }
        }
        return nil
    }

    private var edgeFrameTargets: [Int: (from: Int?, to: Int?)] = [:]

    // MARK: - Levels

    @discardableResult
    private func plan(level: Int?) -> LevelPlan {
        var items: [Item] = []
        for node in chart.nodes.indices where self.level(ofParent: nodeSubgraph[node]) == level {
            items.append(.node(node))
        }
        for subgraph in chart.subgraphs.indices where isBlock[subgraph] && subgraph != level {
            if self.level(ofParent: chart.subgraphs[subgraph].parent) == level { items.append(.block(subgraph)) }
        }
        var itemIndex: [Item: Int] = [:]
        for (index, item) in items.enumerated() { itemIndex[item] = index }
        var sizes: [(width: Double, height: Double)] = []
        for item in items {
            switch item {
            case .node(let node): sizes.append(nodeSize(node))
            case .block(let subgraph):
                let inner = plan(level: subgraph)
                let title = titleSizes[subgraph]
                sizes.append(
                    (
                        max(inner.size.width, title.width) + 2 * Self.clusterPadding,
                        inner.size.height + 2 * Self.clusterPadding + title.height
                    ))
            }
        }
        // Crossed subgraphs of this level become clusters.
        var clusterIndex: [Int: Int] = [:]
        var clusterOf: [Int] = []
        for subgraph in chart.subgraphs.indices
        where !isBlock[subgraph] && self.level(ofParent: chart.subgraphs[subgraph].parent) == level {
            clusterIndex[subgraph] = clusterOf.count
            clusterOf.append(subgraph)
        }
        let clusters = clusterOf.map { subgraph in
            LayeredLayout.Cluster(
                parent: chart.subgraphs[subgraph].parent.flatMap { clusterIndex[$0] }, titleSize: titleSizes[subgraph])
        }
        let nodeCluster: [Int?] = items.map { item in
            switch item {
            case .node(let node): return nodeSubgraph[node].flatMap { clusterIndex[$0] }
            case .block(let subgraph): return chart.subgraphs[subgraph].parent.flatMap { clusterIndex[$0] }
            }
        }
        var edges: [LayeredLayout.Edge] = []
        var edgeIDs: [Int] = []
        for (index, edge) in chart.edges.enumerated() {
            guard let from = item(for: edge.from, in: level), let to = item(for: edge.to, in: level),
                let a = itemIndex[from.item], let b = itemIndex[to.item]
            else { continue }
            if from.item == to.item {
                // Same item: a self loop of a node here, or an edge that belongs to a block inside.
                guard case .node = from.item, edge.from == edge.to else { continue }
            }
            if from.frame != nil || to.frame != nil { edgeFrameTargets[index] = (from.frame, to.frame) }
            edges.append(LayeredLayout.Edge(from: a, to: b, length: edge.length, labelSize: labelSizes[index]))
            edgeIDs.append(index)
        }
        let direction =
            level.flatMap { chart.subgraphs[$0].direction }
            ?? (level.map { parentDirection(of: $0) } ?? chart.direction)
        var layout = LayeredLayout(
            sizes: sizes, edges: edges, nodeCluster: nodeCluster, clusters: clusters, direction: direction)
        layout.clusterPadding = Self.clusterPadding
        let result = layout.run()
        let plan = LevelPlan(items: items, edges: edgeIDs, result: result, size: result.size)
        plans[level ?? rootKey] = plan
        // Remember which clusters map to which subgraphs for placement.
        clusterSubgraphs[level ?? rootKey] = clusterOf
        return plan
    }

    private var clusterSubgraphs: [Int: [Int]] = [:]

    private func parentDirection(of subgraph: Int) -> FlowDirection {
        var current = chart.subgraphs[subgraph].parent
        while let value = current {
            if let direction = chart.subgraphs[value].direction, isBlock[value] { return direction }
            current = chart.subgraphs[value].parent
        }
        return chart.direction
    }

    private func place(level: Int?, origin: Point) {
        guard let plan = plans[level ?? rootKey] else { return }
        func shift(_ point: Point) -> Point { Point(x: point.x + origin.x, y: point.y + origin.y) }
        for (index, item) in plan.items.enumerated() {
            let center = shift(plan.result.centers[index])
            switch item {
            case .node(let node):
                let size = nodeSize(node)
                nodeRects[node] = Rect(center: center, width: size.width, height: size.height)
            case .block(let subgraph):
                guard let inner = plans[subgraph] else { continue }
                let title = titleSizes[subgraph]
                let width = max(inner.size.width, title.width) + 2 * Self.clusterPadding
                let height = inner.size.height + 2 * Self.clusterPadding + title.height
                let frame = Rect(center: center, width: width, height: height)
                frames[subgraph] = frame
                place(
                    level: subgraph,
                    origin: Point(
                        x: frame.minX + (width - inner.size.width) / 2,
                        y: frame.minY + Self.clusterPadding + title.height))
            }
        }
        for (index, subgraph) in (clusterSubgraphs[level ?? rootKey] ?? []).enumerated() {
            let frame = plan.result.clusterFrames[index]
            frames[subgraph] = Rect(
                x: frame.x + origin.x, y: frame.y + origin.y, width: frame.width, height: frame.height)
        }
        for (position, edge) in plan.edges.enumerated() {
            edgePaths[edge] = plan.result.edgePoints[position].map(shift)
            if let center = plan.result.labelCenters[position], let size = labelSizes[edge] {
                labelRects[edge] = Rect(center: shift(center), width: size.width, height: size.height)
            }
        }
    }

    // MARK: - Edge ends

    private func clipEdges() {
        for (index, edge) in chart.edges.enumerated() {
            var points = edgePaths[index]
            guard points.count >= 2 else { continue }
            let frameEnds = edgeFrameTargets[index]
            let startOutline = outline(for: edge.from, frame: frameEnds?.from)
            let endOutline = outline(for: edge.to, frame: frameEnds?.to)
            if let startOutline {
                points[0] = Self.clip(outline: startOutline, toward: points[1])
            }
            if let endOutline {
                points[points.count - 1] = Self.clip(outline: endOutline, toward: points[points.count - 2])
            }
            edgePaths[index] = points
        }
    }

    enum Outline {
        case rectangle(Rect)
        case diamond(Rect)
        case circle(Rect)
    }

    private func outline(for id: String, frame: Int?) -> Outline? {
        if let frame { return .rectangle(frames[frame]) }
        if let node = chart.nodeIndex[id] {
            let rect = nodeRects[node]
            switch chart.nodes[node].shape {
            case .diamond: return .diamond(rect)
            case let shape where FlowchartShapes.isRound(shape): return .circle(rect)
            default: return .rectangle(rect)
            }
        }
        if let subgraph = subgraphIndex[id] { return .rectangle(frames[subgraph]) }
        return nil
    }

    /// Where the ray from the outline's centre towards `target` leaves the outline.
    static func clip(outline: Outline, toward target: Point) -> Point {
        let rect: Rect
        switch outline {
        case .rectangle(let value), .diamond(let value), .circle(let value): rect = value
        }
        let center = rect.center
        let dx = target.x - center.x
        let dy = target.y - center.y
        let halfWidth = rect.width / 2
        let halfHeight = rect.height / 2
        guard abs(dx) > 1e-9 || abs(dy) > 1e-9 else { return center }
        let scale: Double
        switch outline {
        case .rectangle:
            scale = min(
                abs(dx) > 1e-9 ? halfWidth / abs(dx) : .infinity, abs(dy) > 1e-9 ? halfHeight / abs(dy) : .infinity)
        case .diamond:
            scale = 1 / (abs(dx) / halfWidth + abs(dy) / halfHeight)
        case .circle:
            scale = halfWidth / (dx * dx + dy * dy).squareRoot()
        }
        guard scale < 1 else { return target }
        return Point(x: center.x + dx * scale, y: center.y + dy * scale)
    }
}
