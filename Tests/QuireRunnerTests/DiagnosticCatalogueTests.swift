import Foundation
import QuireNotebook
import QuireRunner
import Testing

/// The diagnostic catalogues, their domains and docs/diagnostics.md agree.
@Suite struct DiagnosticCatalogueTests {
    static let all = Diagnostic.ID.catalogue + Diagnostic.ID.planCatalogue

    @Test func namesAreUniqueAcrossDomains() {
        let names = Self.all.map(\.rawValue)
        #expect(
            Set(names).count == names.count,
            "duplicated: \(names.filter { name in names.filter { $0 == name }.count > 1 })")
    }

    @Test func everyIdIsDocumented() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/diagnostics.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for id in Self.all {
            #expect(text.contains("| `\(id.rawValue)` |"), "docs/diagnostics.md has no row for \(id.rawValue)")
        }
    }

    @Test func domainsNameTheLayer() {
        #expect(Set(Diagnostic.ID.catalogue.map(\.domain)) == ["notebook"])
        #expect(Set(Diagnostic.ID.planCatalogue.map(\.domain)) == ["plan", "run"])
        #expect(Diagnostic.ID.mermaid("mermaid.too-deep").domain == "mermaid")
    }

    /// No code outside the catalogues declares an id.
    @Test func idsAreDeclaredOnlyInTheCatalogues() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Sources")
        let catalogues: Set<String> = ["Diagnostic+IDs.swift", "Diagnostic+Plan.swift", "Diagnostic.swift"]
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let file as URL in files where file.pathExtension == "swift" {
            guard !catalogues.contains(file.lastPathComponent) else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("ID(domain:"), "\(file.lastPathComponent) declares a diagnostic id")
            #expect(!text.contains("Self(domain:"), "\(file.lastPathComponent) declares a diagnostic id")
        }
    }
}
