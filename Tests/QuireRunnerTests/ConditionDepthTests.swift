import QuireRunner
import Testing

/// `when:` conditions nest at most ``Condition/maxDepth`` levels, refused at the token one level
/// too deep; up to the bound they parse and evaluate.
@Suite struct ConditionDepthTests {
    static func failure(_ source: String) -> Condition.Failure? {
        do {
            _ = try Condition(source)
            return nil
        } catch {
            return error
        }
    }

    @Test func parenthesesAndNotsUpTo256() throws {
        let ok = try Condition(String(repeating: "(", count: 256) + "true" + String(repeating: ")", count: 256))
        #expect(try ok.evaluate { _ in nil } == true)
        let nots = try Condition(String(repeating: "not ", count: 256) + "true")
        #expect(try nots.evaluate { _ in nil } == true)
        let over = Self.failure(String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000))
        #expect(over?.column == 257)
        #expect(over?.message.contains("256 levels") == true)
        #expect(Self.failure(String(repeating: "not ", count: 10_000) + "true")?.column == 1 + 4 * 256)
    }

    @Test func chainsUpTo256() throws {
        // 254 `+` and the comparison: a tree of height 256.
        let ok = try Condition("1" + String(repeating: "+1", count: 254) + " == 255")
        #expect(try ok.evaluate { _ in nil } == true)
        let over = Self.failure("1" + String(repeating: "+1", count: 16_000) + " > 0")
        #expect(over?.column == 2 + 2 * 255)
        #expect(Self.failure("true" + String(repeating: " and true", count: 16_000)) != nil)
    }
}
