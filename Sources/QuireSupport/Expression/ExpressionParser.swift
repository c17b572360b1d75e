/// Recursive-descent parser; precedence from loosest: `or`, `and`, `not`, comparisons and `in`,
/// `+ -`, `* / %`, unary `-`, then literals, names, calls and parentheses.
struct ExpressionParser {
    private let source: String
    private let dialect: ExpressionSyntax.Dialect
    private let tokens: [ExpressionToken]
    private var index = 0
    /// Parentheses, calls, `not` and unary `-` open around the token being read.
    private var nesting = 0

    static func parse(_ source: String, dialect: ExpressionSyntax.Dialect) throws(ExpressionError) -> ExpressionNode {
        let tokens = try ExpressionLexer.tokens(of: source, pathNames: dialect.pathNames)
        var parser = ExpressionParser(source: source, dialect: dialect, tokens: tokens)
        if case .end = parser.current.kind {
            throw ExpressionError(
                code: .syntax, message: "the \(dialect.subject) is empty", hint: "write a condition such as `age > 30`",
                expression: source, column: 1)
        }
        let node = try parser.parseOr()
        guard case .end = parser.current.kind else {
            throw parser.unexpected(
                "an operator or the end of the \(dialect.subject)", hint: "join conditions with `and` / `or`")
        }
        return node
    }

    private init(source: String, dialect: ExpressionSyntax.Dialect, tokens: [ExpressionToken]) {
        self.source = source
        self.dialect = dialect
        self.tokens = tokens
    }

    private var current: ExpressionToken { tokens[index] }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func describe(_ token: ExpressionToken) -> String {
        switch token.kind {
        case .number(let value): "number `\(value)`"
        case .string(let text): "string \"\(text)\""
        case .name(let name), .quotedName(let name): "name `\(name)`"
        case .keyword(let word): "`\(word)`"
        case .symbol(let symbol): "`\(symbol)`"
        case .end: "the end of the \(dialect.subject)"
        }
    }

    private func unexpected(_ expected: String, hint: String? = nil) -> ExpressionError {
        ExpressionError(
            code: .syntax, message: "expected \(expected), found \(describe(current))", hint: hint,
            expression: source, column: current.column, length: current.length)
    }

    /// A node of a chain, a list test or a call, refused when it makes the tree deeper than
    /// ``ExpressionSyntax/maxDepth``.
    private func make(_ kind: ExpressionNode.Kind, at token: ExpressionToken) throws(ExpressionError)
        -> ExpressionNode
    {
        let node = ExpressionNode(kind: kind, column: token.column, length: token.length)
        if node.height > ExpressionSyntax.maxDepth { throw tooDeep(at: token) }
        return node
    }

    /// A prefix operator's node. Its level is counted as nesting when the operator is read (at
    /// most ``ExpressionSyntax/maxDepth`` open at once), not again as height.
    private func prefix(_ op: String, _ operand: ExpressionNode, at token: ExpressionToken) -> ExpressionNode {
        ExpressionNode(kind: .unary(op, operand), column: token.column, length: token.length)
    }

    /// Counts one more level of parentheses, call or prefix operator.
    private mutating func enter(at token: ExpressionToken) throws(ExpressionError) {
        nesting += 1
        if nesting > ExpressionSyntax.maxDepth { throw tooDeep(at: token) }
    }

