import QuireSupport
import Testing

/// The one expression syntax in its two dialects: columns (`filter`, `derive`) and paths (`when:`).
@Suite struct ExpressionSyntaxTests {
    static func names(_ node: ExpressionNode) -> [String] {
        switch node.kind {
        case .name(let name): [name]
        case .number, .string, .boolean: []
        case .unary(_, let operand): names(operand)
        case .binary(_, let lhs, let rhs): names(lhs) + names(rhs)
        case .inList(let operand, _, _): names(operand)
        case .call(_, let arguments): arguments.flatMap(names)
        }
    }

    @Test func pathsHoldDotsAndHyphens() throws {
        let tree = try ExpressionSyntax.parse("my-step.out.rows > 3 and params.x == 'a'", dialect: .paths)
        #expect(Self.names(tree) == ["my-step.out.rows", "params.x"])
        guard case .binary("and", _, _) = tree.kind else {
            Issue.record("`and` is not the root")
            return
        }
        #expect(tree.column == 22)
    }

    @Test func columnsReadAHyphenAsMinus() throws {
        let tree = try ExpressionSyntax.parse("a-b", dialect: .columns)
        guard case .binary("-", _, _) = tree.kind else {
            Issue.record("not a subtraction")
            return
        }
        #expect(Self.names(tree) == ["a", "b"])
        #expect(throws: ExpressionError.self) { try ExpressionSyntax.parse("a.b", dialect: .columns) }
    }

    @Test func messagesNameTheSubject() {
        for (dialect, subject) in [(ExpressionSyntax.Dialect.columns, "expression"), (.paths, "condition")] {
            do {
                _ = try ExpressionSyntax.parse("", dialect: dialect)
                Issue.record("empty text accepted")
            } catch {
                #expect(error.message == "the \(subject) is empty")
            }
            let deep = String(repeating: "(", count: 300) + "x" + String(repeating: ")", count: 300)
            do {
                _ = try ExpressionSyntax.parse(deep, dialect: dialect)
                Issue.record("300 levels accepted")
            } catch {
                #expect(error.code == .tooDeep)
                #expect(error.column == ExpressionSyntax.maxDepth + 1)
                #expect(error.message == "the \(subject) nests more than 256 levels deep")
            }
        }
    }

    /// Prefix operators count as nesting; chains of binary operators as height. Both stop at 256.
    @Test func depthRules() throws {
        _ = try ExpressionSyntax.parse(String(repeating: "not ", count: 256) + "x", dialect: .columns)
        #expect(throws: ExpressionError.self) {
            try ExpressionSyntax.parse(String(repeating: "not ", count: 257) + "x", dialect: .columns)
        }
        let chain = try ExpressionSyntax.parse("x" + String(repeating: " + x", count: 255), dialect: .columns)
        #expect(chain.height == 256)
        #expect(throws: ExpressionError.self) {
            try ExpressionSyntax.parse("x" + String(repeating: " + x", count: 256), dialect: .columns)
        }
    }
}
