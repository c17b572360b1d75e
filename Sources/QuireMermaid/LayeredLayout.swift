/// Sugiyama-style layered layout of one graph level: cycle removal, layer assignment, crossing
/// reduction with contiguous clusters, and coordinate assignment.
///
/// Works in layout space (layers advance along y, order along x) and maps to the screen at the
/// end for the four directions. Every edge spans two layers per unit of length, as dagre does, so
/// each edge has a middle point where its label sits; longer spans get a chain of dummy points
/// that occupy slots in their layers, which is what keeps edges off other nodes.
struct LayeredLayout {
    struct Edge {
        var from: Int
        var to: Int
        var length: Int
        var labelSize: (width: Double, height: Double)?
    }

    struct Cluster {
        var parent: Int?
        /// Size of the title band, drawn at the top of the frame.
        var titleSize: (width: Double, height: Double)
    }

    struct Result {
        var centers: [Point]
        /// Per edge: source centre, the points along the way, target centre (self loops: empty).
        var edgePoints: [[Point]]
        var labelCenters: [Point?]
        var clusterFrames: [Rect]
        var size: (width: Double, height: Double)
    }

    var sizes: [(width: Double, height: Double)]
    var edges: [Edge]
    /// Innermost cluster of each node, or nil.
    var nodeCluster: [Int?]
    var clusters: [Cluster]
    var direction: FlowDirection
    var nodeSpacing = 50.0
    var rankSpacing = 50.0
    var clusterPadding = 8.0

    // Working state, per layout node (real nodes first, then dummies).
    private var crossSize: [Double] = []
    private var rankSize: [Double] = []
    private var rank: [Int] = []
    private var isDummy: [Bool] = []
    private var cluster: [Int?] = []
    private var up: [[(node: Int, weight: Double)]] = []
    private var down: [[(node: Int, weight: Double)]] = []
    private var layers: [[Int]] = []
    private var x: [Double] = []

    init(
        sizes: [(width: Double, height: Double)], edges: [Edge], nodeCluster: [Int?], clusters: [Cluster],
        direction: FlowDirection
    ) {
        self.sizes = sizes
        self.edges = edges
        self.nodeCluster = nodeCluster
        self.clusters = clusters
        self.direction = direction
    }

