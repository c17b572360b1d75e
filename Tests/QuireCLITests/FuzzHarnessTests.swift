import Foundation
import TestSupport
import Testing

/// `fuzz-harness TARGET FILE…` (docs/reliability.md) replays saved inputs through the same entry
/// points libFuzzer drives.
@Suite struct FuzzHarnessTests {
    static var harness: URL { QuireProcess.binary.deletingLastPathComponent().appendingPathComponent("fuzz-harness") }

    @Test(arguments: [
        ("notebook", "```step a\nload: [1\n```\n"), ("yaml", "p: [1, 2"), ("expression", "x > 1 and ("),
        ("csv", "a,b\n1,\"2\n"), ("mermaid", "flowchart LR\n  A --> B\n"),
    ])
    func replaysAnInput(target: String, input: String) throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("input")
        try input.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = Self.harness
        process.arguments = [target, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output == "\(file.path): ok\n")
    }

    @Test func anUnknownTargetIsAUsageError() throws {
        let process = Process()
        process.executableURL = Self.harness
        process.arguments = ["nothing"]
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
    }
}
