import ArgumentParser
import Foundation
import QuireEngine
import QuireReport
import QuireService
import QuireSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire score MODEL.json DATA.csv -o scored.csv`: batch scoring in constant memory.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a CSV file of raw rows with an exported model, in constant memory.",
        discussion: """
            Reads DATA a block at a time, predicts at most --chunk-rows rows at a time, and \
            writes the model's input columns (in the order `quire score --inputs MODEL` lists \
            them), then `prediction` and, for a classifier, `probability_CLASS` per class: the \
            values `predict` gives in a notebook, bit for bit, numbers written as `write` writes \
            them. Other columns of DATA are not read. The output file is complete or left as it \
            was: it is written under a temporary name beside it and renamed at the end. \
            See docs/scoring.md.

            Exit codes: 0 scored; 64 the command line, the model file or the data is wrong (no \
            such file, not a model, a model from a newer Quire, not CSV, a missing column, a \
            value of the wrong kind or one the model cannot take: the message names the file, \
            and the line and column in DATA); 74 the output cannot be written.
            """)

    @Argument(help: ArgumentHelp("The model file written by `export` (OUTPUT/models/NAME.json).", valueName: "model"))
    var model: String

    @Argument(help: ArgumentHelp("The rows to score (CSV with a header row).", valueName: "data"))
    var data: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Where to write the scored rows (CSV); `-` for standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("At most this many rows are predicted at a time.", valueName: "n"))
    var chunkRows = 65_536

    @Option(
        help: ArgumentHelp("Threads (default: one per processor); the output does not depend on it.", valueName: "n"))
    var threads: Int?

    @Flag(help: "Print the columns a row must hold (name and kind), one a line, and exit.")
    var inputs = false

    func validate() throws {
        if chunkRows < 1 { throw ValidationError("--chunk-rows must be at least 1.") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1.") }
        if inputs { return }
        guard data != nil else {
            throw ValidationError("Give the data to score: `quire score MODEL.json DATA.csv -o FILE`.")
        }
        guard let output, !output.isEmpty else {
            throw ValidationError("Give the output file with `-o FILE` (`-o -` for standard output).")
        }
        var info = stat()
        let name = output.split(separator: "/").last ?? ""
        if output != "-",
            output.hasSuffix("/") || name == "." || name == ".."
                || (stat(output, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        {
            throw ValidationError("-o \(output) names a directory; give a file name, e.g. `-o scored.csv`.")
        }
    }

    func run() throws {
        if inputs {
            let trained: TrainedModel
            do { trained = try BatchScoring.loadModel(model) } catch { throw CommandFailure.badData(error.description) }
            Console.out(trained.inputs.map { "\($0.name)\t\($0.kind.rawValue)\n" }.joined())
            return
        }
        guard let data, let output else { return }
        var options = ScoreOptions()
        options.chunkRows = chunkRows
        if let threads { options.threads = threads }
        let result: ScoreResult
        do {
            result = try BatchScoring.score(
                model: model, data: data, output: output == "-" ? nil : output, options: options)
        } catch {
            switch error {
            case .input(let message): throw CommandFailure.badData(message)
            case .output(let failure): throw CommandFailure.output(failure)
            }
        }
        if output != "-" {
            Console.out("\(data): \(NumberFormat.integer(result.rows)) rows scored → \(output)\n")
        }
    }
}
