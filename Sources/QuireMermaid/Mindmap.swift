/// A parsed mindmap: a tree of nodes, the root first.
struct Mindmap: Sendable {
    /// A node's outline, named after mermaid's syntax.
    enum Shape: String, Sendable, Hashable {
        /// Bare text: underlined, no border.
        case plain
        case square, rounded, circle, bang, cloud, hexagon
    }

    struct Node: Sendable {
        var label: String
        var shape: Shape
        /// Indentation of the source line, which decides the parent.
        var level: Int
        var children: [Int] = []
        var parent: Int?
        var icon: String?
        var classes: [String] = []
    }

    /// All nodes; index 0 is the root when the mindmap is not empty.
    var nodes: [Node] = []
    var title: String?
}
