import ArgumentParser
import Foundation
import QuireNotebook
import QuireRunner

/// `-p name=value` and `--params FILE`: shared by every command that plans a notebook.
struct ParameterOptions: ParsableArguments {
    @Option(
        name: [.customShort("p"), .customLong("param")],
        help: ArgumentHelp("Override a parameter, typed like its default (repeatable).", valueName: "name=value"))
    var overrides: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A YAML file of parameter values.", valueName: "file"))
    var paramsFile: String?

    /// Largest `--params` file read: parameters are a few values, not data.
    static let maximumParamsFileSize = 1 << 20

    /// The arguments that give these options to another `quire` command (`watch` passes them to `run`).
    var arguments: [String] {
        (paramsFile.map { ["--params", $0] } ?? []) + overrides.flatMap { ["-p", $0] }
    }

    /// The notebook's parameters with the overrides applied; a bad override is a usage error.
    func params(for notebook: Notebook) throws -> ParamSet {
        var params = ParamSet(frontMatter: notebook.frontMatter)
        do {
            if let paramsFile {
                let data: [UInt8]
                switch NotebookParser.readFile(paramsFile, noun: "params file", maximumSize: Self.maximumParamsFileSize)
                {
                case .success(let bytes): data = bytes
                case .failure(let diagnostic):
                    throw ValidationError("--params \(paramsFile): \(diagnostic.message)")
                }
                do {
                    if let node = try YAMLNode.parse(String(decoding: data, as: UTF8.self)) {
                        try params.override(with: node, file: paramsFile)
                    }
                } catch let diagnostic as Diagnostic {
                    let place = diagnostic.range.map { "\(paramsFile):\($0.start):" } ?? "\(paramsFile):"
                    throw ValidationError(
                        "\(place) invalid YAML: \(diagnostic.message)" + (diagnostic.hint.map { "\nhint: \($0)" } ?? "")
                    )
                }
            }
            for override in overrides {
                guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
                    throw ValidationError("-p expects name=value, not '\(override)'")
                }
                try params.override(
                    String(override[..<equals]), text: String(override[override.index(after: equals)...]))
            }
        } catch let error as ParamSet.OverrideError {
            throw ValidationError(error.description)
        }
        return params
    }
}

/// Where the cache is, or that there is none.
struct CacheOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The cache directory (default: .quire/cache in the project root).", valueName: "dir"))
    var cacheDir: String?

    @Flag(help: "Neither read nor write the cache: run every step.")
    var noCache = false

    /// The cache directory for a notebook in `projectRoot`.
    func directory(projectRoot: String) -> URL {
        if let cacheDir { return URL(fileURLWithPath: cacheDir) }
        return URL(fileURLWithPath: projectRoot).appendingPathComponent(".quire/cache")
    }
}
