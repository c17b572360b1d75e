import Foundation
import QuireEngine
import QuireReport
import QuireSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `quire score` reads, predicts and writes.
public struct ScoreOptions: Sendable {
    /// At most this many rows are predicted at a time (the file is read in blocks of
    /// ``blockBytes``, each cut into batches of this many rows).
    public var chunkRows: Int = 65_536
    /// Threads for reading, predicting and formatting; the output does not depend on it.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Bytes of the file read at a time.
    public var blockBytes: Int = 8 << 20

    /// The defaults: batches of 65,536 rows, blocks of 8 MiB, one thread per processor.
    public init() {}
}

/// What ``BatchScoring/score(model:data:output:options:)`` did.
public struct ScoreResult: Sendable {
    /// Rows scored.
    public var rows: Int
    /// The columns written, in order: the model's inputs, `prediction`, `probability_CLASS`.
    public var columns: [String]
}

/// Why scoring stopped; nothing was written to the output file (a file given with `-o` keeps
/// its previous contents).
public enum ScoreError: Error, Sendable, CustomStringConvertible {
    /// The model file or the data file is wrong (missing, unreadable, not a model, a model from a
    /// newer Quire, not CSV, a missing column, a value of the wrong kind, a value the model cannot
    /// take): the message names the file, and the line and column for data.
    case input(String)
    /// The output cannot be written.
    case output(OutputError)

    /// The message as printed.
    public var description: String {
        switch self {
        case .input(let message): message
        case .output(let error): "error: \(error)"
        }
    }
}

/// Batch scoring (`quire score`): a CSV file of raw rows through an exported model, in constant
/// memory, to a CSV file of the model's input columns, `prediction` and, for a classifier,
/// `probability_CLASS` per class: the values `predict` gives in a notebook, bit for bit.
public enum BatchScoring {
    /// Reads a model file written by `export` (or a bare model).
    ///
    /// - Throws: ``ScoreError/input(_:)`` naming the file: it cannot be read, is not a model, is
    ///   damaged or comes from a newer Quire.
    public static func loadModel(_ path: String) throws(ScoreError) -> TrainedModel {
        let hint = "\n  hint: give the path of a model written by `export` (OUTPUT/models/NAME.json)"
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .input("\(path): error: cannot read the model file: \(String(cString: strerror(errno)))" + hint)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .input("\(path): error: the model file is not a regular file (a directory, FIFO or device)" + hint)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .input("\(path): error: cannot read the model file" + hint)
        }
        do {
            return try TrainedModel.decode(data)
        } catch let error as ModelError {
            throw .input("\(path): \(error)")
        } catch {
            throw .input("\(path): error: \(error)")
        }
    }

    /// Scores the rows of `data` with the model at `model`, writing `output` (standard output
    /// when nil) a batch at a time.
    ///
    /// The output file is written under a temporary name beside it and renamed when complete,
    /// so on any error it is left as it was. On standard output, rows already written stay
    /// written; the checks that need no row (model, header, columns) come before any byte.
    ///
    /// - Throws: ``ScoreError``.
    @discardableResult
    public static func score(model: String, data: String, output: String?, options: ScoreOptions = ScoreOptions())
        throws(ScoreError) -> ScoreResult
    {
        let trained = try loadModel(model)
        let inputs = trained.inputs
        let outputNames = trained.scoredColumnNames
        if let clash = inputs.first(where: { outputNames.contains($0.name) }) {
            throw .input(
                "\(model): error: the model reads a column named `\(clash.name)`, which the scored file adds"
                    + "\n  hint: rename the column before training, so the scored file's columns are distinct")
        }
        let threads = max(1, options.threads)
        let reader: CSVBatchReader
        do {
            reader = try CSVBatchReader(
                path: data, columns: inputs.map { ($0.name, $0.kind) },
                options: CSVOptions(threads: threads, blockSize: options.blockBytes))
        } catch let error as CSVError {
            throw .input(error.description)
        } catch {
            throw .input("\(data): error: \(error)")
        }
        let columns = inputs.map(\.name) + outputNames
        let sink = try ScoreSink(path: output)
        do throws(ScoreError) {
            try sink.append(CSVWriter.headerBytes(columns))
            let chunkRows = max(1, options.chunkRows)
            while true {
                let block: Frame
                do {
                    guard let next = try reader.next() else { break }
                    block = next
                } catch var error as CSVError {
                    if error.code == .notANumber {
                        error.hint = "the model reads this column as numbers: fix the value, or leave the field empty"
                    }
                    throw ScoreError.input(error.description)
                } catch {
                    throw ScoreError.input("\(data): error: \(error)")
                }
                let firstRow = reader.rowsRead - block.rowCount
                var start = 0
                while start < block.rowCount {
                    let end = min(block.rowCount, start + chunkRows)
                    let batch = start == 0 && end == block.rowCount ? block : block.rows(start..<end)
                    let scored = try predict(
                        trained, batch, threads: threads, firstRow: firstRow + start, data: data, reader: reader)
                    let frame: Frame
                    do {
                        frame = try Frame(columns: batch.columns + scored)
                    } catch {
                        throw ScoreError.input("\(data): error: \(error)")
                    }
                    try sink.append(CSVWriter.rowBytes(frame, threads: threads))
                    start = end
                }
            }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        return ScoreResult(rows: reader.rowsRead, columns: columns)
    }

    /// The scored columns of a batch; a row the model refuses is found and named by its line.
    private static func predict(
        _ model: TrainedModel, _ batch: Frame, threads: Int, firstRow: Int, data: String, reader: CSVBatchReader
    ) throws(ScoreError) -> [Column] {
        do {
            return try model.scoredColumns(batch, threads: threads)
        } catch {
            // Find the first row the model refuses on its own (every row is scored alone).
            var row = 0
            var rowError: any Error = error
            for index in 0..<batch.rowCount {
                do {
                    _ = try model.scoredColumns(batch.rows(index..<(index + 1)), threads: 1)
                } catch {
                    row = index
                    rowError = error
                    break
                }
            }
            let model = rowError as? ModelError
            let place = reader.location(row: firstRow + row, column: model?.column).map { ":\($0.line):\($0.column)" }
            var message = "\(data)\(place ?? ""): error: row \(firstRow + row + 1): "
            if let model, model.code == .missingFeatureValues, let column = model.column {
                message += "`\(column)` is missing, and the model cannot take a missing value there"
                message += "\n  hint: fill the value, or export the model behind an `impute` step that fills it"
            } else if let model {
                message += model.message + (model.hint.map { "\n  hint: \($0)" } ?? "")
            } else {
                message += "\(rowError)"
            }
            throw .input(message)
        }
    }
}

