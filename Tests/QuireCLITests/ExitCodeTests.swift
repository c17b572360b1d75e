import Foundation
import TestSupport
import Testing

/// The one mapping from errors and outcomes to exit codes, through the built binary.
@Suite struct ExitCodeTests {
    /// A data file that is not valid CSV is a usage error (64), like a `--params` file that is
    /// not valid YAML; it is not an invalid notebook (2). The message is the CSV reader's.
    @Test func referenceOfABadCSVIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a,b\n1,2\n3\n", to: "bad.csv")
        let output = try QuireProcess.run(["reference", "bad.csv", "-o", "r.json"], in: directory.url)
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.hasPrefix("bad.csv:3:"), "\(output.stderr)")
        #expect(output.stderr.contains("error: "))
        #expect(!output.stderr.contains("Usage:"), "the CSV error is not an argument-parsing error")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("r.json").path))
        let missing = try QuireProcess.run(["reference", "missing.csv", "-o", "r.json"], in: directory.url)
        #expect(missing.status == 64, "\(missing.stderr)")
        #expect(missing.stderr.hasPrefix("missing.csv:"), "\(missing.stderr)")
    }

    /// A gateway whose host name does not resolve: the metrics were not delivered (69), never
    /// "a step failed" (1).
    @Test func pushToAnUnresolvableHostIsUnavailable() throws {
        let directory = try TemporaryDirectory()
        try directory.write("# t\n", to: "nb.md")
        try directory.write("quire_last_run_success{notebook=\"nb\"} 1\n", to: "reports/nb.prom")
        let output = try QuireProcess.run(
            ["push", "nb.md", "--gateway", "http://quire-test.invalid:9091", "--timeout", "10"], in: directory.url,
            timeout: 30)
        #expect(output.status == 69, "\(output.stderr)")
        #expect(output.stderr.hasPrefix("error: "), "\(output.stderr)")
        #expect(output.stderr.hasSuffix("nothing was pushed\n"), "\(output.stderr)")
    }

    /// Usage errors the run service finds are printed as the argument parser prints its own.
    @Test func serviceUsageErrorsExit64() throws {
        let directory = try TemporaryDirectory()
        try directory.write("```step raw\ngenerate: {kind: blobs, n_samples: 20}\n```\n", to: "nb.md")
        let forced = try QuireProcess.run(["run", "--force", "rwa", "nb.md"], in: directory.url, timeout: 60)
        #expect(forced.status == 64)
        #expect(
            forced.stderr.hasPrefix("Error: --force rwa: 'nb.md' has no step 'rwa' (did you mean 'raw'?)\n"),
            "\(forced.stderr)")
        let param = try QuireProcess.run(["run", "-p", "seed", "nb.md"], in: directory.url, timeout: 60)
        #expect(param.status == 64)
        #expect(param.stderr.hasPrefix("Error: -p expects name=value, not 'seed'\n"), "\(param.stderr)")
    }
}
