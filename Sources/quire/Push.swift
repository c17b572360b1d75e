import ArgumentParser
import Foundation

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
            """)

    @Argument(help: "The notebook whose metrics to push (its report must have been written).")
    var notebook: String

    @Option(help: ArgumentHelp("The Pushgateway's URL, e.g. http://localhost:9091.", valueName: "url"))
    var gateway: String

    @Option(help: "The job label.")
    var job = "quire"

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where the reports are.", valueName: "dir"))
    var output = "reports"

    func run() throws {
        let name = Run.reportName(for: notebook)
        let path = (output as NSString).appendingPathComponent(name + ".prom")
        guard let body = FileManager.default.contents(atPath: path) else {
            throw ValidationError("no metrics at \(path); run `quire run \(notebook)` first")
        }
        let base = gateway.hasSuffix("/") ? String(gateway.dropLast()) : gateway
        let escapedName = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
        guard let url = URL(string: "\(base)/metrics/job/\(job)/notebook/\(escapedName)") else {
            throw ValidationError("'\(gateway)' is not a URL")
        }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "PUT"
        request.httpBody = body
        request.setValue("text/plain; version=0.0.4", forHTTPHeaderField: "Content-Type")
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: (status: Int, text: String, error: Error?) = (0, "", nil)
        URLSession.shared.dataTask(with: request) { data, response, error in
            outcome = (
                (response as? HTTPURLResponse)?.statusCode ?? 0, data.map { String(decoding: $0, as: UTF8.self) } ?? "",
                error
            )
            semaphore.signal()
        }.resume()
        semaphore.wait()
        if let error = outcome.error {
            Console.error("error: cannot reach the Pushgateway at \(gateway): \(error.localizedDescription)\n")
            throw ExitCode.failure
        }
        guard (200..<300).contains(outcome.status) else {
            Console.error("error: the Pushgateway answered \(outcome.status): \(outcome.text)\n")
            throw ExitCode.failure
        }
        Console.out("pushed \(path) to \(url.absoluteString)\n")
    }
}
