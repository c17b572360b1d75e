#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a notebook file into a ``Notebook`` and reports every problem in it in one pass.
///
/// Front matter is read here; the Markdown after it goes to ``CommonMarkConverter`` (the only
/// code in Quire that calls cmark), whose tree ``BlockReader`` turns into ``Notebook`` values
/// under a ``ProseRenderPolicy`` made from ``Options``; every cmark object is freed before
/// returning. Front matter is blanked out (its lines kept as empty lines) before cmark sees the
/// text, so cmark's line numbers are the file's.
public struct NotebookParser: Sendable {
    /// What to do besides reading: render or check prose, and how strictly.
    public struct Options: OptionSet, Sendable {
        /// The options' bits.
        public let rawValue: Int
        /// Creates options from their bits.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Render each prose run to HTML with cmark (``Prose/html``).
        public static let renderProse = Options(rawValue: 1 << 0)
        /// Keep the safe part of raw HTML in prose (``HTMLSanitizer``), warning about what is
        /// removed; by default raw HTML is replaced by a comment.
        public static let allowRawHTML = Options(rawValue: 1 << 1)
        /// Check prose as rendering would (images, and raw HTML with ``allowRawHTML``) and report
        /// its warnings, without rendering; implied by ``renderProse``.
        public static let checkProse = Options(rawValue: 1 << 2)
        /// Let prose images come from outside ``NotebookParser/projectRoot``.
        public static let allowFilesOutsideRoot = Options(rawValue: 1 << 3)
    }

    /// What parsing produced: the notebook (unless the file could not be read as text), the
    /// text for printing diagnostics, and the diagnostics.
    public struct Result: Sendable {
        /// The notebook, unless the file could not be read as text.
        public var notebook: Notebook?
        /// The text, for printing diagnostics with their source lines.
        public var source: SourceText?
        /// Every problem found, errors and warnings.
        public var diagnostics: [Diagnostic]

        /// Whether the notebook can be run: it was read and has no errors.
        public var isValid: Bool { notebook != nil && !diagnostics.containsErrors }
    }

    /// Largest notebook file read (a notebook holds prose and steps; data lives in other files).
    public static let maximumFileSize = 256 << 20

    /// What to do besides reading.
    public var options: Options
    /// The directory prose images must stay inside, symlinks followed (the project root the
    /// runner confines step files to); nil: the notebook's own directory.
    public var projectRoot: String?

    /// Creates a parser; see ``options`` and ``projectRoot``.
    public init(options: Options = [], projectRoot: String? = nil) {
        self.options = options
        self.projectRoot = projectRoot
    }

