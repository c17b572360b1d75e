import Foundation
import QuireNotebook
import TestSupport
import Testing

/// The parser's golden files: the tree dump of the everything notebook, and what `quire check`
/// prints for each notebook of the bad-input corpus.
@Suite struct GoldenTests {
    static let golden = Bundle.module.url(forResource: "Golden", withExtension: nil)!
    /// The source folder, so that recording writes the committed files, not the bundle's copies.
    static let sourceGolden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden")

    static var corpus: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: golden.appendingPathComponent("diagnostics").path))
            ?? []
        return names.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
    }

    @Test func everythingDump() throws {
        let bytes = try Array(Data(contentsOf: Self.golden.appendingPathComponent("everything.md")))
        let result = NotebookParser().parse(bytes: bytes, path: "everything.md")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let notebook = try #require(result.notebook)
        if let difference = Golden.mismatch(
            notebook.dump(), goldenAt: Self.sourceGolden.appendingPathComponent("everything.dump"))
        {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func corpusIsNotEmpty() {
        #expect(Self.corpus.count >= 20)
    }

    @Test(arguments: corpus)
    func diagnostics(of name: String) throws {
        let bytes = try Array(Data(contentsOf: Self.golden.appendingPathComponent("diagnostics/\(name).md")))
        let result = NotebookParser().parse(bytes: bytes, path: "\(name).md")
        #expect(!result.diagnostics.isEmpty, "every file of the corpus has a problem")
        let printed = DiagnosticFormatter().format(result.diagnostics, path: "\(name).md", source: result.source)
        if let difference = Golden.mismatch(
            printed, goldenAt: Self.sourceGolden.appendingPathComponent("diagnostics/\(name).txt"))
        {
            Issue.record(Comment(rawValue: difference))
        }
    }
}
