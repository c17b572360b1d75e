import ArgumentParser
import Foundation
import QuireEngine
import QuireReport
import QuireSupport

struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save a drift reference profile of a CSV file, for `drift: {reference_profile: FILE}`.",
        discussion: """
            Reads the data once and keeps, per column, what drift tests need (sorted values, \
            category counts, missing and infinite counts): comparing against the profile gives \
            exactly the result of comparing against the data, without reading the data again.

            Exit code 64 when the data cannot be read as CSV (the reader's message and position \
            are printed), 74 when the profile cannot be written.
            """)

    @Argument(help: "The reference data (CSV).")
    var data: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the profile (JSON).", valueName: "file"))
    var output: String

    @Option(help: "The CSV field delimiter.")
    var delimiter = ","

    func validate() throws {
        if output.isEmpty { throw ValidationError("--output needs a file name, e.g. `-o reference.json`.") }
        var info = stat()
        let name = output.split(separator: "/").last ?? ""
        if output.hasSuffix("/") || name == "." || name == ".."
            || (stat(output, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR)
        {
            let example = output.hasSuffix("/") ? output + "reference.json" : output + "/reference.json"
            throw ValidationError("--output \(output) names a directory; give a file name, e.g. `-o \(example)`.")
        }
    }

    func run() throws {
        guard delimiter.count == 1, let character = delimiter.first else {
            throw ValidationError("--delimiter must be one character")
        }
        let frame: Frame
        do {
            frame = try CSVReader.read(contentsOf: data, options: CSVOptions(delimiter: character))
        } catch let error as CSVError {
            // The data named on the command line is not valid CSV: a usage error, like a
            // `--params` file that is not valid YAML.
            throw CommandFailure.badData(error.description)
        }
        let json = String(decoding: try JSONCoding.encoder.encode(DriftReference(frame)), as: UTF8.self)
        do throws(OutputError) { try ReportWriter.write(json + "\n", to: output) } catch {
            throw CommandFailure.output(error)
        }
        let rows = NumberFormat.integer(frame.rowCount)
        Console.out("\(data): \(rows) rows × \(frame.columns.count) columns → \(output)\n")
    }
}
