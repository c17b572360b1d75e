import Foundation
import QuireEngine
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--log-requests DIR`: every scored row as a CSV line, written by a thread of its own.
///
/// A request only formats its rows and appends them to a buffer under a lock; the writer thread
/// takes the buffer every 100 ms and writes it to `DIR/requests-YYYYMMDDTHHMMSSZ-NNNN.csv.part`,
/// which it renames to `.csv` after `rotateRows` rows, when the model's columns change, and at
/// ``stop()`` — so a reader only ever sees complete files. Columns: `time`, the model's inputs,
/// `prediction`, `probability_CLASS` per class, `latency_ms`.
final class RequestLog: Sendable {
    /// The most bytes waiting for the writer; rows beyond it are dropped and counted.
    static let maximumPendingBytes = 64 << 20

    /// Rows of one request, with the header of the model that scored them.
    private struct Chunk {
        var header: [UInt8]
        var bytes: [UInt8]
        var lineEnds: [Int]
    }

    private struct Pending {
        var chunks: [Chunk] = []
        var bytes = 0
        var stopping = false
    }

    private let directory: String
    private let rotateRows: Int
    private let metrics: ServeMetrics
    private let pending = Mutex(Pending())
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the writer for `directory` (created if needed).
    ///
    /// - Throws: ``ServeError/requestLog(path:message:)`` when the directory cannot be made or
    ///   written.
    init(directory: String, rotateRows: Int, metrics: ServeMetrics) throws {
        self.directory = directory
        self.rotateRows = max(1, rotateRows)
        self.metrics = metrics
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ServeError.requestLog(path: directory, message: error.localizedDescription)
        }
        guard access(directory, W_OK) == 0 else {
            throw ServeError.requestLog(path: directory, message: String(cString: strerror(errno)))
        }
        let thread = Thread { [self] in writeLoop() }
        thread.name = "quire-request-log"
        thread.start()
    }

    /// Appends one line per row of a scored request.
    func append(
        model: LoadedModel, startedAt time: Date, latencySeconds: Double, frame: Frame, scores: Scores
    ) {
        guard frame.rowCount > 0 else { return }
        let timeField = Array(Self.timestamp(time).utf8)
        let latencyField = Array(String(format: "%.3f", latencySeconds * 1000).utf8)
        var bytes: [UInt8] = []
        var lineEnds: [Int] = []
        lineEnds.reserveCapacity(frame.rowCount)
        for row in 0..<frame.rowCount {
            bytes.append(contentsOf: timeField)
            for column in frame.columns {
                bytes.append(0x2C)
                Self.appendCell(column, row: row, to: &bytes)
            }
            bytes.append(0x2C)
            let value = scores.predictions[row]
            if model.csvLabels.isEmpty {
                if value.isFinite { bytes.append(contentsOf: value.description.utf8) }
            } else {
                bytes.append(contentsOf: model.csvLabels[Int(value)])
            }
            for k in 0..<scores.classes {
                let probability = scores.probability(row, k)
                bytes.append(0x2C)
                if probability.isFinite { bytes.append(contentsOf: probability.description.utf8) }
            }
            bytes.append(0x2C)
            bytes.append(contentsOf: latencyField)
            bytes.append(0x0A)
            lineEnds.append(bytes.count)
        }
        let dropped = pending.withLock { state -> Bool in
            guard !state.stopping, state.bytes + bytes.count <= Self.maximumPendingBytes else { return true }
            state.bytes += bytes.count
            state.chunks.append(Chunk(header: model.logHeader, bytes: bytes, lineEnds: lineEnds))
            return false
        }
        if dropped { metrics.droppedLogRows(frame.rowCount) }
    }

    /// Writes what is pending, renames the file being written to `.csv`, and ends the writer.
    func stop() {
        let already = pending.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !already else { return }
        finished.wait()
    }

    /// One cell as the request gave it: numbers in shortest round-trip form, text quoted when it
    /// must be, dates in ISO 8601; missing values empty.
    static func appendCell(_ column: Column, row: Int, to bytes: inout [UInt8]) {
        switch column.values {
        case .numeric(let numbers):
            let value = numbers[row]
            if !value.isNaN { bytes.append(contentsOf: value.description.utf8) }
        case .date(let seconds):
            if let text = DateText.format(seconds[row], dateOnly: true) { bytes.append(contentsOf: text.utf8) }
        case .categorical(let strings):
            let code = strings.codes[row]
            if code >= 0 { bytes.append(contentsOf: csvField(strings.categories[Int(code)]).utf8) }
        }
    }

    /// `text` as a CSV field: quoted (quotes doubled) when it holds a comma, a quote, a line break
    /// or spaces at its ends, or is empty.
    static func csvField(_ text: String) -> String {
        let needsQuotes =
            text.isEmpty || text.first == " " || text.last == " "
            || text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `2026-12-07T08:15:02.123Z`.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
            Int(milliseconds % 1000))
    }

    /// `20261207T081502Z`.
    static func fileStamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The writer thread: the file being written is state of this thread alone.
    private func writeLoop() {
        var writer = FileWriter(directory: directory, rotateRows: rotateRows)
        while true {
            let (chunks, stopping) = pending.withLock { state -> ([Chunk], Bool) in
                defer {
                    state.chunks.removeAll(keepingCapacity: true)
                    state.bytes = 0
                }
                return (state.chunks, state.stopping)
            }
            for chunk in chunks { writer.writeLines(chunk.bytes, lineEnds: chunk.lineEnds, header: chunk.header) }
            if stopping {
                writer.closeFile()
                finished.signal()
                return
            }
            usleep(100_000)
        }
    }

    /// The file being written, its rows, and rotation.
    private struct FileWriter {
        let directory: String
        let rotateRows: Int
        var descriptor: Int32 = -1
        var path = ""
        var header: [UInt8] = []
        var rows = 0
        var sequence = 0

        init(directory: String, rotateRows: Int) {
            self.directory = directory
            self.rotateRows = rotateRows
        }

        mutating func writeLines(_ bytes: [UInt8], lineEnds: [Int], header chunkHeader: [UInt8]) {
            if descriptor >= 0, chunkHeader != header { closeFile() }
            var start = 0
            for end in lineEnds {
                if descriptor < 0 { openFile(header: chunkHeader) }
                // Lines go out in runs up to the rotation point.
                if rows + 1 >= rotateRows || end == lineEnds.last {
                    writeAll(bytes[start..<end])
                    start = end
                }
                rows += 1
                if rows >= rotateRows { closeFile() }
            }
        }

        mutating func openFile(header: [UInt8]) {
            sequence += 1
            let name = "requests-\(RequestLog.fileStamp(Date()))-\(String(format: "%04d", sequence)).csv.part"
            path = (directory as NSString).appendingPathComponent(name)
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor < 0 {
                FileHandle.standardError.write(
                    Data("warning: cannot write the request log \(path): \(String(cString: strerror(errno)))\n".utf8))
            }
            self.header = header
            rows = 0
            writeAll(header[...])
        }

        mutating func writeAll(_ bytes: ArraySlice<UInt8>) {
            guard descriptor >= 0, !bytes.isEmpty else { return }
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    guard let base = buffer.baseAddress else { return }
                    let written = write(descriptor, base + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }

        mutating func closeFile() {
            guard descriptor >= 0 else {
                descriptor = -1
                return
            }
            fsync(descriptor)
            _ = close(descriptor)
            descriptor = -1
            if path.hasSuffix(".part") { rename(path, String(path.dropLast(5))) }
            rows = 0
        }
    }
}
