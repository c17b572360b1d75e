import Foundation
import QuireReport
import QuireRunner
import TestSupport
import Testing

/// Report sets survive kills at random moments: after each SIGKILL every notebook's files are
/// the complete old set or the complete new set, never a mix, and the next run removes what the
/// killed one left. Half the kills fall anywhere in the run, half shortly after writing began.
@Suite(.serialized, .tags(.slow)) struct OutputKillTests {
    static let names = ["alpha", "beta", "gamma"]
    static let kills = 20

    /// Notebook `name` in round `round`: a step `tag_ROUND` marks which round wrote a file; the
    /// long prose and the wide profile make the page large, so writing takes a while.
    static func notebook(_ name: String, round: Int) -> String {
        """
        # \(name), round \(round)

        \(String(repeating: "Prose that makes the page of this notebook a few hundred kilobytes long. ", count: 3000))

        ```step data
        generate: {kind: classification, n_samples: 400, n_features: 60, seed: 1}
        ```

        ```step columns
        profile: data
        ```

        ```step model
        train: {data: data, algorithm: logistic_regression, target: target}
        ```

        ```step ship
        export: {model: model, name: \(name)}
        ```

        ```step tag_\(round)
        generate: {kind: blobs, n_samples: 5, seed: \(round)}
        ```
        """
    }

    /// The round each file of notebook `name`'s set comes from (nil: no such file or no tag).
    static func rounds(of name: String, in output: URL) -> [String: Int?] {
        func text(_ file: String) -> String? {
            FileManager.default.contents(atPath: output.appendingPathComponent(file).path).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        func tag(_ text: String?, after prefix: String) -> Int? {
            guard let text, let range = text.range(of: prefix) else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        let json = text("\(name).json")
        let jsonRound = tag(json, after: "\"id\": \"tag_") ?? tag(json, after: "\"id\":\"tag_")
        let digest = json.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .flatMap { ($0["notebook"] as? [String: Any])?["digest"] as? String }
        // The model's manifest names the notebook's digest: it belongs with the summary that has it.
        let model = text("models/\(name).json")
        let modelRound = model.map { model in digest.map { model.contains($0) } == true ? jsonRound ?? -1 : -1 }
        return [
            "html": tag(text("\(name).html"), after: "id=\"step-tag_"), "json": jsonRound,
            "prom": tag(text("\(name).prom"), after: "step=\"tag_"), "model": modelRound,
        ]
    }

    /// Temporary files and journals under `output`.
    static func leftovers(in output: URL) -> [String] {
        let names = (FileManager.default.enumerator(atPath: output.path)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".journal") }.sorted()
    }

    @Test func killedRunsLeaveTheOldSetOrTheNewSetNeverAMix() throws {
        let project = try TemporaryDirectory()
        try project.write("", to: "quire.yaml")
        let output = project.url.appendingPathComponent("out")
        let arguments = ["run", "-q", "-o", "out"] + Self.names.map { "\($0).md" }
        for name in Self.names { try project.write(Self.notebook(name, round: 0), to: "\(name).md") }
        let first = try QuireProcess.run(arguments, in: project.url, timeout: 120)
        try #require(first.status == 0, "\(first.stderr)")
        // A warm run's length sets the range of kill moments.
        for name in Self.names { try project.write(Self.notebook(name, round: 1), to: "\(name).md") }
        let warmStart = Date()
        let warm = try QuireProcess.run(arguments, in: project.url, timeout: 120)
        try #require(warm.status == 0, "\(warm.stderr)")
        let warmSeconds = Date().timeIntervalSince(warmStart)

        var random = UInt64(12)
        // The round whose set is complete on disk, per notebook (each notebook's set is its own
        // transaction, so a kill may fall between two notebooks).
        var committed = Dictionary(uniqueKeysWithValues: Self.names.map { ($0, 1) })
        var leftTemporaryFiles = 0
        var newSets = 0
        var interruptedCommits = 0
        for round in 2..<(2 + Self.kills) {
            for name in Self.names { try project.write(Self.notebook(name, round: round), to: "\(name).md") }
            random = random &* 6364136223846793005 &+ 1442695040888963407
            let fraction = Double(random >> 40) / Double(1 << 24)
            let process = Process()
            process.executableURL = QuireProcess.binary
            process.arguments = arguments
            process.currentDirectoryURL = project.url
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if round % 2 == 0 {
                // Anywhere in the run.
                Thread.sleep(forTimeInterval: warmSeconds * (0.2 + fraction * 0.9))
            } else {
                // Once writing has begun (the first temporary file appears), at most 2 ms later:
                // writing the sets takes a few milliseconds, so most of these kills land inside it.
                let mark = ".\(process.processIdentifier).tmp"
                let deadline = Date(timeIntervalSinceNow: 4 * warmSeconds)
                while process.isRunning && Date() < deadline
                    && !Self.leftovers(in: output).contains(where: { $0.hasSuffix(mark) })
                {
                    usleep(300)
                }
                Thread.sleep(forTimeInterval: fraction * 0.002)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let left = Self.leftovers(in: output)
            if left.contains(where: { $0.hasSuffix(".\(process.processIdentifier).tmp") }) { leftTemporaryFiles += 1 }
            var sets = Dictionary(uniqueKeysWithValues: Self.names.map { ($0, Self.rounds(of: $0, in: output)) })
            let mixed = sets.filter { Set($0.value.values).count != 1 }
            let journalLeft = left.contains { $0.hasSuffix(".\(process.processIdentifier).journal") }
            #expect(mixed.isEmpty || journalLeft, "round \(round): a mixed set without a journal: \(mixed)")
            if journalLeft {
                // Killed once the commit was decided (its journal written) and before its last
                // rename: recovery, what the next run does first, completes the set, even when no
                // file of it had been renamed yet.
                interruptedCommits += 1
                OutputSet.recover(in: output.path, subdirectories: ["models"])
                sets = Dictionary(uniqueKeysWithValues: Self.names.map { ($0, Self.rounds(of: $0, in: output)) })
            }
            for (name, files) in sets {
                let found = Set(files.values)
                #expect(found.count == 1, "round \(round): \(name)'s files come from different runs: \(files)")
                guard found.count == 1, let from = found.first ?? nil else { continue }
                #expect(
                    from == committed[name] || from == round,
                    "round \(round): \(name)'s set is from round \(from), not \(committed[name]!) or \(round)")
                if from == round { newSets += 1 }
                committed[name] = from
            }
        }
        let final = try QuireProcess.run(
            ["run", "-o", "out"] + Self.names.map { "\($0).md" }, in: project.url, timeout: 120)
        #expect(final.status == 0, "\(final.stderr)")
        #expect(Self.leftovers(in: output).isEmpty, "left after the next run: \(Self.leftovers(in: output))")
        print(
            "kills: \(Self.kills) survived; \(leftTemporaryFiles) left temporary files (killed while writing), "
                + "\(interruptedCommits) between renames, \(newSets) of \(Self.kills * Self.names.count) notebook sets were new; warm run \(String(format: "%.2f", warmSeconds)) s"
        )
        #expect(leftTemporaryFiles >= 3, "too few kills landed while the outputs were being written")
    }
}
