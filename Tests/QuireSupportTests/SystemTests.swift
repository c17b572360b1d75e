import Foundation
import QuireSupport
import Synchronization
import Testing

/// Child processes, values worked out in the background, the host's name.
@Suite struct SystemTests {
    @Test func childOutputsAndStatusAreCaptured() throws {
        let output = try #require(
            ChildProcess.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 7"], environment: []))
        #expect(String(decoding: output.stdout, as: UTF8.self) == "out")
        #expect(String(decoding: output.stderr, as: UTF8.self) == "err")
        #expect(output.status == 7)
    }

    /// Both pipes far past their 64 KiB buffers: read together, neither side blocks.
    @Test func largeOutputsOnBothPipesDoNotStall() throws {
        let script = "head -c 300000 /dev/zero; head -c 200000 /dev/zero >&2; head -c 100000 /dev/zero"
        let output = try #require(ChildProcess.run("/bin/sh", ["-c", script], environment: []))
        #expect(output.stdout.count == 400_000)
        #expect(output.stderr.count == 200_000)
        #expect(output.status == 0)
    }

    @Test func theEnvironmentIsExactlyTheOneGivenAndInputIsEmpty() throws {
        let output = try #require(
            ChildProcess.run("/bin/sh", ["-c", "env | sort; cat"], environment: ["A=1", "B=two words"]))
        let lines = String(decoding: output.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.contains("A=1"))
        #expect(lines.contains("B=two words"))
        #expect(!lines.contains { $0.hasPrefix("HOME=") })
    }

    @Test func aSignalEndsWith128PlusItsNumber() throws {
        let output = try #require(ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"], environment: []))
        #expect(output.status == 128 + SIGTERM)
    }

    @Test func aProgramThatCannotStartIsNil() {
        #expect(ChildProcess.run("/nonexistent/program", [], environment: []) == nil)
    }

    /// Children started at once from several threads each end their own read (no write end leaks
    /// into another child).
    @Test func concurrentChildrenEachGetTheirOwnOutput() {
        let results = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let output = ChildProcess.run("/bin/sh", ["-c", "echo \(index)"], environment: [])
            results.withLock { $0[index] = output.map { String(decoding: $0.stdout, as: UTF8.self) } }
        }
        #expect(results.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, "\($0)\n") }))
    }

    @Test func backgroundValueIsComputedOnceAndWaitedFor() {
        let calls = Mutex(0)
        let value = Background { () -> Int in
            usleep(20_000)
            calls.withLock { $0 += 1 }
            return 42
        }
        #expect(value.value == 42)
        #expect(value.value == 42)
        #expect(calls.withLock { $0 } == 1)
    }

    @Test func hostNameIsWhatGethostnameSays() throws {
        let output = try #require(ChildProcess.run("/bin/hostname", [], environment: []))
        #expect(
            HostName.current
                == String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
