extension Notebook {
    /// A tree dump of a notebook with `@line:col-line:col` ranges, for golden tests and debugging.
    ///
    /// ```
    /// notebook lines=24
    ///   front-matter @1:1-6:3
    ///     title "Churn" @2:8-2:12
    ///     param seed @4:3-4:6 = int 42 @4:9-4:10
    ///   prose @8:1-10:12
    ///   step split @12:1-17:3 info @12:4-12:13 id @12:9-12:13
    ///     op split @13:1-13:5
    ///       mapping @14:3-16:10
    ///         from @14:3-14:6: string "customers" @14:9-14:17
    /// ```
    public func dump() -> String {
        var out = "notebook lines=\(lineCount)"
        if let firstHeading { out += " heading=\(Self.quote(firstHeading))" }
        out += "\n"
        if let frontMatter {
            out += "  front-matter \(frontMatter.range)\n"
            if let title = frontMatter.title { out += "    title \(Self.quote(title.value)) \(title.range)\n" }
            if let description = frontMatter.description {
                out += "    description \(Self.quote(description.value)) \(description.range)\n"
            }
            for param in frontMatter.params {
                out += "    param \(param.name.value) \(param.name.range) = \(Self.dump(param.value, indent: 4))"
            }
            if let defaults = frontMatter.defaults { out += "    defaults \(Self.dump(defaults, indent: 4))" }
            for pair in frontMatter.extra {
                out +=
                    "    extra \(pair.key.scalar?.text ?? "?") \(pair.key.range) = \(Self.dump(pair.value, indent: 4))"
            }
        }
        var headings = self.headings[...]
        for block in blocks {
            switch block {
            case .prose(let prose):
                out += "  prose \(prose.range)\n"
                while let heading = headings.first, heading.range.start.line <= prose.range.end.line {
                    out +=
                        "    heading \(heading.level) #\(heading.anchor) \(Self.quote(heading.text)) \(heading.range)\n"
                    headings = headings.dropFirst()
                }
            case .mermaid(let code):
                out +=
                    "  mermaid \(code.range) lines=\(code.code.split(separator: "\n", omittingEmptySubsequences: false).count - 1)"
                out += code.isClosed ? "\n" : " unclosed\n"
            case .code(let code):
                out += "  code \(code.language.isEmpty ? "(indented)" : Self.quote(code.language)) \(code.range)"
                out += code.isClosed ? "\n" : " unclosed\n"
            case .step(let step):
                out +=
                    "  step \(step.id.isEmpty ? "(no id)" : step.id) \(step.range) info \(step.infoRange) id \(step.idRange)"
                out += step.isClosed ? "\n" : " unclosed\n"
                for option in step.displayOptions {
                    out += "    option \(option.name)=\(option.value) \(option.range)\n"
                }
                if let op = step.op {
                    out += "    op \(op.value) \(op.range)\n"
                    if let parameters = step.parameters { out += "      " + Self.dump(parameters, indent: 6) }
                }
                for need in step.needs { out += "    needs \(need.value) \(need.range)\n" }
                if let when = step.when { out += "    when \(Self.quote(when.value)) \(when.range)\n" }
                if let title = step.title { out += "    title \(Self.quote(title.value)) \(title.range)\n" }
                if let timeout = step.timeout { out += "    timeout \(timeout.value)s \(timeout.range)\n" }
                if let resources = step.resources {
                    let asked = [
                        resources.value.cpu.map { "cpu=\($0)" }, resources.value.memory.map { "memory=\($0)" },
                        resources.value.gpu.map { "gpu=\($0)" },
                    ]
                    out += "    resources \(asked.compactMap { $0 }.joined(separator: " ")) \(resources.range)\n"
                }
                for reference in step.paramReferences {
                    out += "    param-ref \(reference.value) \(reference.range)\n"
                }
            }
        }
        return out
    }

    /// One node: a line for a scalar, or a header line and indented children.
    static func dump(_ node: YAMLNode, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        switch node.value {
        case .scalar(let scalar):
            let quoted = scalar.isQuoted ? " quoted" : ""
            return "\(scalar.kind.rawValue)\(quoted) \(quote(scalar.text)) \(node.range)\n"
        case .sequence(let elements):
            var out = "sequence \(node.range)\n"
            for element in elements { out += pad + "- " + dump(element, indent: indent + 2) }
            return out
        case .mapping(let pairs):
            var out = "mapping \(node.range)\n"
            for pair in pairs {
                out +=
                    pad + "\(pair.key.scalar?.text ?? "?") \(pair.key.range): " + dump(pair.value, indent: indent + 2)
            }
            return out
        }
    }

    /// A string in double quotes with `"`, `\` and control characters escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
