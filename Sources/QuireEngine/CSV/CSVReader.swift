import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads CSV files into frames.
///
/// The file is streamed in blocks (``CSVOptions/blockSize``); each block is cut at record
/// boundaries by quote parity and its parts are parsed in parallel (``CSVOptions/threads``)
/// straight from bytes into column buffers. Memory stays close to the size of the final columns:
/// no copy of the file is kept. See docs/engine.md, "CSV rules", for what is accepted.
public enum CSVReader {
    /// Reads a CSV file.
    ///
    /// - Parameters:
    ///   - path: the file's path; errors name it as given.
    ///   - options: delimiter, missing markers, type overrides, threads.
    /// - Returns: a frame with one column per header field.
    /// - Throws: ``CSVError`` naming the file, line and column, with a hint.
    public static func read(contentsOf path: String, options: CSVOptions = CSVOptions()) throws -> Frame {
        let source: CSVFileSource
        do {
            source = try CSVFileSource(path: path)
        } catch {
            throw CSVError(
                code: .io, message: error.failure.message, hint: error.failure.hint, file: path, line: 1, column: 1)
        }
        return try read(source: source, name: path, options: options)
    }

    /// Reads CSV text held in memory.
    ///
    /// - Parameters:
    ///   - bytes: the CSV bytes (UTF-8).
    ///   - name: the name used in errors.
    ///   - options: delimiter, missing markers, type overrides, threads.
    /// - Throws: ``CSVError``.
    public static func read(bytes: [UInt8], name: String = "<memory>", options: CSVOptions = CSVOptions()) throws
        -> Frame
    {
        try read(source: CSVMemorySource(bytes: bytes), name: name, options: options)
    }

    static func read(source: any CSVByteSource, name: String, options: CSVOptions) throws -> Frame {
        let load = CSVLoad(source: source, name: name, options: options)
        return try load.run()
    }
}