    mutating func run() -> Result {
        let count = sizes.count
        guard count > 0 else {
            return Result(
                centers: [], edgePoints: edges.map { _ in [] }, labelCenters: edges.map { _ in nil },
                clusterFrames: clusters.map { _ in Rect(x: 0, y: 0, width: 0, height: 0) }, size: (0, 0))
        }
        let horizontal = direction.isHorizontal
        crossSize = sizes.map { horizontal ? $0.height : $0.width }
        rankSize = sizes.map { horizontal ? $0.width : $0.height }
        isDummy = Array(repeating: false, count: count)
        cluster = nodeCluster

        let reversed = removeCycles()
        assignRanks(reversed: reversed)
        let chains = insertDummies(reversed: reversed)
        order()
        assignCrossPositions()
        let rankY = assignRankPositions()

        // Map layout space to the screen.
        func screen(_ node: Int) -> Point {
            let lx = x[node]
            let ly = rankY[rank[node]]
            switch direction {
            case .topToBottom: return Point(x: lx, y: ly)
            case .bottomToTop: return Point(x: lx, y: -ly)
            case .leftToRight: return Point(x: ly, y: lx)
            case .rightToLeft: return Point(x: -ly, y: lx)
            }
        }
        var centers = (0..<x.count).map(screen)
        var edgePoints: [[Point]] = []
        var labelCenters: [Point?] = []
        for (index, edge) in edges.enumerated() {
            guard edge.from != edge.to else {
                edgePoints.append([])
                labelCenters.append(nil)
                continue
            }
            var chain = chains[index]
            if reversed[index] { chain.reverse() }
            edgePoints.append(chain.map { centers[$0] })
            if edge.labelSize != nil, chain.count > 2 {
                labelCenters.append(centers[chain[chain.count / 2]])
            } else {
                labelCenters.append(nil)
            }
        }
        // Cluster frames: members' boxes, then nested frames, plus padding and the title band.
        var frames: [Rect?] = Array(repeating: nil, count: clusters.count)
        let depthOrder = clusters.indices.sorted { depth($0) > depth($1) }
        for node in 0..<count {
            guard let own = nodeCluster[node] else { continue }
            let box = Rect(center: centers[node], width: sizes[node].width, height: sizes[node].height)
            frames[own] = frames[own].map { $0.union(box) } ?? box
        }
        for index in depthOrder {
            guard var frame = frames[index] else { continue }
            let title = clusters[index].titleSize
            frame = Rect(
                x: frame.x - clusterPadding, y: frame.y - clusterPadding - title.height,
                width: frame.width + 2 * clusterPadding, height: frame.height + 2 * clusterPadding + title.height)
            if frame.width < title.width + 2 * clusterPadding {
                let grow = title.width + 2 * clusterPadding - frame.width
                frame.x -= grow / 2
                frame.width += grow
            }
            frames[index] = frame
            if let parent = clusters[index].parent {
                frames[parent] = frames[parent].map { $0.union(frame) } ?? frame
            }
        }
        // Normalise so the drawing starts at the origin.
        // `count > 0` (checked at the top), so node 0's box starts the bounds.
        var bounds = Rect(center: centers[0], width: sizes[0].width, height: sizes[0].height)
        for node in 1..<count {
            bounds = bounds.union(Rect(center: centers[node], width: sizes[node].width, height: sizes[node].height))
        }
        for frame in frames.compactMap({ $0 }) { bounds = bounds.union(frame) }
        for (index, label) in labelCenters.enumerated() {
            if let label, let size = edges[index].labelSize {
                bounds = bounds.union(Rect(center: label, width: size.width, height: size.height))
            }
        }
        for points in edgePoints {
            for point in points { bounds = bounds.union(Rect(x: point.x, y: point.y, width: 0, height: 0)) }
        }
        let origin = Point(x: bounds.minX, y: bounds.minY)
        func shift(_ point: Point) -> Point { Point(x: point.x - origin.x, y: point.y - origin.y) }
        centers = centers.map(shift)
        return Result(
            centers: Array(centers.prefix(count)),
            edgePoints: edgePoints.map { $0.map(shift) },
            labelCenters: labelCenters.map { $0.map(shift) },
            clusterFrames: frames.map { frame in
                frame.map { Rect(x: $0.x - origin.x, y: $0.y - origin.y, width: $0.width, height: $0.height) }
                    ?? Rect(x: 0, y: 0, width: 0, height: 0)
            },
            size: (bounds.width, bounds.height))
    }

    private func depth(_ cluster: Int) -> Int {
        var depth = 0
        var current = clusters[cluster].parent
        while let parent = current {
            depth += 1
            current = clusters[parent].parent
        }
        return depth
    }

    // MARK: - Cycle removal

