import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `quire serve` process started for a test on a free loopback port, and raw HTTP/1.1 to it.
final class ServeProcess: @unchecked Sendable {
    // @unchecked: the Process and pipes are used from the test's thread; the stderr text is
    // gathered by one reader thread and read back under `lock`.
    let process = Process()
    /// `http://127.0.0.1:PORT`, from the `listening on` line.
    let address: String
    let port: UInt16
    private let errors = ErrorCollector()

    /// Starts `quire serve MODEL arguments… --port 0` and waits for its `listening on` line.
    init(_ model: String, _ arguments: [String] = []) throws {
        process.executableURL = QuireProcess.binary
        process.arguments = ["serve", model, "--port", "0"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        errors.start(err.fileHandleForReading)
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(0x0A) {
            let data = handle.availableData
            if data.isEmpty { break }
            line.append(data)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening on http://127.0.0.1:"), let port = UInt16(text.split(separator: ":").last ?? "")
        else {
            process.terminate()
            process.waitUntilExit()
            throw ServeTestError("no `listening on` line; stdout \(text), stderr \(errors.text)")
        }
        address = String(text.dropFirst("listening on ".count))
        self.port = port
    }

    /// What the server wrote to standard error so far.
    var stderrText: String { errors.text }

    /// Sends `signal` and, for SIGTERM/SIGINT, waits for the exit; returns the exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        errors.wait()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Gathers a process's standard error on a thread of its own.
final class ErrorCollector: @unchecked Sendable {
    // @unchecked: `data` is only touched under `lock`.
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    func start(_ handle: FileHandle) {
        Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { data.append(chunk) }
            }
            done.signal()
        }.start()
    }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func wait() { done.wait() }
}

struct ServeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// An HTTP response read off a socket.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    /// The body as JSON.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

/// One HTTP/1.1 exchange on a new connection to 127.0.0.1:`port` (`Connection: close`).
enum RawHTTP {
    /// Opens a connection.
    static func connect(_ port: UInt16) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServeTestError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            close(socket)
            throw ServeTestError("connect: \(errno)")
        }
        return socket
    }

    /// Writes all of `bytes`.
    static func send(_ socket: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Reads until the peer closes.
    static func readAll(_ socket: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            out.append(contentsOf: buffer[0..<count])
        }
        return out
    }

    /// Parses one response.
    static func parse(_ bytes: [UInt8]) throws -> HTTPResponse {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ServeTestError("no response: \(text)") }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        let statusLine = head.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw ServeTestError("bad status: \(text)")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return HTTPResponse(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    /// The bytes of a request.
    static func requestBytes(
        _ method: String, _ path: String, body: [UInt8]? = nil, contentType: String? = "application/json",
        extraHeaders: [String] = []
    ) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        for header in extraHeaders { head += header + "\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (body ?? [])
    }

    /// Sends a request and reads its response.
    static func request(
        _ port: UInt16, _ method: String, _ path: String, body: String? = nil,
        contentType: String? = "application/json", extraHeaders: [String] = []
    ) throws -> HTTPResponse {
        try request(
            port, method, path, bytes: body.map { Array($0.utf8) }, contentType: contentType, extraHeaders: extraHeaders
        )
    }

    /// Sends a request with a body of bytes and reads its response.
    static func request(
        _ port: UInt16, _ method: String, _ path: String, bytes: [UInt8]?, contentType: String? = "application/json",
        extraHeaders: [String] = []
    ) throws -> HTTPResponse {
        let socket = try connect(port)
        defer { close(socket) }
        send(socket, requestBytes(method, path, body: bytes, contentType: contentType, extraHeaders: extraHeaders))
        return try parse(readAll(socket))
    }
}

/// Number tokens and labels of a prediction response, as text (so no JSON library rounds them).
enum PredictionText {
    /// `{"rows":[{"prediction":…,"probability_A":…},…]}` → per row, field → token (strings unquoted).
    static func rows(_ body: String) -> [[String: String]] {
        var rows: [[String: String]] = []
        guard let start = body.range(of: "[{"), let end = body.range(of: "}]", options: .backwards) else { return [] }
        let inner = body[start.upperBound..<end.lowerBound]
        for object in inner.components(separatedBy: "},{") {
            var row: [String: String] = [:]
            for pair in object.split(separator: ",") {
                guard let colon = pair.range(of: "\":") else { continue }
                let key = pair[..<colon.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                let value = pair[colon.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                row[key] = value
            }
            rows.append(row)
        }
        return rows
    }
}
