import Foundation
import QuireRunner
import TestSupport
import Testing

/// The cache survives kills at random moments and concurrent runs.
@Suite(.serialized, .tags(.slow)) struct ReliabilityTests {
    static let notebook = """
        ```step big
        generate: {kind: classification, n_samples: 60000, n_features: 20, seed: 1}
        ```
        ```step split
        split: {from: big, test_size: 0.3, seed: 2}
        ```
        ```step train_profile
        profile: split.train
        ```
        ```step test_profile
        profile: split.test
        ```
        ```step wide
        generate: {kind: regression, n_samples: 60000, n_features: 20, seed: 3}
        ```
        ```step wide_profile
        profile: wide
        ```
        """

    /// Every cache object's bytes match its name, and every entry decodes and names objects that exist.
    static func verifyCache(_ root: URL) throws {
        let fm = FileManager.default
        let objects = root.appendingPathComponent("objects")
        for case let url as URL in fm.enumerator(at: objects, includingPropertiesForKeys: nil)!
        where !url.hasDirectoryPath {
            let bytes = try Data(contentsOf: url)
            #expect(Digest.sha256([UInt8](bytes)) == url.lastPathComponent, "corrupt object \(url.lastPathComponent)")
        }
        for case let url as URL in fm.enumerator(
            at: root.appendingPathComponent("entries"), includingPropertiesForKeys: nil)!
        where url.pathExtension == "json" {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            #expect(object?["key"] as? String == url.deletingPathExtension().lastPathComponent)
        }
    }

    @Test func killedRunsLeaveNoCorruptEntries() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.notebook, to: "nb.md")
        var random = UInt64(42)
        for _ in 0..<6 {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            let delay = 0.05 + Double(random >> 40) / Double(1 << 24) * 0.6
            let process = Process()
            process.executableURL = QuireProcess.binary
            process.arguments = ["run", "-q", "nb.md"]
            process.currentDirectoryURL = project.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try Self.verifyCache(project.url.appendingPathComponent(".quire/cache"))
        }
        let final = try QuireProcess.run(["run", "nb.md"], in: project.url)
        #expect(final.status == 0, "\(final.stderr)")
        try Self.verifyCache(project.url.appendingPathComponent(".quire/cache"))
    }

    @Test func concurrentRunsOnOneCacheBothSucceedIdentically() throws {
        let project = try TemporaryDirectory()
        try project.write(Self.notebook, to: "nb.md")
        var processes: [Process] = []
        for name in ["a", "b"] {
            let process = Process()
            process.executableURL = QuireProcess.binary
            process.arguments = ["run", "-q", "--reproducible", "-o", name, "nb.md"]
            process.currentDirectoryURL = project.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        func steps(_ name: String) throws -> [[String: String]] {
            let data = try Data(contentsOf: project.url.appendingPathComponent("\(name)/nb.json"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return ((json?["steps"] as? [[String: Any]]) ?? []).map { step in
                let outputs = (step["outputs"] as? [String: [String: Any]]) ?? [:]
                return outputs.mapValues { $0["digest"] as? String ?? "" }
            }
        }
        #expect(try steps("a") == steps("b"))
        try Self.verifyCache(project.url.appendingPathComponent(".quire/cache"))
    }
}
