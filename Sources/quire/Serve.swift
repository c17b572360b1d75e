import ArgumentParser
import QuireServe

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve an exported model over HTTP: predictions, its model card, health and metrics.",
        discussion: """
            Routes: POST /v1/predict ({"rows": [{…}, …]} or {"columns": {"a": […], …}}; \
            Content-Type: application/json), GET /v1/model, GET /healthz, GET /readyz, GET /metrics \
            (Prometheus). Once listening it prints one line, `listening on http://HOST:PORT`, to \
            standard output (--port 0 picks a free port).

            Statuses: 400 a body that is not JSON or a row that lacks a field, has a value of the \
            wrong type or a missing value the model does not allow (the error names the row and the \
            field), 404 an unknown route, 405 a wrong method, 413 a body over --max-body-bytes, 415 a \
            Content-Type that is not JSON.

            SIGHUP, or a change to the model file (checked every second), reloads the model: each \
            request sees the old model or the new one; a file that does not load keeps the old model \
            and prints a warning. SIGTERM or SIGINT stops accepting connections, answers the requests \
            in flight, closes the request log and exits 0.

            Exit code 64 when the model cannot be loaded or the request log directory cannot be \
            written, 69 when the address cannot be listened on. See docs/serving.md.
            """)

    @Argument(help: "The exported model (OUTPUT/models/NAME.json).", completion: .file(extensions: ["json"]))
    var model: String

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0 picks a free one).", valueName: "port"))
    var port = 8080

    @Option(
        help: ArgumentHelp(
            "Write every scored row to rotated CSV files in this directory (requests-TIME-NNNN.csv).",
            valueName: "dir"))
    var logRequests: String?

    @Option(help: ArgumentHelp("Rows per request log file before a new one is started.", valueName: "rows"))
    var logRotateRows = 100_000

    @Option(help: ArgumentHelp("The largest request body accepted, in bytes (larger: 413).", valueName: "bytes"))
    var maxBodyBytes = 1 << 20

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard logRotateRows > 0 else { throw ValidationError("--log-rotate-rows must be at least 1.") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be at least 1.") }
    }

    func run() throws {
        var configuration = ServeConfiguration(modelPath: model)
        configuration.host = host
        configuration.port = port
        configuration.logDirectory = logRequests
        configuration.logRotateRows = logRotateRows
        configuration.maxBodyBytes = maxBodyBytes
        do {
            try Server.run(configuration) { address in
                Console.out("listening on \(address)\n")
            }
        } catch let error as ServeError {
            switch error {
            case .listen: throw CommandFailure.unavailable(error.description)
            case .model, .requestLog: throw CommandFailure.badData(error.description)
            }
        }
    }
}
