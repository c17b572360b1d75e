import QuireEngine
import QuireNotebook

// How ops turn problems into step failures: at the parameter they concern, with the engine
// error's code and the error itself as the cause.

extension OpContext {
    /// A failure that points at the parameter `name`.
    public func failure(
        _ code: StepFailure.Code, _ message: String, hint: String? = nil, at name: String,
        cause: (any Error)? = nil
    ) -> StepFailure {
        StepFailure(code, message, hint: hint, range: range(of: name), cause: cause)
    }

    /// A frame error at the parameter it names (``FrameError/argument``), or at `name`. An
    /// unknown column is named with its parameter, since the data, not the notebook, is at fault.
    public func failure(_ error: FrameError, otherwiseAt name: String) -> StepFailure {
        let parameter = error.argument ?? name
        var message = error.message
        if error.argument != nil, error.code == .unknownColumn, !message.contains("`\(parameter)`") {
            message = "`\(parameter)`: " + message
        }
        return failure(.init(of: error), message, hint: error.hint, at: parameter, cause: error)
    }

    /// A frame error at the parameter `name`, its message as the engine wrote it.
    public func failure(_ error: FrameError, at name: String) -> StepFailure {
        failure(.init(of: error), error.message, hint: error.hint, at: name, cause: error)
    }

    /// A model error at the parameter `name`.
    public func failure(_ error: ModelError, at name: String) -> StepFailure {
        failure(.init(of: error), error.message, hint: error.hint, at: name, cause: error)
    }

    /// An expression error at the offending token: the expression's position in the notebook
    /// plus the token's column, when the expression sits on one line.
    public func failure(_ error: ExpressionError, at name: String, key: String? = nil) -> StepFailure {
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
        return StepFailure(
            .init(of: error), "in `\(shown)`: \(error.message)", hint: error.hint, range: range, cause: error)
    }
}
