import QuireNotebook
import QuireRunner

/// Parameter values given outside the notebook: a YAML file (`--params`) and `name=value`
/// assignments (`-p`), applied in that order over the notebook's defaults.
public struct ParameterOverrides: Sendable, Equatable {
    /// A YAML file of parameter values.
    public var file: String?
    /// `name=value` assignments, each typed like the parameter's default.
    public var assignments: [String]

    /// Largest params file read: parameters are a few values, not data.
    public static let maximumFileSize = 1 << 20

    /// Overrides from a params file and assignments (none by default).
    public init(file: String? = nil, assignments: [String] = []) {
        self.file = file
        self.assignments = assignments
    }

    /// The notebook's parameters with the overrides applied.
    ///
    /// - Throws: ``ParameterError`` for a file that cannot be read or is not valid YAML, an
    ///   assignment without `=`, or a value that does not fit its parameter.
    public func params(for notebook: Notebook) throws(ParameterError) -> ParamSet {
        var params = ParamSet(frontMatter: notebook.frontMatter)
        do {
            if let file {
                let data: [UInt8]
                switch NotebookParser.readFile(file, noun: "params file", maximumSize: Self.maximumFileSize) {
                case .success(let bytes): data = bytes
                case .failure(let diagnostic): throw ParameterError("--params \(file): \(diagnostic.message)")
                }
                let node: YAMLNode?
                do { node = try YAMLNode.parse(String(decoding: data, as: UTF8.self)) } catch {
                    let place = error.range.map { "\(file):\($0.start):" } ?? "\(file):"
                    throw ParameterError(
                        "\(place) invalid YAML: \(error.message)" + (error.hint.map { "\nhint: \($0)" } ?? ""))
                }
                if let node { try params.override(with: node, file: file) }
            }
            for assignment in assignments {
                guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                    throw ParameterError("-p expects name=value, not '\(assignment)'")
                }
                try params.override(
                    String(assignment[..<equals]), text: String(assignment[assignment.index(after: equals)...]))
            }
        } catch let error as ParameterError {
            throw error
        } catch let error as ParamSet.OverrideError {
            throw ParameterError(error.description)
        } catch {
            throw ParameterError("\(error)")
        }
        return params
    }
}

/// Parameter overrides that cannot be applied: a usage error, named in the user's terms.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, naming the option and the value.
    public var description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
