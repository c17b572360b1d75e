/// A YAML value read from a notebook, with the range where it was written.
///
/// Quire's own tree, converted from Yams' so that no Yams type reaches a public API and every
/// node knows its position in the original file. Plain scalars are typed by the YAML 1.2 core
/// schema (`yes`/`no`/`on`/`off` stay strings); quoted scalars are always strings.
public struct YAMLNode: Hashable, Sendable {
    /// A scalar, a list or a mapping.
    public indirect enum Value: Hashable, Sendable {
        case scalar(Scalar)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    /// One key–value entry of a mapping; keys may be any node, as in YAML.
    public struct Pair: Hashable, Sendable {
        /// The key node, usually a string scalar.
        public var key: YAMLNode
        /// The value node.
        public var value: YAMLNode

        /// Creates the entry `key: value`.
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// A scalar as written, and its type under the core schema.
    public struct Scalar: Hashable, Sendable {
        /// The core-schema type of a scalar; quoted scalars are always `string`.
        public enum Kind: String, Hashable, Sendable {
            case null, bool, int, float, string
        }

        /// The scalar's text after YAML unquoting and folding.
        public var text: String
        /// The type under the YAML 1.2 core schema.
        public var kind: Kind
        /// Whether the scalar was quoted (`'…'` or `"…"`) or a block scalar (`|`, `>`).
        public var isQuoted: Bool

        /// Creates a scalar of type `kind`; the reader types plain scalars by the core schema.
        public init(text: String, kind: Kind, isQuoted: Bool = false) {
            self.text = text
            self.kind = kind
            self.isQuoted = isQuoted
        }
    }

    /// The scalar, list or mapping.
    public var value: Value
    /// Where the node is written in the original file.
    public var range: SourceRange

    /// Creates a node written at `range`.
    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension YAMLNode {
    /// The scalar, or nil for a list or mapping.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = value { return scalar }
        return nil
    }

    /// The entries of a mapping in the order written, or nil for a scalar or list.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }

    /// The elements of a list, or nil for a scalar or mapping.
    public var elements: [YAMLNode]? {
        if case .sequence(let elements) = value { return elements }
        return nil
    }

    /// The text of a string scalar (not of a number, boolean or null).
    public var string: String? {
        guard let scalar, scalar.kind == .string else { return nil }
        return scalar.text
    }

    /// The value of a boolean scalar (`true`/`false` in any core-schema case), else nil.
    public var bool: Bool? {
        guard let scalar, scalar.kind == .bool else { return nil }
        return scalar.text.lowercased() == "true"
    }

    /// The value of an integer scalar (decimal, `0x` hex or `0o` octal), else nil; nil also on overflow.
    public var int: Int? {
        guard let scalar, scalar.kind == .int else { return nil }
        return YAMLNode.parseInteger(scalar.text)
    }

    /// The value of an integer or float scalar.
    public var double: Double? {
        guard let scalar else { return nil }
        switch scalar.kind {
        case .int: return YAMLNode.parseInteger(scalar.text).map(Double.init)
        case .float: return YAMLNode.parseFloat(scalar.text)
        default: return nil
        }
    }

    /// Whether this is a null scalar (`null`, `~` or empty).
    public var isNull: Bool { scalar?.kind == .null }

    /// The value of the first pair whose key is the string `key`.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar?.text == key }?.value
    }

    /// What kind of value this is, in words for diagnostics: "a string", "a list", …
    public var kindDescription: String {
        switch value {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            switch scalar.kind {
            case .null: return "null"
            case .bool: return "a boolean"
            case .int: return "an integer"
            case .float: return "a number"
            case .string: return "a string"
            }
        }
    }
}

extension YAMLNode {
    /// The core-schema type of a plain scalar's text.
    static func resolveKind(ofPlain text: String) -> Scalar.Kind {
        // Most plain scalars are names and paths: a first letter outside [nNtTfF] makes a string.
        if let first = text.utf8.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z"),
            !"nNtTfF".utf8.contains(first)
        {
            return .string
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
            ".nan", ".NaN", ".NAN":
            return .float
        default: break
        }
        if parseInteger(text) != nil { return .int }
        if isCoreFloat(text) { return .float }
        return .string
    }

    static func parseInteger(_ text: String) -> Int? {
        if text.hasPrefix("0x"), text.count > 2 { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o"), text.count > 2 { return Int(text.dropFirst(2), radix: 8) }
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text.first == "+" ? String(text.dropFirst()) : text)
    }

    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: return isCoreFloat(text) ? Double(text) : nil
        }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isCoreFloat(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        func digits() -> Int {
            let count = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        let whole = digits()
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = digits()
            if whole == 0 && fraction == 0 { return false }
        } else if whole == 0 {
            return false
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            if digits() == 0 { return false }
        }
        return bytes.isEmpty
    }
}

extension YAMLNode {
    /// Parses a standalone YAML text (a `--params` file, a `-p name=value` value) whose positions
    /// are its own lines and columns.
    ///
    /// - Returns: the root node, or nil for an empty text.
    /// - Throws: a ``Diagnostic`` (id `yaml-syntax`) at the problem's position in `text`.
    public static func parse(_ text: String) throws(Diagnostic) -> YAMLNode? {
        // A lone CR ends a line, as in YAML and in notebooks; positions then count it as one.
        let lines = TextLines(
            String(decoding: NotebookParser.endingLinesAtLoneCarriageReturns(Array(text.utf8)), as: UTF8.self))
        var reader = YAMLReader(
            lines: lines, map: LineMap(firstLine: 1, columnOffsets: Array(repeating: 0, count: lines.count)))
        do {
            return try reader.read()
        } catch {
            throw Diagnostic.error(
                error.isTooDeep ? .yamlTooDeep : error.isTooComplex ? .yamlTooComplex : .yamlSyntax, error.message,
                at: error.location.map { SourceRange(start: $0, end: $0) },
                hint: error.isTooDeep ? YAMLReader.depthHint : nil)
        }
    }
}