    /// Reads and parses the notebook at `path` (see ``readNotebook(_:)``).
    public func parse(contentsOfFile path: String) -> Result {
        switch Self.readNotebook(path) {
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
        var session = ParseSession(
            source: SourceText(bytes: text), path: path, options: options, projectRoot: projectRoot)
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

    /// File extensions of data and reports, refused as notebooks: running `quire run data.csv`
    /// is a slip for `load: data.csv`, and would otherwise render the data as prose and exit 0.
    public static let nonNotebookExtensions: [String: String] = [
        "csv": "data", "tsv": "data", "tab": "data", "psv": "data", "json": "data", "jsonl": "data",
        "ndjson": "data", "parquet": "data", "feather": "data", "arrow": "data", "orc": "data", "avro": "data",
        "xlsx": "data", "xls": "data", "ods": "data", "pkl": "data", "pickle": "data", "npy": "data",
        "npz": "data", "h5": "data", "hdf5": "data", "sqlite": "data", "db": "data",
        "html": "report", "htm": "report", "prom": "report",
    ]

    /// The bytes of the notebook at `path`: ``readFile(_:noun:maximumSize:)``, after refusing
    /// (`not-a-notebook`) a path whose extension is one of ``nonNotebookExtensions``.
    ///
    /// Any other name is read as Markdown, with or without an extension (`.md`, `.markdown`,
    /// `.qmd`, `.txt`, none).
    public static func readNotebook(_ path: String) -> Swift.Result<[UInt8], Diagnostic> {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex,
            let kind = nonNotebookExtensions[name[name.index(after: dot)...].lowercased()]
        {
            let ext = String(name[dot...])
            let stem = String(name[..<dot])
            let hint =
                kind == "report"
                ? "pass the notebook (.md) the report was rendered from"
                : "a notebook is Markdown (.md); read data from one with a step, e.g. `load: \(name)`"
            return .failure(
                .error(
                    .notANotebook, "a \(ext) file is \(kind == "report" ? "a report" : "data"), not a notebook",
                    at: nil, hint: kind == "report" && ext.hasPrefix(".htm") ? "\(hint), e.g. `\(stem).md`" : hint))
        }
        return readFile(path)
    }

    /// The bytes of the regular file at `path`, or a `file-unreadable` diagnostic: missing, a
    /// directory, a FIFO, socket or device, unreadable, or larger than `maximumSize`.
    ///
    /// The file is examined with `stat` before it is opened, so a FIFO (whose `open` would block
    /// until a writer comes), a device such as `/dev/zero` (endless) or an oversized file is
    /// refused without reading a byte. It is then opened non-blocking and checked again, in case it
    /// was replaced in between, and never read past `maximumSize` (in case it grows).
    ///
    /// - Parameters:
    ///   - path: the file; symbolic links are followed.
    ///   - noun: what the file is, for messages ("notebook", "params file", …).
    ///   - maximumSize: the largest size accepted, in bytes.
    public static func readFile(_ path: String, noun: String = "notebook", maximumSize: Int = maximumFileSize)
        -> Swift.Result<[UInt8], Diagnostic>
    {
        func failure(_ message: String, hint: String? = nil) -> Swift.Result<[UInt8], Diagnostic> {
            .failure(.error(.fileUnreadable, message, at: nil, hint: hint))
        }
        func reason(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
        func refusal(_ info: stat) -> Swift.Result<[UInt8], Diagnostic>? {
            let kind: String
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                guard Int(info.st_size) > maximumSize else { return nil }
                return failure(
                    "\(noun) is \(sizeText(Int(info.st_size))), more than the limit of \(sizeText(maximumSize))",
                    hint: noun == "notebook" ? "keep data in separate files and read them with a `load` step" : nil)
            case S_IFDIR:
                return failure(
                    "is a directory, not a \(noun)", hint: "pass the files inside it, e.g. `\(path)/*.md`")
            case S_IFIFO: kind = "a named pipe (FIFO)"
            case S_IFCHR: kind = "a character device"
            case S_IFBLK: kind = "a block device"
            case S_IFSOCK: kind = "a socket"
            default: kind = "a special file"
            }
            return failure(
                "is \(kind), not a regular file; a \(noun) is read from a regular file",
                hint: "save the content to a file first (`cat … > file`) and pass that")
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return failure(
                "cannot read \(noun): \(reason(code))",
                hint: code == ENOENT ? "check the path; it is relative to the current directory" : nil)
        }
        if let refused = refusal(info) { return refused }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return failure("cannot read \(noun): \(reason(errno))") }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { return failure("cannot read \(noun): \(reason(errno))") }
        if let refused = refusal(info) { return refused }
        // A regular file: at most one byte more than allowed, in case it grew since `fstat`.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maximumSize {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return failure("cannot read \(noun): \(reason(errno))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if bytes.count > maximumSize {
            return failure("\(noun) is larger than the limit of \(sizeText(maximumSize))")
        }
        return .success(bytes)
    }

