import QuireEngine
import QuireNotebook

// The data operations: acquire (load, generate) and prepare (select, drop, filter, derive,
// split, profile). Each maps its typed parameters onto the engine and its errors onto
// positions in the notebook.

private let fromParameter = OpSchema.Parameter("from", .input(.frame), required: true, "the frame to read")

struct LoadOp: Operation {
    static let schema = OpSchema(
        name: "load", summary: "Read a CSV file (RFC 4180) into a frame, inferring column types.",
        parameters: [
            .init("path", .path, required: true, "the CSV file, relative to the notebook"),
            .init("delimiter", .string, default: .string(","), "the field delimiter, one character"),
            .init("missing", .list(.string), "texts that mean a missing value (default: empty, NA, N/A, null, NaN)"),
            .init("types", .mapping(.choice(["numeric", "categorical"])), "column types that override inference"),
        ],
        shorthand: "path", outputs: [.init("frame", .frame, "the file's rows")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let delimiter = context.string("delimiter") ?? ","
        guard delimiter.count == 1, let character = delimiter.first else {
            throw context.failure("the delimiter must be one character, not '\(delimiter)'", at: "delimiter")
        }
        var options = CSVOptions(delimiter: character, threads: context.threads)
        if context["missing"] != nil { options.missingMarkers = Set(context.strings("missing")) }
        for pair in context["types"]?.pairs ?? [] {
            options.types[pair.key] = pair.value.string == "numeric" ? .numeric : .categorical
        }
        do {
            return ["frame": .frame(try CSVReader.read(contentsOf: context.path("path"), options: options))]
        } catch let error as CSVError where error.code == .invalidOptions {
            throw context.failure(error.message, hint: error.hint, at: "delimiter")
        } catch let error as CSVError {
            let place = error.line > 0 ? "\(context.string("path") ?? error.file):\(error.line):\(error.column): " : ""
            throw context.failure(place + error.message, hint: error.hint, at: "path")
        }
    }
}

struct GenerateOp: Operation {
    static let schema = OpSchema(
        name: "generate", summary: "Make a seeded synthetic frame: classification, regression or blobs.",
        parameters: [
            .init("kind", .choice(["classification", "regression", "blobs"]), required: true, "what to generate"),
            .init("n_samples", .integer, default: .integer(100), range: .between(1, 100_000_000), "rows"),
            .init("n_features", .integer, range: .between(1, 10_000), "feature columns (default 20, 10, 2 by kind)"),
            .init(
                "n_informative", .integer, range: .between(0, 10_000),
                "informative features (classification 2, regression 10)"),
            .init(
                "n_redundant", .integer, range: .between(0, 10_000),
                "classification: linear combinations of informative features (default 2)"),
            .init("n_classes", .integer, range: .between(2, 1000), "classification: classes (default 2)"),
            .init("class_sep", .number, range: .between(-1e6, 1e6), "classification: class separation (default 1.0)"),
            .init(
                "flip_y", .number, range: .between(0, 1),
                "classification: share of labels flipped at random (default 0.01)"),
            .init("noise", .number, range: .between(0, 1e6), "regression: standard deviation of the noise (default 0)"),
            .init("centers", .integer, range: .between(1, 10_000), "blobs: clusters (default 3)"),
            .init(
                "cluster_std", .number, range: .between(0, 1e6),
                "blobs: standard deviation of each cluster (default 1.0)"),
            .init("shift", .mapping(.number), range: .finite, "columns to shift by a constant, to demonstrate drift"),
            .init("scale", .mapping(.number), range: .finite, "columns to scale by a factor, to demonstrate drift"),
            .init(
                "seed", .integer, default: .integer(0), range: .finite,
                "random seed; the same seed gives the same bytes"),
        ],
        shorthand: "kind", outputs: [.init("frame", .frame, "the generated rows")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let seed = UInt64(bitPattern: Int64(context.integer("seed") ?? 0))
        let samples = context.integer("n_samples") ?? 100
        var frame: Frame
        do {
            switch context.string("kind") {
            case "regression":
                var spec = RegressionSpec(samples: samples)
                if let value = context.integer("n_features") {
                    spec.features = value; spec.informative = min(spec.informative, value)
                }
                if let value = context.integer("n_informative") { spec.informative = value }
                if let value = context.number("noise") { spec.noise = value }
                frame = try DataGenerator.regression(spec, seed: seed)
            case "blobs":
                var spec = BlobsSpec(samples: samples)
                if let value = context.integer("n_features") { spec.features = value }
                if let value = context.integer("centers") { spec.centers = value }
                if let value = context.number("cluster_std") { spec.clusterStd = value }
                frame = try DataGenerator.blobs(spec, seed: seed)
            default:
                var spec = ClassificationSpec(samples: samples)
                if let value = context.integer("n_features") { spec.features = value }
                if let value = context.integer("n_informative") { spec.informative = value }
                if let value = context.integer("n_redundant") { spec.redundant = value }
                if let value = context.integer("n_classes") { spec.classes = value }
                if let value = context.number("class_sep") { spec.classSep = value }
                if let value = context.number("flip_y") { spec.flipY = value }
                frame = try DataGenerator.classification(spec, seed: seed)
            }
            var shifts: [String: ColumnShift] = [:]
            for pair in context["shift"]?.pairs ?? [] {
                shifts[pair.key, default: ColumnShift(column: pair.key)].shift = pair.value.number ?? 0
            }
            for pair in context["scale"]?.pairs ?? [] {
                shifts[pair.key, default: ColumnShift(column: pair.key)].scale = pair.value.number ?? 1
            }
            if !shifts.isEmpty {
                do {
                    frame = try frame.shifting(shifts.keys.sorted().map { shifts[$0]! })
                } catch let error as FrameError {
                    let unknown = shifts.keys.sorted().first { frame[$0] == nil }
                    let shifted = context["shift"]?.pairs?.contains { $0.key == unknown } ?? false
                    throw error.about(shifted || context["scale"] == nil ? "shift" : "scale")
                }
            }
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "kind")
        }
        return ["frame": .frame(frame)]
    }
}

struct SelectOp: Operation {
    static let schema = OpSchema(
        name: "select", summary: "Keep only the named columns, in the order given.",
        parameters: [fromParameter, .init("columns", .list(.column), required: true, "the columns to keep")],
        outputs: [.init("frame", .frame, "the selected columns")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame("from").selecting(context.strings("columns")))]
        } catch let error as FrameError {
            throw context.failure(error.message, hint: error.hint, at: "columns")
        }
    }
}

