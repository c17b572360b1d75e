import ArgumentParser
import Foundation
import QuireNotebook

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct Push: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a notebook's last metrics (OUTPUT/NAME.prom) to a Prometheus Pushgateway.",
        discussion: """
            PUTs the file written by `quire run` to GATEWAY/metrics/job/JOB/notebook/NAME, replacing \
            what the group held, so a notebook's metrics always describe its last run. Run it after \
            `quire run` in a scheduled job; alert on quire_last_run_timestamp_seconds to catch a \
            pipeline that stopped running.

            Exit code 69 when the metrics were not delivered (the gateway cannot be reached, timed \
            out, or answered with an error); 64 when there are no metrics to push.
            """)

    @Argument(help: "The notebook whose metrics to push (its report must have been written).")
    var notebook: String

    @Option(help: ArgumentHelp("The Pushgateway's URL, e.g. http://localhost:9091.", valueName: "url"))
    var gateway: String

    @Option(help: ArgumentHelp("Seconds to wait for the Pushgateway.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: "The job label.")
    var job = "quire"

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where the reports are.", valueName: "dir"))
    var output = "reports"

    func validate() throws {
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most 3600, not \(timeout)")
        }
    }

    func run() throws {
        let name = RunCommand.reportName(for: notebook)
        let path = (output as NSString).appendingPathComponent(name + ".prom")
        let body: [UInt8]
        switch NotebookParser.readFile(path, noun: "metrics file", maximumSize: NotebookParser.maximumFileSize) {
        case .success(let bytes): body = bytes
        case .failure(let diagnostic):
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no metrics at \(path); run `quire run \(notebook)` first")
            }
            throw ValidationError("\(path): \(diagnostic.message)")
        }
        let base = gateway.hasSuffix("/") ? String(gateway.dropLast()) : gateway
        // One path segment each: a `/` in the job or the name must not add a grouping label.
        let segment = CharacterSet.urlPathAllowed.subtracting(["/"])
        let escapedName = name.addingPercentEncoding(withAllowedCharacters: segment) ?? name
        let escapedJob = job.addingPercentEncoding(withAllowedCharacters: segment) ?? job
        guard let url = URL(string: "\(base)/metrics/job/\(escapedJob)/notebook/\(escapedName)"),
            ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false
        else {
            throw ValidationError("--gateway '\(gateway)' is not an http:// or https:// URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "PUT"
        request.httpBody = Data(body)
        request.setValue("text/plain; version=0.0.4", forHTTPHeaderField: "Content-Type")
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: (status: Int, text: String, error: Error?) = (0, "", nil)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        let task = session.dataTask(with: request) { data, response, error in
            outcome = (
                (response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? "",
                error
            )
            semaphore.signal()
        }
        task.resume()
        // The deadline is kept here too: URLSession's own timeouts are not honoured on every platform.
        let timedOut = semaphore.wait(timeout: .now() + timeout) == .timedOut
        if timedOut { task.cancel() }
        if timedOut || (outcome.error as? URLError)?.code == .timedOut {
            Console.error(
                "error: the Pushgateway at \(gateway) did not answer within \(String(format: "%g", timeout)) s; nothing was pushed\n")
            throw Outcome.unavailable.exitCode
        }
        // The metrics were not delivered: the service is unavailable (sysexits' EX_UNAVAILABLE),
        // which is neither a failed step nor a usage mistake; a scheduler may retry.
        if let error = outcome.error {
            Console.error("error: cannot reach the Pushgateway at \(gateway): \(Self.words(error)); nothing was pushed\n")
            throw Outcome.unavailable.exitCode
        }
        guard (200..<300).contains(outcome.status) else {
            let answer = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
            Console.error(
                "error: the Pushgateway at \(gateway) refused the metrics (HTTP \(outcome.status))"
                    + (answer.isEmpty ? "" : ": \(answer)") + "\n")
            throw Outcome.unavailable.exitCode
        }
        Console.out("pushed \(path) to \(url.absoluteString)\n")
    }

    /// A network error in words (Foundation's descriptions are often `NSURLErrorDomain error -1004.`).
    static func words(_ error: Error) -> String {
        guard let code = (error as? URLError)?.code else { return error.localizedDescription }
        switch code {
        case .cannotConnectToHost: return "the connection was refused"
        case .cannotFindHost, .dnsLookupFailed: return "the host name does not resolve"
        case .networkConnectionLost: return "the connection was closed before an answer"
        case .notConnectedToInternet: return "there is no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return "the TLS connection failed (\(error.localizedDescription))"
        default: return error.localizedDescription
        }
    }
}
