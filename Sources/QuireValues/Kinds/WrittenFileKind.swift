import Foundation
import QuireSupport

/// A file a step writes into the output directory (what `write` produces): its bytes, where it
/// goes, what it holds, and the `load` step that reads it back to the same frame.
public struct WrittenFile: Sendable, Equatable {
    /// The path relative to the output directory, `/`-separated (`scored.csv`).
    public var path: String
    /// Rows of the frame written (not counting the header).
    public var rows: Int
    /// Columns of the frame written.
    public var columns: Int
    /// The `load` step that reads the file back to the same frame (`load: {path: …, types: …}`),
    /// with the path relative to the output directory.
    public var load: String
    /// The file's bytes.
    public var bytes: [UInt8]

    /// A written file.
    public init(path: String, rows: Int, columns: Int, load: String, bytes: [UInt8]) {
        self.path = path
        self.rows = rows
        self.columns = columns
        self.load = load
        self.bytes = bytes
    }
}

/// What the cache entry, the report and the JSON summary keep of a ``WrittenFile``: all but its
/// bytes, with their count and digest.
public struct WrittenFileSummary: Codable, Sendable, Equatable {
    /// The path relative to the output directory.
    public var path: String
    /// Rows written.
    public var rows: Int
    /// Columns written.
    public var columns: Int
    /// The file's size.
    public var bytes: Int
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String
    /// The `load` step that reads it back.
    public var load: String
}

/// A file written into the output directory (``WrittenFile``).
///
/// Stored as a one-line JSON header (path, rows, columns, load) then the file's bytes.
public enum WrittenFileKind: ValueKindDefinition {
    /// `file`.
    public static let kind = ValueKind("file", article: "a file")

    private struct Header: Codable {
        var path: String
        var rows: Int
        var columns: Int
        var load: String
    }

    /// The header line, then the bytes.
    public static func encode(_ file: WrittenFile) throws -> [UInt8] {
        let header = Header(path: file.path, rows: file.rows, columns: file.columns, load: file.load)
        return Array(try JSONCoding.encoder.encode(header)) + [0x0A] + file.bytes
    }

    /// Reads what ``encode(_:)`` wrote.
    public static func decode(_ bytes: [UInt8]) throws -> WrittenFile {
        guard let end = bytes.firstIndex(of: 0x0A) else { throw CocoaError(.coderReadCorrupt) }
        let header = try JSONCoding.decoder.decode(Header.self, from: Data(bytes[..<end]))
        return WrittenFile(
            path: header.path, rows: header.rows, columns: header.columns, load: header.load,
            bytes: Array(bytes[(end + 1)...]))
    }

    /// All but the bytes.
    public static func summary(of file: WrittenFile) -> WrittenFileSummary {
        WrittenFileSummary(
            path: file.path, rows: file.rows, columns: file.columns, bytes: file.bytes.count,
            sha256: SHA256.hex(of: file.bytes), load: file.load)
    }

    /// `rows`, `columns` and `bytes`.
    public static func scalars(of summary: WrittenFileSummary) -> [String: Double] {
        ["rows": Double(summary.rows), "columns": Double(summary.columns), "bytes": Double(summary.bytes)]
    }

    /// `path`, `rows`, `columns`, `file_bytes`, `sha256` and `load`.
    public static func json(of summary: WrittenFileSummary) -> [String: JSONValue] {
        [
            "path": .string(summary.path), "rows": .integer(summary.rows), "columns": .integer(summary.columns),
            "file_bytes": .integer(summary.bytes), "sha256": .string(summary.sha256), "load": .string(summary.load),
        ]
    }

    /// A link to the file (relative to the report, which sits in the output directory), its
    /// rows, columns and size, and the `load` step that reads it back.
    public static func render(_ summary: WrittenFileSummary, name: String, options: RenderOptions) -> HTML {
        let caption =
            HTML.element("span", ["class": "output-name"], .text(name))
            + .text(" · wrote ")
            + .element("a", ["href": href(summary.path)], .element("code", [:], .text(summary.path)))
            + .text(
                " · \(NumberFormat.count(summary.rows, "row")) × \(NumberFormat.count(summary.columns, "column"))"
                    + " · \(NumberFormat.count(summary.bytes, "byte"))")
        return .element(
            "figure", ["class": "output file"], .element("figcaption", [:], caption),
            .element("p", [:], .text("Read it back with (the path is relative to the output directory):")),
            .element("pre", [:], .element("code", [:], .text(summary.load))))
    }

    /// The path as a relative URL: each segment percent-encoded but for unreserved characters.
    static func href(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
        let joined = segments.joined(separator: "/")
        // `./` keeps a segment with `:` from reading as a URL scheme.
        return "./" + joined
    }
}

extension ValueKind {
    /// A file written into the output directory (``WrittenFileKind``).
    public static let file = WrittenFileKind.kind
}

extension StepValue {
    /// A written-file value.
    public static func file(_ file: WrittenFile) -> StepValue { StepValue(WrittenFileKind.self, file) }

    /// The written file, when the value is one.
    public var file: WrittenFile? { self.as(WrittenFileKind.self) }
}

extension OutputSummary {
    /// The written file's summary, when the output is one.
    public var file: WrittenFileSummary? { self.as(WrittenFileKind.self) }
}
