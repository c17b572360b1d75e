/// A `when:` condition: a small expression over parameters and upstream scalars.
///
/// ```
/// when: params.retrain
/// when: "customers.rows > 1000 and params.mode == 'full'"
/// ```
/// Grammar: `or`, `and`, `not`, comparisons (`== != < <= > >=`), `+ - * /`, parentheses,
/// numbers, quoted strings, `true`/`false`, and dotted names: `params.NAME`, `STEP.SCALAR`
/// (of the step's primary output) or `STEP.OUTPUT.SCALAR`.
public struct Condition: Sendable {
    indirect enum Node: Sendable {
        case number(Double)
        case text(String)
        case bool(Bool)
        case name([String], column: Int)
        case not(Node)
        case binary(String, Node, Node, column: Int)
    }

    /// A value while evaluating.
    public enum Value: Sendable, Equatable {
        case number(Double)
        case text(String)
        case bool(Bool)
    }

    /// A syntax or evaluation error at a 1-based column of the condition's text.
    public struct Failure: Error, Sendable {
        public var message: String
        public var column: Int
        public var length: Int
    }

    /// Most levels a condition may nest (parentheses, `not`, operators in a chain): parsing and
    /// evaluating recurse once per level.
    public static let maxDepth = 256

    static func tooDeep(column: Int, length: Int) -> Failure {
        Failure(
            message: "the condition nests more than \(maxDepth) levels deep",
            column: column, length: length)
    }

    public let source: String
    let root: Node
    /// The dotted names used, with their columns.
    public let names: [(path: [String], column: Int)]

    public init(_ source: String) throws(Failure) {
        self.source = source
        var parser = Parser(source)
        root = try parser.parseCondition()
        names = parser.names
    }

    /// Evaluates with `lookup` giving the value of each dotted name (nil: unknown).
    public func evaluate(_ lookup: ([String]) -> Value?) throws(Failure) -> Bool {
        let value = try Self.evaluate(root, lookup)
        guard case .bool(let result) = value else {
            throw Failure(message: "the condition is not true or false", column: 1, length: source.count)
        }
        return result
    }

    private static func evaluate(_ node: Node, _ lookup: ([String]) -> Value?) throws(Failure) -> Value {
        switch node {
        case .number(let value): return .number(value)
        case .text(let value): return .text(value)
        case .bool(let value): return .bool(value)
        case .name(let path, let column):
            guard let value = lookup(path) else {
                let name = path.joined(separator: ".")
                throw Failure(message: "'\(name)' has no value", column: column, length: name.count)
            }
            return value
        case .not(let inner):
            guard case .bool(let value) = try evaluate(inner, lookup) else {
                throw Failure(message: "`not` needs true or false", column: 1, length: 3)
            }
            return .bool(!value)
        case .binary(let op, let lhs, let rhs, let column):
            let left = try evaluate(lhs, lookup)
            if op == "and" || op == "or" {
                guard case .bool(let a) = left else {
                    throw Failure(message: "`\(op)` needs true or false", column: column, length: op.count)
                }
                if op == "and" && !a { return .bool(false) }
                if op == "or" && a { return .bool(true) }
                guard case .bool(let b) = try evaluate(rhs, lookup) else {
                    throw Failure(message: "`\(op)` needs true or false", column: column, length: op.count)
                }
                return .bool(b)
            }
            let right = try evaluate(rhs, lookup)
            switch (op, left, right) {
            case ("==", _, _): return .bool(left == right)
            case ("!=", _, _): return .bool(left != right)
            case (_, .number(let a), .number(let b)):
                switch op {
                case "<": return .bool(a < b)
                case "<=": return .bool(a <= b)
                case ">": return .bool(a > b)
                case ">=": return .bool(a >= b)
                case "+": return .number(a + b)
                case "-": return .number(a - b)
                case "*": return .number(a * b)
                default: return .number(a / b)
                }
            case (_, .text(let a), .text(let b)) where ["<", "<=", ">", ">="].contains(op):
                return .bool(op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b)
            default:
                throw Failure(
                    message: "`\(op)` cannot combine \(left.typeName) and \(right.typeName)", column: column,
                    length: op.count)
            }
        }
    }

    /// A recursive-descent parser over the condition's characters.
    struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        var names: [(path: [String], column: Int)] = []

        init(_ text: String) {
            scalars = Array(text.unicodeScalars)
        }

        mutating func parseCondition() throws(Failure) -> Node {
            let node = try parseOr().node
            skipSpaces()
            if position < scalars.count {
                throw Failure(message: "unexpected '\(scalars[position])'", column: position + 1, length: 1)
            }
            return node
        }

        /// A node and its height (1 for a leaf): the recursion depth of evaluating it.
        typealias Parsed = (node: Node, height: Int)

        /// Parentheses and `not`s open around the position.
        var nesting = 0

        mutating func parseOr() throws(Failure) -> Parsed {
            var node = try parseAnd()
            while let column = keyword("or") { node = try binary("or", node, try parseAnd(), column: column) }
            return node
        }

        mutating func parseAnd() throws(Failure) -> Parsed {
            var node = try parseNot()
            while let column = keyword("and") { node = try binary("and", node, try parseNot(), column: column) }
            return node
        }

        mutating func parseNot() throws(Failure) -> Parsed {
            if let column = keyword("not") {
                try enter(column: column, length: 3)
                defer { nesting -= 1 }
                let inner = try parseNot()
                return (.not(inner.node), inner.height + 1)
            }
            return try parseComparison()
        }

