import Foundation
import QuireEngine
import QuireSupport

/// `write`: a frame as an RFC 4180 CSV file in the output directory (declared below as an
/// artifact, which the run service writes with the report, all or nothing). The step's output
/// says how `load` reads the file back to the same frame.
struct WriteOp: Operation {
    static let schema = OpSchema(
        name: "write",
        summary:
            "Write a frame as a CSV file (RFC 4180) into the output directory; the step shows the `load` that reads it back to the same frame.",
        parameters: [
            .from,
            .init(
                "path", .string, required: true,
                "the file, relative to the output directory, ending in `.csv` (`scored.csv`, `tables/scored.csv`)"),
        ],
        outputs: [
            .init("file", .file, "the file written: path, rows, columns, bytes, and the `load` step that reads it back")
        ],
        examples: [
            .init("scored_file", "write: {from: scored, path: churn-scored.csv}")
        ])

    struct Parameters: Decodable, Sendable {
        var from: StepReference
        var path: String
    }

    static func run(_ parameters: Parameters, in context: OpContext) throws -> [String: StepValue] {
        if let problem = pathProblem(parameters.path) {
            throw context.failure(.invalidArgument, problem.message, hint: problem.hint, at: "path")
        }
        let frame = try context.frame(parameters.from)
        let plan: CSVRoundTrip
        do {
            plan = try CSVRoundTrip(for: frame)
        } catch let error as FrameError {
            throw context.failure(error, at: "from")
        }
        let bytes = Array(plan.text(for: frame).utf8)
        let file = WrittenFile(
            path: parameters.path, rows: frame.rowCount, columns: frame.columnCount,
            load: loadStep(path: parameters.path, plan: plan), bytes: bytes)
        return ["file": .file(file)]
    }

    /// Why `path` cannot be written, or nil: it must stay inside the output directory (relative,
    /// no empty, `.` or `..` segment, no backslash or control character) and end in `.csv`.
    static func pathProblem(_ path: String) -> (message: String, hint: String)? {
        let hint = "write a relative path such as `scored.csv` or `tables/scored.csv`"
        if path.hasPrefix("/") || path.hasPrefix("~") {
            return ("'\(path)' is absolute; `write` writes into the output directory", hint)
        }
        if path.contains("\\") || path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return ("'\(path)' holds a backslash or a control character", hint)
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains(where: { $0 == ".." }) {
            return ("'\(path)' leaves the output directory", hint)
        }
        if segments.contains(where: { $0.isEmpty || $0 == "." }) {
            return ("'\(path)' has an empty or `.` segment", hint)
        }
        if !path.lowercased().hasSuffix(".csv") || path.split(separator: "/").last?.count ?? 0 <= 4 {
            return ("'\(path)' does not end in `.csv`", "name the file `NAME.csv`")
        }
        return nil
    }

    /// The `load` step that reads the file back: `load: PATH`, or with the `types:` and
    /// `missing:` it needs.
    static func loadStep(path: String, plan: CSVRoundTrip) -> String {
        guard plan.needsOptions else { return "load: \(yaml(path))" }
        var parts = ["path: \(yaml(path))"]
        if !plan.textColumns.isEmpty {
            parts.append("types: {" + plan.textColumns.map { "\(yaml($0)): categorical" }.joined(separator: ", ") + "}")
        }
        if plan.needsMarker { parts.append("missing: [\(yaml(plan.missingMarker))]") }
        return "load: {" + parts.joined(separator: ", ") + "}"
    }

    /// `text` as a YAML flow scalar: plain when it is letters, digits and `_ . / -` (not first),
    /// else double-quoted with JSON's escapes.
    static func yaml(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.first != "-" && text.first != "."
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "_./-".unicodeScalars.contains($0)
            }
            && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
            && Double(text) == nil
        return plain ? text : JSONValue.string(text).text.trimmingCharacters(in: .newlines)
    }
}

extension WriteOp: ProducesArtifacts {
    /// Files go where `path` says; no subfolder of its own to clean up.
    static let artifactDirectories: [String] = []

    /// The CSV file at `path`, relative to the output directory.
    static func declaredArtifacts(_ context: ArtifactContext) throws -> [Artifact] {
        guard let file = try context.value("file").file else { return [] }
        return [Artifact(path: file.path, bytes: file.bytes)]
    }
}
