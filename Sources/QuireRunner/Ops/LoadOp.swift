import QuireEngine

/// `load`: reads a CSV file into a frame.
struct LoadOp: Operation {
    static let schema = OpSchema(
        name: "load",
        summary:
            "Read a CSV file (RFC 4180) into a frame, inferring column types (numeric, date for ISO 8601 values, else categorical).",
        parameters: [
            .init("path", .path, required: true, "the CSV file, relative to the notebook"),
            .init("delimiter", .string, default: .string(","), "the field delimiter, one character"),
            .init("missing", .list(.string), "texts that mean a missing value (default: empty, NA, N/A, null, NaN)"),
            .init(
                "types", .mapping(.choice(["numeric", "categorical", "date"])), "column types that override inference"),
            .init(
                "dates", .mapping(.string),
                "formats of date columns not in ISO 8601, e.g. {signup: \"%d/%m/%Y\"} (%Y %y %m %d %H %M %S %b, literal text)"
            ),
        ],
        shorthand: "path", outputs: [.init("frame", .frame, "the file's rows")],
        examples: [
            .init("customers", "load: data/customers.csv"),
            .init("plans", "load: {path: data/plans.csv, types: {plan_id: numeric}}"),
            .init("churn", "load: data/churn.csv"),
        ])

    struct Parameters: Decodable, Sendable {
        var path: String
        var delimiter: String
        var missing: [String]?
        var types: OrderedMapping<ColumnKind>?
        var dates: OrderedMapping<String>?
    }

    /// The header and the kinds inferred from the first 64 KiB (``CSVSample``); unknown when the
    /// file cannot be read or lies outside the project root (the run reports it).
    static func outputSchemas(_ parameters: Parameters, in context: SchemaContext) throws -> [String: FrameSchema]? {
        guard let path = context.file(parameters.path), let delimiter = parameters.delimiter.first,
            parameters.delimiter.count == 1
        else { return nil }
        var options = CSVOptions(delimiter: delimiter, threads: 1)
        if let missing = parameters.missing { options.missingMarkers = Set(missing) }
        for entry in parameters.types?.entries ?? [] { options.types[entry.key] = entry.value }
        return CSVSample.schema(ofFileAt: path, options: options).map { ["frame": $0] }
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        guard parameters.delimiter.count == 1, let character = parameters.delimiter.first else {
            throw context.failure(
                .invalidArgument, "the delimiter must be one character, not '\(parameters.delimiter)'", at: "delimiter")
        }
        var options = CSVOptions(delimiter: character, threads: context.threads)
        if let missing = parameters.missing { options.missingMarkers = Set(missing) }
        for entry in parameters.types?.entries ?? [] { options.types[entry.key] = entry.value }
        for entry in parameters.dates?.entries ?? [] {
            do {
                options.dates[entry.key] = try DatePattern(entry.value)
            } catch let error as FrameError {
                throw context.failure(.init(of: error), error.message, hint: error.hint, at: "dates", cause: error)
            }
        }
        do {
            return ["frame": .frame(try CSVReader.read(contentsOf: context.path(parameters.path), options: options))]
        } catch let error as CSVError where error.code == .invalidOptions {
            throw context.failure(.init(of: error), error.message, hint: error.hint, at: "delimiter", cause: error)
        } catch let error as CSVError {
            let place = error.line > 0 ? "\(parameters.path):\(error.line):\(error.column): " : ""
            throw context.failure(.init(of: error), place + error.message, hint: error.hint, at: "path", cause: error)
        }
    }
}
