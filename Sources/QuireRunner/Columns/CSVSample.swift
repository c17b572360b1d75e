import Foundation
import QuireEngine
import Synchronization

/// The schema of a CSV file as `check` sees it: the header and the kinds the CSV reader infers
/// from the first ``byteLimit`` bytes, read once per file and options in a process.
///
/// The sample is parsed by the same reader `load` uses, so the kinds are the ones a full load
/// infers for those rows. A column the sample shows as text is text in the whole file (one value
/// that is not a number makes a column categorical); one it shows as numbers (or only missing
/// values) may meet text further down, so when the file is longer than the sample its kind is
/// unknown (`nil`) unless `types:` fixes it. A file that cannot be read, lies outside the project
/// root or does not parse has no schema here: the run reports it.
enum CSVSample {
    /// Most bytes read from a file at plan time.
    static let byteLimit = 64 << 10

    private struct Key: Hashable {
        var path: String
        var size: Int
        var modified: Double
        var delimiter: Character
        var missing: [String]
        var types: [String: ColumnKind]
    }

    private static let cache = Mutex<[Key: FrameSchema?]>([:])

    /// The schema of the file at `path` (absolute), read with `options`.
    static func schema(ofFileAt path: String, options: CSVOptions) -> FrameSchema? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let key = Key(
            path: path, size: size, modified: modified, delimiter: options.delimiter,
            missing: options.missingMarkers.sorted(), types: options.types)
        if let known = cache.withLock({ $0[key] }) { return known }
        let schema = read(path, size: size, options: options)
        cache.withLock { $0[key] = schema }
        return schema
    }

    private static func read(_ path: String, size: Int, options: CSVOptions) -> FrameSchema? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard var bytes = try? handle.read(upToCount: byteLimit).map(Array.init) ?? [] else { return nil }
        let complete = size <= byteLimit && bytes.count == size
        var options = options
        options.threads = 1
        if !complete {
            // Whole records only: cut after the last line break (a quoted one fails the parse below,
            // and the header alone is used).
            guard let end = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return nil }
            bytes.removeSubrange((end + 1)...)
        }
        let frame: Frame
        do {
            frame = try CSVReader.read(bytes: bytes, name: path, options: options)
        } catch {
            guard !complete, let names = headerOnly(bytes, options: options) else { return nil }
            return FrameSchema(names.map { FrameSchema.Column($0, options.types[$0]) })
        }
        var schema = FrameSchema(
            frame.columns.map { column in
                let certain = complete || column.kind != .numeric || options.types[column.name] != nil
                return FrameSchema.Column(
                    column.name, certain ? column.kind : nil, distinct: column.strings.map(distinctCount))
            })
        schema.sampleRows = frame.rowCount
        return schema
    }

    /// The names of the header line parsed alone.
    private static func headerOnly(_ bytes: [UInt8], options: CSVOptions) -> [String]? {
        guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return (try? CSVReader.read(bytes: Array(bytes[...end]), options: options))?.columnNames
    }

    private static func distinctCount(_ values: CategoricalValues) -> Int {
        var seen = [Bool](repeating: false, count: values.categories.count)
        var count = 0
        for code in values.codes where code >= 0 && !seen[Int(code)] {
            seen[Int(code)] = true
            count += 1
        }
        return count
    }
}
