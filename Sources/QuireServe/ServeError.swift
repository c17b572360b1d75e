/// Why the server cannot start.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    /// The model file cannot be read or is not a model.
    case model(path: String, message: String)
    /// The address cannot be listened on.
    case listen(host: String, port: Int, message: String)
    /// The request log's directory cannot be written.
    case requestLog(path: String, message: String)

    /// `error: …` as the CLI prints it.
    public var description: String {
        switch self {
        case .model(let path, let message): "error: \(path): cannot load the model: \(message)"
        case .listen(let host, let port, let message): "error: cannot listen on \(host):\(port): \(message)"
        case .requestLog(let path, let message): "error: \(path): cannot write request logs: \(message)"
        }
    }
}
