/// A parsed flowchart: nodes in order of first mention, edges in source order, and subgraphs.
struct Flowchart: Sendable {
    /// A node's outline, named after mermaid's syntax.
    enum Shape: String, Sendable, Hashable {
        case rectangle, rounded, stadium, subroutine, cylinder, circle, doubleCircle, diamond, hexagon
        case asymmetric, leanRight, leanLeft, trapezoid, invertedTrapezoid
        // The v11 `A@{ shape: … }` shapes that have no bracket spelling.
        case text, card, linedRect, smallCircle, framedCircle, fork, hourglass, braceLeft, braceRight, braces
        case bolt, document, delay, horizontalCylinder, linedCylinder, curvedTrapezoid, dividedRect, triangle
        case windowPane, filledCircle, notchedPentagon, flippedTriangle, slopedRect, documents, stackedRect
        case bowTieRect, crossedCircle, taggedDocument, taggedRect, flag, linedDocument
    }

    /// What sits at one end of an edge.
    enum Head: String, Sendable, Hashable { case none, arrow, circle, cross }

    /// How an edge's line is drawn.
    enum Stroke: String, Sendable, Hashable { case normal, thick, dotted, invisible }

    struct Node: Sendable {
        var id: String
        var label: String
        var shape: Shape = .rectangle
        var classes: [String] = []
        var style: [(String, String)] = []
    }

    struct Edge: Sendable {
        var from: String
        var to: String
        var head: Head
        var tail: Head
        var stroke: Stroke
        var label: String?
        /// Extra length from the longer spellings (`--->` is 2).
        var length: Int
        var style: [(String, String)] = []
    }

    struct Subgraph: Sendable {
        var id: String
        var title: String
        var direction: FlowDirection?
        /// Node ids placed directly in this subgraph, in order of mention.
        var nodes: [String] = []
        /// Indices of nested subgraphs.
        var children: [Int] = []
        var parent: Int?
        var classes: [String] = []
        var style: [(String, String)] = []
    }

    var direction: FlowDirection = .topToBottom
    var title: String?
    var nodes: [Node] = []
    var nodeIndex: [String: Int] = [:]
    var edges: [Edge] = []
    var subgraphs: [Subgraph] = []
    var classDefs: [String: [(String, String)]] = [:]
    var defaultLinkStyle: [(String, String)] = []

    /// The index of the node with `id`, creating a plain node if it is new.
    mutating func touchNode(_ id: String) -> Int {
        if let index = nodeIndex[id] { return index }
        nodes.append(Node(id: id, label: id))
        nodeIndex[id] = nodes.count - 1
        return nodes.count - 1
    }
}
