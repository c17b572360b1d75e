import Testing

@testable import QuireEngine

/// Expressions nest at most ``Expression/maxDepth`` levels: parentheses, calls, prefix operators
/// and chains of binary operators alike, refused at the token that goes one level too deep.
@Suite struct ExpressionDepthTests {
    static let frame = try! Frame(columns: [Column(name: "x", numbers: [1, 2, 3])])

    static func depthError(_ source: String) -> ExpressionError? {
        do {
            _ = try Expression(source)
            return nil
        } catch let error as ExpressionError {
            return error.code == .tooDeep ? error : nil
        } catch {
            return nil
        }
    }

    @Test func parenthesesUpTo256Levels() throws {
        let ok = String(repeating: "(", count: 256) + "x > 1" + String(repeating: ")", count: 256)
        let kept = try Self.frame.filter(Expression(ok))
        #expect(kept.rowCount == 2)
        let over = String(repeating: "(", count: 4_000) + "x" + String(repeating: ")", count: 4_000)
        let error = try #require(Self.depthError(over))
        #expect(error.column == 257)
        #expect(error.message.contains("256 levels"))
    }

    @Test func longChainsAreBounded() throws {
        // 255 `+` make a tree of height 256: the deepest allowed.
        let ok = "x" + String(repeating: "+x", count: 255)
        let values = try Expression(ok).evaluate(on: Self.frame)
        #expect(values == .numbers([256, 512, 768]))
        let over = "x" + String(repeating: "+x", count: 16_000)
        let error = try #require(Self.depthError(over))
        #expect(error.column == 2 + 2 * 255)
        #expect(Self.depthError("x > 0" + String(repeating: " and x > 0", count: 16_000)) != nil)
    }

    @Test(arguments: ["not ", "-", "+", "abs("])
    func prefixesAndCallsAreBounded(prefix: String) {
        let close = prefix == "abs(" ? ")" : ""
        let source = String(repeating: prefix, count: 10_000) + "x" + String(repeating: close, count: 10_000)
        let error = Self.depthError(source)
        // A call's level opens at its parenthesis.
        #expect(error?.column == (prefix == "abs(" ? 256 * 4 + 4 : 1 + 256 * prefix.count))
    }
}