    /// `512 bytes`, `1.1 MiB`, `12 KiB`, `300 MiB`, `4 GiB`: a tenth shown below 10 units.
    static func sizeText(_ bytes: Int) -> String {
        guard bytes >= 1 << 10 else { return "\(bytes) bytes" }
        let (shift, unit) =
            bytes < 1 << 20 ? (10, "KiB") : bytes < 1 << 30 ? (20, "MiB") : bytes < 1 << 40 ? (30, "GiB") : (40, "TiB")
        // Whole units times ten plus the tenth, so sizes up to Int.max (a sparse file) cannot overflow.
        let tenths = (bytes >> shift) * 10 + ((bytes & ((1 << shift) - 1)) * 10) >> shift
        let number = tenths >= 100 || tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
        return "\(number) \(unit)"
    }
}

/// The state of one parse: the text, the diagnostics found so far and the blocks read.
struct ParseSession {
    let source: SourceText
    let path: String
    let options: NotebookParser.Options
    let projectRoot: String?
    var diagnostics: [Diagnostic] = []

    init(source: SourceText, path: String, options: NotebookParser.Options, projectRoot: String?) {
        self.source = source
        self.path = path
        self.options = options
        self.projectRoot = projectRoot
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
        var directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        if directory.isEmpty { directory = "/" }
        // Resolved, so an image's written path can be judged against the root before it is read.
        directory = ProseImages.realPath(directory) ?? directory
        let rootPath = projectRoot ?? directory
        let root = options.contains(.allowFilesOutsideRoot) ? nil : ProseImages.realPath(rootPath) ?? rootPath
        let policy = ProseRenderPolicy(
            renders: options.contains(.renderProse), allowsRawHTML: options.contains(.allowRawHTML),
            images: ProseImages(directory: directory, root: root, embeds: options.contains(.renderProse)),
            headingAnchor: { _ in nil })
        var reader = BlockReader(source: source, options: options, declaredParams: declared, policy: policy)
        var document = CommonMarkConverter.parse(markdown)
        // An unclosed mermaid fence is cut where the diagram cannot go on, and the rest parsed
        // again with the diagram's lines blanked, so every line keeps its number.
        // `markdown` holds one byte per front-matter line.
        let shift = frontMatterEnd < source.lineCount ? source.lineStarts[frontMatterEnd] - frontMatterEnd : 0
        // Each cut parses the text again: a hostile notebook's thousands of them are not all cut.
        var cuts = 0
        while cuts < UnclosedMermaid.maximumCuts, let cut = UnclosedMermaid.find(in: document.root, source: source) {
            cuts += 1
            for line in cut.block.range.start.line..<cut.resumeLine {
                for offset in source.byteRange(ofLine: line) where markdown[offset - shift] != 13 {
                    markdown[offset - shift] = 32
                }
            }
            reader.cutDiagrams.append(cut.block)
            diagnostics.append(cut.warning)
            document = CommonMarkConverter.parse(markdown)
        }
        let (blocks, headings) = withExtendedLifetime(document) { reader.readDocument(document.root) }
        diagnostics += reader.diagnostics
        diagnostics += Self.duplicateIDs(in: blocks)
        var notebook = Notebook(
            path: path, frontMatter: frontMatter, blocks: blocks, headings: headings, lineCount: source.lineCount)
        if let title = frontMatter?.title { notebook.frontMatterTitleQuotes = quotes(inTitle: title) }
        return notebook
    }

    /// The title's quoted values (`title: "AUC {{ eval.roc_auc | .3f }}"`), nil when it has none.
    private mutating func quotes(inTitle title: Located<String>) -> QuotedText? {
        let text = title.value
        guard text.holds("{") || text.holds("$") else { return nil }
        let range = title.range
        let scalars = Array(text.unicodeScalars)
        let singleLine = range.start.line == range.end.line
        // Quotes around the value shift its columns by one.
        let shift = singleLine && range.end.column - range.start.column + 1 > scalars.count ? 1 : 0
        let found = QuoteParser.parse(scalars, backslashEscapes: true) { offset in
            singleLine
                ? SourceLocation(line: range.start.line, column: range.start.column + shift + offset) : range.start
        }
        diagnostics += found.diagnostics
        return found.changed ? QuotedText(pieces: found.pieces) : nil
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