    private func tooDeep(at token: ExpressionToken) -> ExpressionError {
        ExpressionError(
            code: .tooDeep,
            message: "the \(dialect.subject) nests more than \(ExpressionSyntax.maxDepth) levels deep",
            hint: dialect.depthHint,
            expression: source, column: token.column, length: token.length)
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let s) = current.kind { return s == symbol }
        return false
    }

    private func isKeyword(_ word: String) -> Bool {
        if case .keyword(let w) = current.kind { return w == word }
        return false
    }

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var left = try parseAnd()
        while isKeyword("or") {
            let op = advance()
            let right = try parseAnd()
            left = try make(.binary("or", left, right), at: op)
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var left = try parseNot()
        while isKeyword("and") {
            let op = advance()
            let right = try parseNot()
            left = try make(.binary("and", left, right), at: op)
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> ExpressionNode {
        if isKeyword("not") {
            let op = advance()
            try enter(at: op)
            defer { nesting -= 1 }
            let operand = try parseNot()
            return prefix("not", operand, at: op)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> ExpressionNode {
        let left = try parseAdditive()
        if case .symbol(let s) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(s) {
            let op = advance()
            let right = try parseAdditive()
            if case .symbol(let t) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(t) {
                throw unexpected("the end of the comparison", hint: "chain comparisons with `and`: `0 < x and x < 1`")
            }
            return try make(.binary(s, left, right), at: op)
        }
        var negated = false
        var op = current
        if isKeyword("not"), index + 1 < tokens.count, case .keyword("in") = tokens[index + 1].kind {
            negated = true
            _ = advance()
            op = current
        }
        if isKeyword("in") {
            _ = advance()
            let items = try parseList()
            return try make(.inList(left, items, negated: negated), at: op)
        }
        return left
    }

    private mutating func parseList() throws(ExpressionError) -> [ExpressionNode] {
        guard isSymbol("[") else {
            throw unexpected("`[` to start a list", hint: "write a list like `[\"a\", \"b\"]` or `[1, 2]`")
        }
        _ = advance()
        var items: [ExpressionNode] = []
        if isSymbol("]") {
            throw unexpected("a value in the list", hint: "list at least one value")
        }
        while true {
            let token = current
            var sign = 1.0
            if isSymbol("-") {
                _ = advance()
                sign = -1
            }
            switch current.kind {
            case .number(let value):
                _ = advance()
                items.append(
                    ExpressionNode(
                        kind: .number(sign * value), column: token.column, length: current.column - token.column))
            case .string(let text) where sign > 0:
                _ = advance()
                items.append(ExpressionNode(kind: .string(text), column: token.column, length: token.length))
            case .keyword(let word) where word == "true" || word == "false":
                _ = advance()
                items.append(ExpressionNode(kind: .boolean(word == "true"), column: token.column, length: token.length))
            default:
                throw unexpected(
                    "a number or a string", hint: "list items are literal values, e.g. `[1, 2]` or `[\"a\", \"b\"]`")
            }
            if isSymbol(",") {
                _ = advance()
                continue
            }
            guard isSymbol("]") else { throw unexpected("`,` or `]`") }
            _ = advance()
            return items
        }
    }

    private mutating func parseAdditive() throws(ExpressionError) -> ExpressionNode {
        var left = try parseMultiplicative()
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            let op = advance()
            let right = try parseMultiplicative()
            left = try make(.binary(s, left, right), at: op)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> ExpressionNode {
        var left = try parseUnary()
        while case .symbol(let s) = current.kind, s == "*" || s == "/" || s == "%" {
            let op = advance()
            let right = try parseUnary()
            left = try make(.binary(s, left, right), at: op)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        if isSymbol("-") {
            let op = advance()
            try enter(at: op)
            defer { nesting -= 1 }
            let operand = try parseUnary()
            if case .number(let value) = operand.kind {
                return ExpressionNode(
                    kind: .number(-value), column: op.column, length: operand.column + operand.length - op.column)
            }
            return prefix("-", operand, at: op)
        }
        if isSymbol("+") {
            let op = advance()
            try enter(at: op)
            defer { nesting -= 1 }
            return try parseUnary()
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return ExpressionNode(kind: .number(value), column: token.column, length: token.length)
        case .string(let text):
            _ = advance()
            return ExpressionNode(kind: .string(text), column: token.column, length: token.length)
        case .keyword("true"), .keyword("false"):
            _ = advance()
            return ExpressionNode(
                kind: .boolean(token.kind == .keyword("true")), column: token.column, length: token.length)
        case .quotedName(let name):
            _ = advance()
            return ExpressionNode(kind: .name(name), column: token.column, length: token.length)
        case .name(let name):
            _ = advance()
            guard isSymbol("(") else {
                return ExpressionNode(kind: .name(name), column: token.column, length: token.length)
            }
            try enter(at: advance())
            defer { nesting -= 1 }
            var arguments: [ExpressionNode] = []
            if !isSymbol(")") {
                while true {
                    arguments.append(try parseOr())
                    if isSymbol(",") {
                        _ = advance()
                        continue
                    }
                    guard isSymbol(")") else {
                        throw unexpected(
                            "`,` or `)`", hint: "separate arguments with commas and close the call with `)`")
                    }
                    break
                }
            }
            _ = advance()
            return try make(.call(name, arguments), at: token)
        case .symbol("("):
            try enter(at: advance())
            defer { nesting -= 1 }
            let inner = try parseOr()
            guard isSymbol(")") else {
                throw unexpected("`)`", hint: "close the parenthesis opened at column \(token.column)")
            }
            _ = advance()
            return inner
        default:
            throw unexpected("a value, a column name or `(`")
        }
    }
}