    /// Depth-first search in source order; edges that close a cycle are reversed.
    private func removeCycles() -> [Bool] {
        let count = sizes.count
        var outgoing = Array(repeating: [Int](), count: count)
        for (index, edge) in edges.enumerated() where edge.from != edge.to { outgoing[edge.from].append(index) }
        var state = Array(repeating: 0, count: count)  // 0 new, 1 on stack, 2 done
        var reversed = Array(repeating: false, count: edges.count)
        for start in 0..<count where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < outgoing[top.node].count {
                    stack[stack.count - 1].next += 1
                    let edgeIndex = outgoing[top.node][top.next]
                    let target = edges[edgeIndex].to
                    if state[target] == 1 {
                        reversed[edgeIndex] = true
                    } else if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return reversed
    }

    // MARK: - Layers

    /// Longest path from the sources, then sources pulled down next to their first successor.
    private mutating func assignRanks(reversed: [Bool]) {
        let count = sizes.count
        var incoming = Array(repeating: 0, count: count)
        var outgoing = Array(repeating: [(Int, Int)](), count: count)
        var predecessors = Array(repeating: [(Int, Int)](), count: count)
        for (index, edge) in edges.enumerated() where edge.from != edge.to {
            let (from, to) = reversed[index] ? (edge.to, edge.from) : (edge.from, edge.to)
            let span = 2 * max(1, edge.length)
            outgoing[from].append((to, span))
            predecessors[to].append((from, span))
            incoming[to] += 1
        }
        rank = Array(repeating: 0, count: count)
        var queue = (0..<count).filter { incoming[$0] == 0 }
        var head = 0
        var topological: [Int] = []
        while head < queue.count {
            let node = queue[head]
            head += 1
            topological.append(node)
            for (target, span) in outgoing[node] {
                rank[target] = max(rank[target], rank[node] + span)
                incoming[target] -= 1
                if incoming[target] == 0 { queue.append(target) }
            }
        }
        // Pull nodes towards their successors when that shortens edges (reverse topological order).
        for node in topological.reversed() {
            guard let limit = outgoing[node].map({ rank[$0.0] - $0.1 }).min() else { continue }  // no successors
            if predecessors[node].isEmpty && limit > rank[node] { rank[node] = limit }
        }
    }

    /// Splits edges into unit-layer segments. Returns, per edge, the chain of layout nodes.
    private mutating func insertDummies(reversed: [Bool]) -> [[Int]] {
        let count = sizes.count
        up = Array(repeating: [], count: count)
        down = Array(repeating: [], count: count)
        var chains: [[Int]] = []
        for (index, edge) in edges.enumerated() {
            guard edge.from != edge.to else {
                chains.append([])
                continue
            }
            let (from, to) = reversed[index] ? (edge.to, edge.from) : (edge.from, edge.to)
            let common = commonCluster(nodeCluster[from], nodeCluster[to])
            var chain = [from]
            var previous = from
            let labelRank = rank[from] + (rank[to] - rank[from]) / 2
            for layer in (rank[from] + 1)..<max(rank[from] + 1, rank[to]) {
                let dummy = crossSize.count
                var labelWidth = 0.0
                var labelHeight = 0.0
                if layer == labelRank, let label = edge.labelSize {
                    labelWidth = direction.isHorizontal ? label.height : label.width
                    labelHeight = direction.isHorizontal ? label.width : label.height
                }
                crossSize.append(labelWidth)
                rankSize.append(labelHeight)
                rank.append(layer)
                isDummy.append(true)
                cluster.append(common)
                up.append([])
                down.append([])
                link(previous, dummy)
                chain.append(dummy)
                previous = dummy
            }
            link(previous, to)
            chain.append(to)
            chains.append(chain)
        }
        return chains
    }

    private mutating func link(_ from: Int, _ to: Int) {
        let weight = isDummy[from] && isDummy[to] ? 8.0 : (isDummy[from] || isDummy[to] ? 2.0 : 1.0)
        down[from].append((to, weight))
        up[to].append((from, weight))
    }

    private func commonCluster(_ a: Int?, _ b: Int?) -> Int? {
        var ancestors = Set<Int>()
        var current = a
        while let node = current {
            ancestors.insert(node)
            current = clusters[node].parent
        }
        current = b
        while let node = current {
            if ancestors.contains(node) { return node }
            current = clusters[node].parent
        }
        return nil
    }

    private func clusterPath(_ node: Int) -> [Int] {
        var path: [Int] = []
        var current = cluster[node]
        while let value = current {
            path.append(value)
            current = clusters[value].parent
        }
        return path.reversed()
    }

    // MARK: - Crossing reduction

    private mutating func order() {
        let maxRank = rank.max() ?? 0
        layers = Array(repeating: [], count: maxRank + 1)
        // Initial order: depth-first from the sources, so connected nodes start close.
        var visited = Array(repeating: false, count: rank.count)
        var discovery = Array(repeating: 0.0, count: rank.count)
        var counter = 0.0
        let sources = (0..<rank.count).filter { up[$0].isEmpty }.sorted {
            rank[$0] < rank[$1] || (rank[$0] == rank[$1] && $0 < $1)
        }
        for source in sources where !visited[source] {
            var stack = [source]
            while let node = stack.popLast() {
                guard !visited[node] else { continue }
                visited[node] = true
                discovery[node] = counter
                counter += 1
                for next in down[node].reversed() where !visited[next.node] { stack.append(next.node) }
            }
        }
        for node in 0..<rank.count { layers[rank[node]].append(node) }
        let paths = (0..<rank.count).map(clusterPath)
        for layer in layers.indices { layers[layer] = sortLayer(layers[layer], values: discovery, paths: paths) }

        var position = Array(repeating: 0.0, count: rank.count)
        func updatePositions(_ layer: Int) {
            for (index, node) in layers[layer].enumerated() { position[node] = Double(index) }
        }
        for layer in layers.indices { updatePositions(layer) }
        var best = layers
        var bestCrossings = totalCrossings(position)
        guard bestCrossings > 0 else { return }
        for iteration in 0..<8 {
            let downward = iteration % 2 == 0
            let sequence = downward ? Array(layers.indices.dropFirst()) : Array(layers.indices.dropLast().reversed())
            for layer in sequence {
                var values = position
                for node in layers[layer] {
                    let neighbours = downward ? up[node] : down[node]
                    guard !neighbours.isEmpty else { continue }
                    var sum = 0.0
                    var weight = 0.0
                    for neighbour in neighbours {
                        sum += position[neighbour.node] * neighbour.weight
                        weight += neighbour.weight
                    }
                    values[node] = sum / weight
                }
                layers[layer] = sortLayer(layers[layer], values: values, paths: paths)
                updatePositions(layer)
            }
            let crossings = totalCrossings(position)
            if crossings < bestCrossings {
                bestCrossings = crossings
                best = layers
                if crossings == 0 { break }
            }
        }
        layers = best
    }

    /// Sorts a layer by value while keeping each cluster's members together, recursively.
    private func sortLayer(_ nodes: [Int], values: [Double], paths: [[Int]], depth: Int = 0) -> [Int] {
        // Group by the cluster at this depth; nodes outside deeper clusters stand alone.
        var groups: [(key: Int, members: [Int], sum: Double, first: Int)] = []
        var groupIndex: [Int: Int] = [:]
        for (index, node) in nodes.enumerated() {
            let path = paths[node]
            let key = depth < path.count ? path[depth] : -1 - node
            if let existing = groupIndex[key] {
                groups[existing].members.append(node)
                groups[existing].sum += values[node]
            } else {
                groupIndex[key] = groups.count
                groups.append((key, [node], values[node], index))
            }
        }
        groups.sort { a, b in
            let va = a.sum / Double(a.members.count)
            let vb = b.sum / Double(b.members.count)
            return va < vb || (va == vb && a.first < b.first)
        }
        var result: [Int] = []
        result.reserveCapacity(nodes.count)
        for group in groups {
            if group.key >= 0 && group.members.count > 1 {
                result += sortLayer(group.members, values: values, paths: paths, depth: depth + 1)
            } else {
                result += group.members
            }
        }
        return result
    }

    /// Crossings between consecutive layers, counted with a Fenwick tree.
    private func totalCrossings(_ position: [Double]) -> Int {
        var total = 0
        for layer in layers.indices.dropLast() {
            var pairs: [(Int, Int)] = []
            for node in layers[layer] {
                for next in down[node] { pairs.append((Int(position[node]), Int(position[next.node]))) }
            }
            pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            let size = layers[layer + 1].count + 1
            var tree = Array(repeating: 0, count: size + 1)
            var seen = 0
            for (_, south) in pairs {
                // Count earlier edges that end to the right of this one.
                var index = south + 1
                var notGreater = 0
                while index > 0 {
                    notGreater += tree[index]
                    index -= index & -index
                }
                total += seen - notGreater
                index = south + 1
                while index <= size {
                    tree[index] += 1
                    index += index & -index
                }
                seen += 1
            }
        }
        return total
    }

    // MARK: - Coordinates

    private func separation(_ a: Int, _ b: Int) -> Double {
        let gap: Double
        switch (isDummy[a], isDummy[b]) {
        case (false, false): gap = nodeSpacing
        case (true, true): gap = crossSize[a] > 0 || crossSize[b] > 0 ? nodeSpacing / 2 : 12
        default: gap = nodeSpacing / 2
        }
        var extra = 0.0
        let pathA = clusterPath(a)
        let pathB = clusterPath(b)
        var shared = 0
        while shared < min(pathA.count, pathB.count) && pathA[shared] == pathB[shared] { shared += 1 }
        let titleAcross = direction.isHorizontal
        extra += Double(pathA.count - shared) * clusterPadding
        for entered in pathB.dropFirst(shared) {
            extra += clusterPadding + (titleAcross ? clusters[entered].titleSize.height : 0)
        }
        if titleAcross == false {
            // Titles wider than their members need room beside the frame too.
            extra += Double(pathB.count - shared) * 4
        }
        return (crossSize[a] + crossSize[b]) / 2 + gap + extra
    }

    /// Places each layer to follow its neighbours' mean, keeping order and separation, by
    /// weighted isotonic regression (pool adjacent violators) on separation-shifted targets.
    private mutating func assignCrossPositions() {
        x = Array(repeating: 0, count: rank.count)
        var offsets: [[Double]] = []
        for layer in layers {
            var offset = [0.0]
            for index in layer.indices.dropFirst() {
                offset.append(offset[index - 1] + separation(layer[index - 1], layer[index]))
            }
            offsets.append(offset)
            // `offset` starts with 0, so it is never empty.
            for (index, node) in layer.enumerated() { x[node] = offset[index] - offset[offset.count - 1] / 2 }
        }
        for iteration in 0..<10 {
            let downward = iteration % 2 == 0
            let both = iteration >= 8
            let sequence = downward ? Array(layers.indices) : Array(layers.indices.reversed())
            for layer in sequence {
                let nodes = layers[layer]
                var targets: [Double] = []
                var weights: [Double] = []
                for node in nodes {
                    let neighbours = both ? up[node] + down[node] : (downward ? up[node] : down[node])
                    if neighbours.isEmpty {
                        targets.append(x[node])
                        weights.append(0.01)
                    } else {
                        var sum = 0.0
                        var weight = 0.0
                        for neighbour in neighbours {
                            sum += x[neighbour.node] * neighbour.weight
                            weight += neighbour.weight
                        }
                        targets.append(sum / weight)
                        weights.append(weight)
                    }
                }
                let fitted = Self.isotonic(targets.enumerated().map { $1 - offsets[layer][$0] }, weights: weights)
                for (index, node) in nodes.enumerated() { x[node] = fitted[index] + offsets[layer][index] }
            }
        }
    }

    /// Weighted least-squares non-decreasing fit (pool adjacent violators).
    static func isotonic(_ values: [Double], weights: [Double]) -> [Double] {
        var blocks: [(value: Double, weight: Double, count: Int)] = []
        for (index, value) in values.enumerated() {
            blocks.append((value, weights[index], 1))
            while blocks.count > 1 && blocks[blocks.count - 2].value > blocks[blocks.count - 1].value {
                let last = blocks.removeLast()
                let previous = blocks.removeLast()
                let weight = previous.weight + last.weight
                blocks.append(
                    (
                        (previous.value * previous.weight + last.value * last.weight) / weight, weight,
                        previous.count + last.count
                    ))
            }
        }
        var result: [Double] = []
        result.reserveCapacity(values.count)
        for block in blocks { result += Array(repeating: block.value, count: block.count) }
        return result
    }

    /// Layer positions along the rank axis: each layer as thick as its thickest member, with
    /// half the rank spacing between layers and room for cluster padding and titles.
    private func assignRankPositions() -> [Double] {
        let count = layers.count
        var thickness = Array(repeating: 0.0, count: count)
        for node in 0..<rank.count { thickness[rank[node]] = max(thickness[rank[node]], rankSize[node]) }
        var extraBefore = Array(repeating: 0.0, count: count)
        var extraAfter = Array(repeating: 0.0, count: count)
        var low = Array(repeating: Int.max, count: clusters.count)
        var high = Array(repeating: Int.min, count: clusters.count)
        for node in 0..<sizes.count {
            var current = nodeCluster[node]
            while let value = current {
                low[value] = min(low[value], rank[node])
                high[value] = max(high[value], rank[node])
                current = clusters[value].parent
            }
        }
        let titleAtStart = direction == .topToBottom
        let titleAtEnd = direction == .bottomToTop
        for index in clusters.indices where low[index] <= high[index] {
            extraBefore[low[index]] += clusterPadding + (titleAtStart ? clusters[index].titleSize.height : 0)
            extraAfter[high[index]] += clusterPadding + (titleAtEnd ? clusters[index].titleSize.height : 0)
        }
        var positions = Array(repeating: 0.0, count: count)
        for layer in 1..<max(1, count) {
            positions[layer] =
                positions[layer - 1] + thickness[layer - 1] / 2 + rankSpacing / 2 + thickness[layer] / 2
                + extraAfter[layer - 1] + extraBefore[layer]
        }
        return positions
    }
}
