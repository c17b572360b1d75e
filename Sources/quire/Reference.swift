import ArgumentParser
import Foundation
import QuireEngine
import QuireReport
import QuireSupport

struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Save a drift reference profile of a CSV file, for `drift: {reference_profile: FILE}`.",
        discussion: """
            Reads the data once and keeps, per column, what drift tests need (sorted values, \
            category counts, missing and infinite counts): comparing against the profile gives \
            exactly the result of comparing against the data, without reading the data again.

            With --compact, a numeric column keeps at most --points weighted points instead of \
            every value: a column with that few distinct values stays exact; any other is cut \
            into blocks of equal size, each kept as its middle value, and the profile records \
            what that costs (its distribution function is within half a block of the data's). \
            Drift rows against it give the interval the exact result lies in. The file no \
            longer grows with the data.

            Exit code 64 when the data cannot be read as CSV (the reader's message and position \
            are printed), 74 when the profile cannot be written.
            """)

    @Argument(help: "The reference data (CSV).")
    var data: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the profile (JSON).", valueName: "file"))
    var output: String

    @Option(help: "The CSV field delimiter.")
    var delimiter = ","

    @Flag(help: "Keep each numeric column as at most --points weighted points, not every value.")
    var compact = false

    @Option(
        help: ArgumentHelp(
            "The points a compact numeric column keeps (default 10,000; implies --compact).", valueName: "n"))
    var points: Int?

    /// The points a compact profile keeps, or `nil` for an exact one.
    var compactPoints: Int? { points ?? (compact ? DriftColumnProfile.defaultPoints : nil) }

    func validate() throws {
        if let points, !(Self.pointRange ~= points) {
            throw ValidationError(
                "--points must be between \(Self.pointRange.lowerBound) and \(NumberFormat.integer(Self.pointRange.upperBound)), got \(points); the default is \(NumberFormat.integer(DriftColumnProfile.defaultPoints))."
            )
        }
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
        let reference = DriftReference(frame, points: compactPoints)
        let json = String(decoding: try JSONCoding.encoder.encode(reference), as: UTF8.self)
        do throws(OutputError) { try ReportWriter.write(json + "\n", to: output) } catch {
            throw CommandFailure.output(error)
        }
        let rows = NumberFormat.integer(frame.rowCount)
        var kept = ""
        if let points = compactPoints {
            // The largest gap between a column's distribution function and the data's, as a share.
            let gaps = reference.columns.compactMap { column in
                column.approximation.map { Double($0.ecdfError) / Double(max(column.presentCount, 1)) }
            }
            kept =
                gaps.max().map {
                    " (compact: at most \(NumberFormat.integer(points)) points a column, "
                        + "distribution functions within \(NumberFormat.percent($0, significantDigits: 2)) of the data's)"
                } ?? " (compact, exact)"
        }
        Console.out("\(data): \(rows) rows × \(frame.columns.count) columns → \(output)\(kept)\n")
    }

    /// The points a compact column may keep: enough for the blocks' medians to mean something,
    /// few enough that the file stays small.
    static let pointRange = 10...1_000_000
}
