extension Plan {
    /// The step graph as a mermaid flowchart: solid arrows carry data (labelled with the output
    /// when it is not the primary one), dotted arrows are order-only dependencies.
    public var mermaid: String {
        var out = "flowchart TD\n"
        let index = Dictionary(steps.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for (position, step) in steps.enumerated() {
            out += "  n\(position)[\"\(Self.label(step.id))<br/><small>\(Self.label(step.op))</small>\"]\n"
        }
        for (position, step) in steps.enumerated() {
            var dataSources = Set<String>()
            for reference in step.inputs {
                guard let from = index[reference.step] else { continue }
                dataSources.insert(reference.step)
                let primary = steps[from].schema.primaryOutput
                let label = reference.output == primary ? "" : "|\(Self.label(reference.output))|"
                out += "  n\(from) -->\(label) n\(position)\n"
            }
            for dependency in step.dependencies.sorted() where !dataSources.contains(dependency) {
                if let from = index[dependency] { out += "  n\(from) -.-> n\(position)\n" }
            }
        }
        return out
    }

    /// Text safe inside a quoted mermaid label.
    static func label(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
