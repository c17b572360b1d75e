/// Reads the YAML of the front matter into a ``FrontMatter``, reporting wrong types.
struct FrontMatterReader {
    let yaml: String
    let map: LineMap
    let range: SourceRange
    var diagnostics: [Diagnostic] = []

    init(yaml: String, map: LineMap, range: SourceRange) {
        self.yaml = yaml
        self.map = map
        self.range = range
    }

    mutating func read() -> FrontMatter {
        var matter = FrontMatter(range: range)
        var reader = YAMLReader(text: yaml, map: map)
        let root: YAMLNode?
        do {
            root = try reader.read()
        } catch let error where error.isTooDeep {
            diagnostics.append(
                .error(
                    .yamlTooDeep, error.message, at: error.location.map { SourceRange(start: $0, end: $0) } ?? range,
                    hint: YAMLReader.depthHint))
            return matter
        } catch {
            diagnostics.append(
                .error(
                    error.isTooComplex ? .yamlTooComplex : .frontMatterYAML,
                    "invalid YAML in front matter: \(error.message)",
                    at: error.location.map { SourceRange(start: $0, end: $0) } ?? range,
                    hint: "front matter is YAML `key: value` lines, e.g. `title: Churn baseline`",
                    notes: error.context.map {
                        [
                            Diagnostic.Note(
                                "\($0.text) that starts here", at: SourceRange(start: $0.location, end: $0.location))
                        ]
                    } ?? []))
            return matter
        }
        guard let root else { return matter }
        matter.root = root
        guard let pairs = root.pairs else {
            diagnostics.append(
                .error(
                    .frontMatterType, "front matter must be a mapping of keys to values, not \(root.kindDescription)",
                    at: root.range, hint: "write `title: …`, `params:` and other keys, one per line"))
            return matter
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                diagnostics.append(.error(.frontMatterType, "front matter keys must be names", at: pair.key.range))
                continue
            }
            switch key {
            case "title":
                matter.title = text(pair.value, key: key)
            case "description":
                matter.description = text(pair.value, key: key)
            case "params":
                matter.params = params(pair.value)
            case "defaults":
                if pair.value.pairs == nil && !pair.value.isNull {
                    diagnostics.append(
                        .error(
                            .frontMatterType, "'defaults' must be a mapping, not \(pair.value.kindDescription)",
                            at: pair.value.range))
                }
                matter.defaults = pair.value
            default:
                matter.extra.append(pair)
            }
        }
        return matter
    }

    private mutating func text(_ node: YAMLNode, key: String) -> Located<String>? {
        if let scalar = node.scalar, scalar.kind != .null {
            return Located(scalar.text, at: node.range)
        }
        diagnostics.append(
            .error(
                .frontMatterType, "'\(key)' must be text, not \(node.kindDescription)", at: node.range,
                hint: "quote it if it contains ':' or starts with a special character"))
        return nil
    }

    private mutating func params(_ node: YAMLNode) -> [FrontMatter.Param] {
        if node.isNull { return [] }
        guard let pairs = node.pairs else {
            diagnostics.append(
                .error(
                    .frontMatterType,
                    "'params' must be a mapping of names to default values, not \(node.kindDescription)",
                    at: node.range, hint: "write one `name: default` per line, indented under `params:`"))
            return []
        }
        var params: [FrontMatter.Param] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text, Self.isParamName(name) else {
                diagnostics.append(
                    .error(
                        .frontMatterType, "'\(pair.key.scalar?.text ?? "?")' is not a valid parameter name",
                        at: pair.key.range,
                        hint: "parameter names are letters, digits and '_', starting with a letter or '_'"))
                continue
            }
            params.append(FrontMatter.Param(name: Located(name, at: pair.key.range), value: pair.value))
        }
        return params
    }

    static func isParamName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }
}