struct DropOp: Operation {
    static let schema = OpSchema(
        name: "drop", summary: "Remove the named columns.",
        parameters: [fromParameter, .init("columns", .list(.column), required: true, "the columns to remove")],
        outputs: [.init("frame", .frame, "the other columns")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame("from").dropping(context.strings("columns")))]
        } catch let error as FrameError {
            throw context.failure(error.message, hint: error.hint, at: "columns")
        }
    }
}

struct FilterOp: Operation {
    static let schema = OpSchema(
        name: "filter", summary: "Keep the rows where an expression is true (missing counts as false).",
        parameters: [fromParameter, .init("where", .expression, required: true, "a condition over the columns")],
        outputs: [.init("frame", .frame, "the rows kept")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        do {
            return ["frame": .frame(try context.frame("from").filter(context.string("where") ?? ""))]
        } catch let error as ExpressionError {
            throw context.expressionFailure(error, at: "where")
        } catch let error as FrameError {
            throw context.failure(error.message, hint: error.hint, at: "where")
        }
    }
}

struct DeriveOp: Operation {
    static let schema = OpSchema(
        name: "derive", summary: "Add (or replace) columns computed by expressions, in order.",
        parameters: [
            fromParameter,
            .init("columns", .mapping(.expression), required: true, "new column names and their expressions"),
        ],
        outputs: [.init("frame", .frame, "the frame with the new columns")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let columns = (context["columns"]?.pairs ?? []).map { (name: $0.key, expression: $0.value.string ?? "") }
        do {
            return ["frame": .frame(try context.frame("from").deriving(columns))]
        } catch let error as ExpressionError {
            let column = columns.first { $0.expression == error.expression }?.name
            throw context.expressionFailure(error, at: "columns", key: column)
        } catch let error as FrameError {
            throw context.failure(error.message, hint: error.hint, at: "columns")
        }
    }
}

/// A `split` size with the engine's rule: a fraction in (0, 1) or a whole number of rows.
private func sizeParameter(_ parameter: OpSchema.Parameter) -> OpSchema.Parameter {
    var parameter = parameter
    parameter.rule = .init(
        accepts: "a number: a fraction strictly between 0 and 1, or a whole number of rows from 1 to 100000000",
        test: { $0.number.map(SplitOptions.isSize) ?? false })
    return parameter
}

struct SplitOp: Operation {
    static let schema = OpSchema(
        name: "split", summary: "Split rows into train and test (and validation) sets: seeded, stratified or by time.",
        parameters: [
            fromParameter,
            sizeParameter(
                .init(
                    "test_size", .number, default: .number(0.25), range: .greaterThan(0, atMost: SplitOptions.maximumSize),
                    "share of rows in the test set (a fraction below 1), or a number of rows")),
            sizeParameter(
                .init(
                    "valid_size", .number, range: .greaterThan(0, atMost: SplitOptions.maximumSize),
                    "share of rows in a validation set, or a number of rows (none by default)")),
            .init("stratify", .column, "keep this column's class proportions in every set"),
            .init(
                "order_by", .column,
                "split by this (time) column instead of shuffling: the latest rows are the test set"),
            .init("seed", .integer, default: .integer(0), range: .finite, "random seed of the shuffle"),
        ],
        shorthand: "from",
        outputs: [
            .init("train", .frame, "the training rows"), .init("test", .frame, "the test rows"),
            .init("valid", .frame, optional: true, "the validation rows, when valid_size is given"),
        ])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        let options = SplitOptions(
            testSize: context.number("test_size") ?? 0.25, validSize: context.number("valid_size"),
            seed: UInt64(bitPattern: Int64(context.integer("seed") ?? 0)), stratify: context.string("stratify"),
            orderBy: context.string("order_by"))
        do {
            let split = try context.frame("from").split(options)
            var outputs: [String: StepValue] = ["train": .frame(split.train), "test": .frame(split.test)]
            if let valid = split.valid { outputs["valid"] = .frame(valid) }
            return outputs
        } catch let error as FrameError {
            throw context.failure(error, otherwiseAt: "from")
        }
    }
}

struct ProfileOp: Operation {
    static let schema = OpSchema(
        name: "profile",
        summary: "Summarise every column: type, count, missing, distinct, mean, std, quantiles, top values, histogram.",
        parameters: [
            fromParameter,
            .init(
                "top", .integer, default: .integer(5), range: .between(0, 1000),
                "top values listed per categorical column"),
        ],
        shorthand: "from", outputs: [.init("profile", .profile, "one row per column")])

    static func run(_ context: OpContext) throws -> [String: StepValue] {
        ["profile": .profile(ProfileValue(frame: try context.frame("from"), top: context.integer("top") ?? 5))]
    }
}

extension OpContext {
    /// An expression error at the offending token: the expression's position in the notebook
    /// plus the token's column, when the expression sits on one line.
    func expressionFailure(_ error: ExpressionError, at name: String, key: String? = nil) -> StepFailure {
        var node = step.source.parameters?[name]
        if let key { node = node?[key] }
        var range = node?.range ?? range(of: name)
        if let node, let scalar = node.scalar, node.range.start.line == node.range.end.line {
            let quote = scalar.isQuoted ? 1 : 0
            let start = node.range.start.column + quote + error.column - 1
            range = SourceRange(line: node.range.start.line, column: start, length: error.length)
        }
        // A long expression is shown under the caret already; the message names its start.
        let shown = error.expression.count > 80 ? error.expression.prefix(77) + "…" : error.expression[...]
        return StepFailure("in `\(shown)`: \(error.message)", hint: error.hint, range: range)
    }
}
