import QuireSupport

/// A document for another system (a Kubernetes manifest, an Argo Workflow) whose keys keep the
/// order they are given in, written as YAML or JSON.
public indirect enum Manifest: Sendable, Equatable {
    /// A mapping, in order.
    case map([(String, Manifest)])
    /// A list.
    case list([Manifest])
    /// Text.
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A flag.
    case bool(Bool)

    /// Equal when the same keys hold equal values in the same order.
    public static func == (a: Manifest, b: Manifest) -> Bool {
        switch (a, b) {
        case (.map(let x), .map(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        case (.list(let x), .list(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.integer(let x), .integer(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        default: false
        }
    }

    /// Block-style YAML. Every string is double-quoted (a JSON string is a YAML one), so no
    /// value can be read as another type or break the structure.
    public var yaml: String {
        var out = ""
        Self.yaml(self, indent: 0, into: &out)
        return out
    }

    /// JSON with the keys in their order.
    public var json: String {
        var out = ""
        Self.json(self, into: &out)
        return out + "\n"
    }

    private var isScalar: Bool {
        switch self {
        case .map(let pairs): pairs.isEmpty
        case .list(let items): items.isEmpty
        default: true
        }
    }

    private var scalar: String {
        switch self {
        case .map: "{}"
        case .list: "[]"
        case .string(let text): JSONValue.quote(text)
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        }
    }

    private static func yaml(_ node: Manifest, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch node {
        case .map(let pairs) where !pairs.isEmpty:
            for (key, value) in pairs {
                out += pad + key + ":"
                if value.isScalar {
                    out += " " + value.scalar + "\n"
                } else {
                    out += "\n"
                    yaml(value, indent: indent + 2, into: &out)
                }
            }
        case .list(let items) where !items.isEmpty:
            for item in items {
                if item.isScalar {
                    out += pad + "- " + item.scalar + "\n"
                } else {
                    // The item's first line goes after the dash; the rest keep its indentation.
                    var nested = ""
                    yaml(item, indent: indent + 2, into: &nested)
                    out += pad + "- " + nested.dropFirst(indent + 2)
                }
            }
        default:
            out += pad + node.scalar + "\n"
        }
    }

    private static func json(_ node: Manifest, into out: inout String) {
        switch node {
        case .map(let pairs):
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += "," }
                out += JSONValue.quote(key) + ":"
                json(value, into: &out)
            }
            out += "}"
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                json(item, into: &out)
            }
            out += "]"
        default:
            out += node.scalar
        }
    }
}
