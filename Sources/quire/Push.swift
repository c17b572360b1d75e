import ArgumentParser
import Foundation
import QuireNotebook
import QuireRunner
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct Push: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send a notebook's last metrics (OUTPUT/NAME.prom) to a Prometheus Pushgateway.",
        discussion: """
            PUTs the file written by `quire run` to GATEWAY/metrics/job/JOB/notebook/NAME, replacing \
            what the group held, so a notebook's metrics always describe its last run. Run it after \
            `quire run` in a scheduled job; alert on quire_last_run_timestamp_seconds to catch a \
            pipeline that stopped running.

            Exit code 69 when the metrics were not delivered (the gateway cannot be reached, timed \
            out, or answered with an error); 64 when there are no metrics to push.
            """)

    @Argument(
        help: "The notebook whose metrics to push (its report must have been written).",
        completion: .file(extensions: ["md"]))
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
        let name = NotebookLocation.reportName(of: notebook)
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
        // Written by URLSession's delegate queue, read here after the semaphore (or a timeout).
        let answered = Received()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        let task = session.dataTask(with: request) { data, response, error in
            let received = Answer(
                status: (response as? HTTPURLResponse)?.statusCode ?? 0,
                text: data.map { String(decoding: $0, as: UTF8.self) } ?? "", error: error.map(Self.words),
                timedOut: (error as? URLError)?.code == .timedOut)
            answered.answer.withLock { $0 = received }
            semaphore.signal()
        }
        task.resume()
        // The deadline is kept here too: URLSession's own timeouts are not honoured on every platform.
        let timedOut = semaphore.wait(timeout: .now() + timeout) == .timedOut
        if timedOut { task.cancel() }
        let outcome = answered.answer.withLock { $0 }
        if timedOut || outcome.timedOut {
            throw CommandFailure.unavailable(
                "error: the Pushgateway at \(gateway) did not answer within \(String(format: "%g", timeout)) s; nothing was pushed"
            )
        }
        // The metrics were not delivered: the service is unavailable (sysexits' EX_UNAVAILABLE),
        // which is neither a failed step nor a usage mistake; a scheduler may retry.
        if let error = outcome.error {
            throw CommandFailure.unavailable(
                "error: cannot reach the Pushgateway at \(gateway): \(error); nothing was pushed")
        }
        guard (200..<300).contains(outcome.status) else {
            let answer = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandFailure.unavailable(
                "error: the Pushgateway at \(gateway) refused the metrics (HTTP \(outcome.status))"
                    + (answer.isEmpty ? "" : ": \(answer)"))
        }
        Console.out("pushed \(path) to \(url.absoluteString)\n")
    }

    /// What the Pushgateway answered: the HTTP status and body, or the network error in words.
    struct Answer: Sendable {
        var status = 0
        var text = ""
        var error: String?
        var timedOut = false
    }

    /// Where the completion handler leaves the answer for `run` to read.
    final class Received: Sendable {
        let answer = Mutex(Answer())
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
