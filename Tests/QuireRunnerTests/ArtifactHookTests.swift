import QuireRunner
import Testing

/// The artifact hooks are found through the `Operation` requirements: the ops that conform to
/// `ProducesArtifacts` answer with theirs, every other op with none.
@Suite struct ArtifactHookTests {
    @Test func onlyTheOpsThatProduceFilesNameSubdirectories() {
        let registry = OpRegistry.standard
        #expect(registry.artifactDirectories == ["models"])
        #expect(registry.operation(named: "export")?.artifactSubdirectories == ["models"])
        #expect(registry.operation(named: "write")?.artifactSubdirectories == [])
        #expect(registry.operation(named: "load")?.artifactSubdirectories == [])
        let producers = registry.names.filter { registry.operation(named: $0) is any ProducesArtifacts.Type }
        #expect(producers.sorted() == ["export", "write"])
    }
}
