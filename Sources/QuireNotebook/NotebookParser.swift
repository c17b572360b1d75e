import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a notebook file into a ``Notebook`` and reports every problem in it in one pass.
///
/// The only code in Quire that talks to cmark: it converts cmark's tree into ``Notebook`` values
/// and frees every cmark object before returning. Front matter is blanked out (its lines kept as
/// empty lines) before cmark sees the text, so cmark's line numbers are the file's.
public struct NotebookParser: Sendable {
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Render each prose run to HTML with cmark (``Prose/html``).
        public static let renderProse = Options(rawValue: 1 << 0)
        /// Keep raw HTML in prose (cmark's unsafe mode); by default it is replaced by a comment.
        public static let allowRawHTML = Options(rawValue: 1 << 1)
    }

    /// What parsing produced: the notebook (unless the file could not be read as text), the
    /// text for printing diagnostics, and the diagnostics.
    public struct Result: Sendable {
        public var notebook: Notebook?
        public var source: SourceText?
        public var diagnostics: [Diagnostic]

        /// Whether the notebook can be run: it was read and has no errors.
        public var isValid: Bool { notebook != nil && !diagnostics.containsErrors }
    }

    /// Largest notebook file read (a notebook holds prose and steps; data lives in other files).
    public static let maximumFileSize = 256 << 20

    public var options: Options

    public init(options: Options = []) {
        self.options = options
    }

    /// Reads and parses the file at `path`.
    public func parse(contentsOfFile path: String) -> Result {
        switch Self.readFile(path) {
        case .success(let bytes):
            return parse(bytes: bytes, path: path)
        case .failure(let diagnostic):
            return Result(notebook: nil, source: nil, diagnostics: [diagnostic])
        }
    }

    /// Parses `bytes`, the contents of the file shown as `path`.
    public func parse(bytes: [UInt8], path: String) -> Result {
        let text: [UInt8]
        switch SourceText.validate(bytes) {
        case .success(let valid):
            text = Self.endingLinesAtLoneCarriageReturns(valid)
        case .failure(let error):
            let raw = bytes.starts(with: SourceText.byteOrderMark) ? Array(bytes.dropFirst(3)) : bytes
            let diagnostic: Diagnostic
            switch error.problem {
            case .invalidUTF8(_, let byte):
                diagnostic = .error(
                    .invalidUTF8, "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)))",
                    at: SourceRange(start: error.location, end: error.location),
                    hint: "notebooks are UTF-8 text; convert the file, e.g. `iconv -f latin1 -t utf-8`")
            case .nulByte:
                diagnostic = .error(
                    .binaryFile, "file contains a NUL byte; this looks like a binary file, not a notebook",
                    at: SourceRange(start: error.location, end: error.location),
                    hint: "a notebook is a Markdown text file (.md)")
            }
            return Result(notebook: nil, source: SourceText(bytes: raw), diagnostics: [diagnostic])
        }
        var session = ParseSession(source: SourceText(bytes: text), path: path, options: options)
        let notebook = session.run()
        return Result(notebook: notebook, source: session.source, diagnostics: session.diagnostics)
    }

    /// `bytes` with each CR that no LF follows turned into an LF: cmark (and most editors) end a
    /// line there, so every position Quire reports counts lines the same way.
    static func endingLinesAtLoneCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(13) else { return bytes }
        var result = bytes
        for index in result.indices where result[index] == 13 && (index + 1 == result.count || result[index + 1] != 10)
        {
            result[index] = 10
        }
        return result
    }

    /// The bytes of the file at `path`, or a `file-unreadable` diagnostic (missing, a directory,
    /// unreadable, or larger than ``maximumFileSize``; endless files such as `/dev/zero` stop there).
    public static func readFile(_ path: String) -> Swift.Result<[UInt8], Diagnostic> {
        func failure(_ message: String, hint: String? = nil) -> Swift.Result<[UInt8], Diagnostic> {
            .failure(.error(.fileUnreadable, message, at: nil, hint: hint))
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            return failure(
                "cannot read notebook: \(reason.lowercased())",
                hint: errno == ENOENT ? "check the path; it is relative to the current directory" : nil)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return failure("cannot read notebook: \(String(cString: strerror(errno)).lowercased())")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return failure(
                "is a directory, not a notebook", hint: "pass the notebook files inside it, e.g. `\(path)/*.md`")
        }
        // Read at most one byte more than allowed, so endless files (/dev/zero) stop too.
        var bytes: [UInt8] = []
        let expected = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : 1 << 16
        bytes.reserveCapacity(min(expected, maximumFileSize) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumFileSize {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return failure("cannot read notebook: \(String(cString: strerror(errno)).lowercased())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if bytes.count > maximumFileSize {
            return failure(
                "notebook is larger than \(maximumFileSize >> 20) MiB",
                hint: "keep data in separate files and read them with a `load` step")
        }
        return .success(bytes)
    }
}

/// The state of one parse: the text, the diagnostics found so far and the blocks read.
struct ParseSession {
    let source: SourceText
    let path: String
    let options: NotebookParser.Options
    var diagnostics: [Diagnostic] = []

    init(source: SourceText, path: String, options: NotebookParser.Options) {
        self.source = source
        self.path = path
        self.options = options
    }

    mutating func run() -> Notebook {
        var frontMatterEnd = 0
        var frontMatter: FrontMatter?
        if let (matter, lastLine) = readFrontMatter() {
            frontMatter = matter
            frontMatterEnd = lastLine
        }
        // Blank the front matter's lines, keeping their line endings, so cmark's lines are ours.
        var markdown = [UInt8](repeating: UInt8(ascii: "\n"), count: frontMatterEnd)
        if frontMatterEnd < source.lineCount {
            markdown.append(contentsOf: source.bytes[source.lineStarts[frontMatterEnd]...])
        }
        let declared = Set(frontMatter?.params.map(\.name.value) ?? [])
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var reader = BlockReader(
            source: source, options: options, declaredParams: declared, directory: directory.isEmpty ? "/" : directory)
        let (blocks, headings) = markdown.withUnsafeBufferPointer { buffer -> ([Notebook.Block], [Heading]) in
            let document = cmark_parse_document(
                UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), buffer.count,
                CMARK_OPT_DEFAULT)!
            defer { cmark_node_free(document) }
            return reader.readDocument(document)
        }
        diagnostics += reader.diagnostics
        diagnostics += Self.duplicateIDs(in: blocks)
        return Notebook(
            path: path, frontMatter: frontMatter, blocks: blocks, headings: headings, lineCount: source.lineCount)
    }

    /// The front matter and its last line, if the file starts with `---`.
    private mutating func readFrontMatter() -> (FrontMatter, Int)? {
        guard source.lineCount >= 1, Self.trimmedLine(source.lineBytes(1)) == "---" else { return nil }
        var closing: Int?
        var line = 2
        while line <= source.lineCount {
            let trimmed = Self.trimmedLine(source.lineBytes(line))
            if trimmed == "---" || trimmed == "..." {
                closing = line
                break
            }
            line += 1
        }
        guard let closing else {
            diagnostics.append(
                .error(
                    .frontMatterUnterminated, "front matter is never closed",
                    at: SourceRange(line: 1, column: 1, length: 3),
                    hint: "end the front matter with a line holding only `---`; "
                        + "without it the whole file would be front matter"))
            return nil
        }
        let range = SourceRange(
            start: SourceLocation(line: 1, column: 1),
            end: SourceLocation(line: closing, column: 3))
        let yaml = (2..<closing).map { source.line($0) }.joined(separator: "\n")
        var reader = FrontMatterReader(
            yaml: yaml, map: LineMap(firstLine: 2, columnOffsets: Array(repeating: 0, count: max(closing - 2, 1))),
            range: range)
        let matter = reader.read()
        diagnostics += reader.diagnostics
        return (matter, closing)
    }

    private static func trimmedLine(_ bytes: ArraySlice<UInt8>) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") {
            end -= 1
        }
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// One error per repeated step id, at the repeat, with a note at the first definition.
    static func duplicateIDs(in blocks: [Notebook.Block]) -> [Diagnostic] {
        var first: [String: SourceRange] = [:]
        var found: [Diagnostic] = []
        for case .step(let step) in blocks where !step.id.isEmpty {
            if let original = first[step.id] {
                found.append(
                    .error(
                        .stepDuplicateID, "duplicate step id '\(step.id)'", at: step.idRange,
                        hint: "step ids name outputs and must be unique; rename one of them",
                        notes: [Diagnostic.Note("'\(step.id)' is first defined here", at: original)]))
            } else {
                first[step.id] = step.idRange
            }
        }
        return found
    }
}