        mutating func parseComparison() throws(Failure) -> Parsed {
            let node = try parseSum()
            for op in ["==", "!=", "<=", ">=", "<", ">"] {
                if let column = symbol(op) { return try binary(op, node, try parseSum(), column: column) }
            }
            return node
        }

        mutating func parseSum() throws(Failure) -> Parsed {
            var node = try parseProduct()
            while true {
                if let column = symbol("+") {
                    node = try binary("+", node, try parseProduct(), column: column)
                } else if let column = symbol("-") {
                    node = try binary("-", node, try parseProduct(), column: column)
                } else {
                    return node
                }
            }
        }

        mutating func parseProduct() throws(Failure) -> Parsed {
            var node = try parseAtom()
            while true {
                if let column = symbol("*") {
                    node = try binary("*", node, try parseAtom(), column: column)
                } else if let column = symbol("/") {
                    node = try binary("/", node, try parseAtom(), column: column)
                } else {
                    return node
                }
            }
        }

        /// `lhs op rhs`, refused when it makes the tree deeper than ``Condition/maxDepth``.
        func binary(_ op: String, _ lhs: Parsed, _ rhs: Parsed, column: Int) throws(Failure) -> Parsed {
            let height = max(lhs.height, rhs.height) + 1
            if height > Condition.maxDepth { throw Condition.tooDeep(column: column, length: op.count) }
            return (.binary(op, lhs.node, rhs.node, column: column), height)
        }

        mutating func enter(column: Int, length: Int) throws(Failure) {
            nesting += 1
            if nesting > Condition.maxDepth { throw Condition.tooDeep(column: column, length: length) }
        }

        mutating func parseAtom() throws(Failure) -> Parsed {
            skipSpaces()
            guard position < scalars.count else {
                throw Failure(message: "the condition ends too early", column: max(scalars.count, 1), length: 1)
            }
            let start = position
            let scalar = scalars[position]
            if scalar == "(" {
                position += 1
                try enter(column: start + 1, length: 1)
                defer { nesting -= 1 }
                let node = try parseOr()
                guard symbol(")") != nil else {
                    throw Failure(message: "'(' is never closed", column: start + 1, length: 1)
                }
                return node
            }
            if scalar == "'" || scalar == "\"" {
                position += 1
                var text = String.UnicodeScalarView()
                while position < scalars.count, scalars[position] != scalar {
                    text.append(scalars[position])
                    position += 1
                }
                guard position < scalars.count else {
                    throw Failure(message: "the string is never closed", column: start + 1, length: 1)
                }
                position += 1
                return (.text(String(text)), 1)
            }
            if scalar == "-" || ("0"..."9").contains(scalar) || scalar == "." {
                position += 1
                while position < scalars.count,
                    ("0"..."9").contains(scalars[position]) || ".eE".unicodeScalars.contains(scalars[position])
                        || ((scalars[position] == "-" || scalars[position] == "+")
                            && "eE".unicodeScalars.contains(scalars[position - 1]))
                {
                    position += 1
                }
                let text = String(String.UnicodeScalarView(scalars[start..<position]))
                guard let value = Double(text) else {
                    throw Failure(message: "'\(text)' is not a number", column: start + 1, length: text.count)
                }
                return (.number(value), 1)
            }
            guard Self.isNameStart(scalar) else {
                throw Failure(message: "unexpected '\(scalar)'", column: start + 1, length: 1)
            }
            var path: [String] = []
            var part = String.UnicodeScalarView()
            while position < scalars.count, Self.isNamePart(scalars[position]) || scalars[position] == "." {
                if scalars[position] == "." {
                    path.append(String(part))
                    part = String.UnicodeScalarView()
                } else {
                    part.append(scalars[position])
                }
                position += 1
            }
            path.append(String(part))
            if path.contains(where: \.isEmpty) {
                throw Failure(
                    message: "'\(path.joined(separator: "."))' is not a name", column: start + 1,
                    length: position - start)
            }
            if path.count == 1 {
                switch path[0] {
                case "true": return (.bool(true), 1)
                case "false": return (.bool(false), 1)
                default: break
                }
            }
            names.append((path, start + 1))
            return (.name(path, column: start + 1), 1)
        }

        static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
        }

        static func isNamePart(_ scalar: Unicode.Scalar) -> Bool {
            isNameStart(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }

        mutating func skipSpaces() {
            while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
        }

        /// Consumes `word` if it comes next as a whole word; returns its column.
        mutating func keyword(_ word: String) -> Int? {
            skipSpaces()
            let word = Array(word.unicodeScalars)
            guard position + word.count <= scalars.count, Array(scalars[position..<(position + word.count)]) == word,
                position + word.count == scalars.count || !Self.isNamePart(scalars[position + word.count])
            else { return nil }
            position += word.count
            return position - word.count + 1
        }

        mutating func symbol(_ text: String) -> Int? {
            skipSpaces()
            let symbol = Array(text.unicodeScalars)
            guard position + symbol.count <= scalars.count,
                Array(scalars[position..<(position + symbol.count)]) == symbol
            else {
                return nil
            }
            position += symbol.count
            return position - symbol.count + 1
        }
    }
}

extension Condition.Value {
    var typeName: String {
        switch self {
        case .number: "a number"
        case .text: "text"
        case .bool: "true/false"
        }
    }
}
