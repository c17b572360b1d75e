import QuireNotebook
import Testing

/// Every YAML key and value of a step carries its exact range in the file.
@Suite struct YAMLRangeTests {
    static func parameters(_ body: String) throws -> YAMLNode {
        let source = "```step s\n\(body)\n```\n"
        let result = NotebookParser().parse(bytes: Array(source.utf8), path: "y.md")
        #expect(!result.diagnostics.containsErrors, "\(result.diagnostics)")
        return try #require(result.notebook?.steps.first?.parameters)
    }

    static func diagnostics(_ body: String) -> [Diagnostic] {
        NotebookParser().parse(bytes: Array("```step s\n\(body)\n```\n".utf8), path: "y.md").diagnostics
    }

    static func range(_ line: Int, _ first: Int, _ last: Int) -> SourceRange {
        SourceRange(start: .init(line: line, column: first), end: .init(line: line, column: last))
    }

    @Test func blockMappingScalars() throws {
        let node = try Self.parameters(
            "train:\n  data: split.train   # comment\n  C: 1.5\n  name: 'it''s'\n  text: \"a \\\" b\"")
        #expect(node["data"]?.range == Self.range(3, 9, 19))
        #expect(node["C"]?.range == Self.range(4, 6, 8))
        #expect(node["C"]?.double == 1.5)
        #expect(node["name"]?.range == Self.range(5, 9, 15))
        #expect(node["name"]?.string == "it's")
        #expect(node["text"]?.range == Self.range(6, 9, 16))
        #expect(node["text"]?.string == "a \" b")
        let keys = try #require(node.pairs).map(\.key.range)
        #expect(keys.first == Self.range(3, 3, 6))
        #expect(node.range == SourceRange(start: .init(line: 3, column: 3), end: .init(line: 6, column: 16)))
    }

    @Test func flowCollectionsEndAtTheirBracket() throws {
        let node = try Self.parameters("train: {data: a, list: [1, 2.5, x], nested: {k: v}}")
        #expect(node.range == Self.range(2, 8, 51))
        #expect(node["list"]?.range == Self.range(2, 24, 34))
        #expect(
            node["list"]?.elements?.map(\.range) == [
                Self.range(2, 25, 25), Self.range(2, 28, 30), Self.range(2, 33, 33),
            ])
        #expect(node["nested"]?.range == Self.range(2, 45, 50))
    }

    @Test func blockScalarsSpanTheirLines() throws {
        let node = try Self.parameters("derive:\n  note: |\n    first line\n    second line\n  after: 1")
        let note = try #require(node["note"])
        #expect(note.string == "first line\nsecond line\n")
        #expect(note.range.start == .init(line: 3, column: 9))
        #expect(note.range.end == .init(line: 5, column: 15))
        #expect(node["after"]?.range == Self.range(6, 10, 10))
    }

    @Test func coreSchemaTypes() throws {
        let node = try Self.parameters(
            "op: {a: yes, b: true, c: ~, d: 0x1F, e: -1.5e3, f: .inf, g: '1', h: !!str 2, i: 1_000, j: .nan}")
        #expect(node["a"]?.string == "yes")
        #expect(node["b"]?.bool == true)
        #expect(node["c"]?.isNull == true)
        #expect(node["d"]?.int == 31)
        #expect(node["e"]?.double == -1500)
        #expect(node["f"]?.double == .infinity)
        #expect(node["g"]?.string == "1")
        #expect(node["h"]?.string == "2")
        #expect(node["i"]?.string == "1_000")
        #expect(node["j"]?.double?.isNaN == true)
    }

    @Test func anchorsAndAliasesCopyValues() throws {
        let node = try Self.parameters("op:\n  base: &b [1, 2]\n  copy: *b")
        #expect(node["copy"]?.elements?.count == 2)
        #expect(node["copy"]?.range == Self.range(4, 9, 10))
    }

    @Test func duplicateKeysAndUnknownAliasesAreErrors() {
        let duplicate = Self.diagnostics("op:\n  a: 1\n  a: 2")
        #expect(duplicate.map(\.id) == [.stepYAML])
        #expect(duplicate.first?.range?.start == .init(line: 4, column: 3))
        #expect(duplicate.first?.message.contains("duplicate key 'a'") == true)
        let alias = Self.diagnostics("op: *nowhere")
        #expect(alias.map(\.id) == [.stepYAML])
        #expect(alias.first?.range?.start == .init(line: 2, column: 5))
    }

    @Test func secondDocumentIsAnError() {
        let found = Self.diagnostics("load: a\n---\nload: b")
        #expect(found.map(\.id) == [.stepYAML])
        #expect(found.first?.range?.start.line == 3)
    }

    @Test func deepNestingIsADiagnostic() {
        let deep = "op: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        let found = Self.diagnostics(deep)
        #expect(found.map(\.id) == [.yamlTooDeep])
        // The body mapping is level 1, so the 64th bracket opens level 65.
        #expect(found.first?.range?.start == .init(line: 2, column: 5 + 63))
    }
}