/// Where scored rows go: a temporary file beside the output, renamed over it when complete, or
/// standard output.
final class ScoreSink {
    private let path: String?
    private let temporary: String?
    private let descriptor: Int32
    private var closed = false
    /// Removes the temporary file on Ctrl-C or `SIGTERM`.
    private let interruption: RemovalOnInterrupt?

    init(path: String?) throws(ScoreError) {
        self.path = path
        guard let path else {
            temporary = nil
            descriptor = 1
            interruption = nil
            return
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let short = name.utf8.count > 200 ? String(decoding: name.utf8.prefix(200), as: UTF8.self) : name
        let temporary = directory + ".\(short).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw .output(OutputError(path: path, action: "write", code: errno)) }
        self.temporary = temporary
        self.descriptor = descriptor
        interruption = RemovalOnInterrupt(path: temporary)
    }

    deinit { abandon() }

    func append(_ bytes: [UInt8]) throws(ScoreError) {
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw .output(OutputError(path: path ?? "standard output", action: "write", code: failure)) }
    }

    /// Flushes the file and renames it over the output.
    func finish() throws(ScoreError) {
        guard let path, let temporary, !closed else { return }
        var failure: Int32 = 0
        // A file system that cannot fsync (EINVAL) has nothing more to flush.
        if fsync(descriptor) != 0 && errno != EINVAL { failure = errno }
        if close(descriptor) != 0 && failure == 0 && errno != EINTR { failure = errno }
        closed = true
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        interruption?.end()
        if failure != 0 {
            unlink(temporary)
            throw .output(OutputError(path: path, action: "write", code: failure))
        }
    }

    /// Removes the temporary file; the output is left as it was.
    func abandon() {
        guard let temporary, !closed else { return }
        close(descriptor)
        unlink(temporary)
        closed = true
        interruption?.end()
    }
}
