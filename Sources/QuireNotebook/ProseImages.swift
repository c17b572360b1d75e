#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes the images of a prose node safe for a self-contained report, before cmark renders it.
///
/// A report loads nothing: a local image (`![plot](figures/roc.png)`, relative to the notebook)
/// is embedded as a `data:` URI when it is a PNG, JPEG, GIF or WebP of at most
/// ``maximumImageSize`` whose bytes are the type its extension names, and when its path, with
/// symlinks followed, stays inside the project root (the rule of the files steps read; lifted by
/// `--allow-outside-root`). A remote image (`https://…`) becomes a link to it, so the reader can
/// open it deliberately. Anything else becomes a link too, with a warning at the image.
struct ProseImages {
    static let maximumImageSize = 10 << 20

    enum Kind: String {
        case png = "PNG", jpeg = "JPEG", gif = "GIF", webp = "WebP"

        init?(extension ext: String) {
            switch ext {
            case "png": self = .png
            case "jpg", "jpeg": self = .jpeg
            case "gif": self = .gif
            case "webp": self = .webp
            default: return nil
            }
        }

        /// The kind whose signature `bytes` start with.
        init?(signature bytes: ArraySlice<UInt8>) {
            let bytes = Array(bytes.prefix(12))
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
                self = .png
            } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
                self = .jpeg
            } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
                self = .gif
            } else if bytes.count == 12, bytes.starts(with: Array("RIFF".utf8)),
                Array(bytes[8..<12]) == Array("WEBP".utf8)
            {
                self = .webp
            } else {
                return nil
            }
        }

        var mediaType: String {
            switch self {
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            case .gif: "image/gif"
            case .webp: "image/webp"
            }
        }
    }

    /// The notebook's directory, for relative paths.
    let directory: String
    /// The project root, symlinks resolved; nil: images may come from anywhere.
    let root: String?
    /// Read whole images and rewrite the tree (rendering); otherwise only check them.
    let embeds: Bool

    /// Rewrites (when ``embeds``) or checks the images under `node`; returns a warning for each
    /// image that is not embedded, at the image's range as `locate` gives it.
    ///
    /// The tree is edited, never the HTML: an embedded image gets a `data:` URI as its URL, and an
    /// image that is not embedded is replaced by a link to it.
    func rewrite(_ node: MarkdownNode, locate: ([MarkdownNode]) -> [SourceRange]) -> [Diagnostic] {
        let images = node.descendants(ofKinds: [.image])
        guard !images.isEmpty else { return [] }
        let ranges = locate(images)
        var warnings: [Diagnostic] = []
        for (image, range) in zip(images, ranges) {
            let url = image.url
            let lower = url.lowercased()
            if lower.hasPrefix("data:") {
                // cmark's safe mode keeps these four and blanks every other data: URI.
                let kept = ["data:image/png;", "data:image/jpeg;", "data:image/gif;", "data:image/webp;"]
                if kept.contains(where: lower.hasPrefix) { continue }
                let type = lower.dropFirst(5).prefix { $0 != ";" && $0 != "," }
                warnings.append(Problem.dataURI(type: String(type.prefix(40))).diagnostic(url: url, at: range))
                if embeds { image.replaceImageWithLink() }
                continue
            }
            if lower.hasPrefix("http:") || lower.hasPrefix("https:") || lower.hasPrefix("//") {
                if embeds { image.replaceImageWithLink() }
                continue
            }
            switch load(url) {
            case .success(let dataURI):
                if embeds { image.embedImage(url: dataURI) }
            case .failure(let problem):
                warnings.append(problem.diagnostic(url: url, at: range))
                if embeds { image.replaceImageWithLink() }
            }
        }
        return warnings
    }

    /// Why an image is not embedded.
    enum Problem: Error {
        case notLocal(scheme: String)
        case unsupported(ext: String)
        case outsideRoot(root: String)
        case unreadable(String)
        case tooLarge(bytes: Int)
        case wrongContent(claimed: Kind, found: Kind?)
        case dataURI(type: String)

        func diagnostic(url: String, at range: SourceRange) -> Diagnostic {
            let shown = url.count > 80 ? String(url.prefix(77)) + "…" : url
            let hint = "reports load nothing; use a PNG, JPEG, GIF or WebP file of at most 10 MiB inside the project"
            switch self {
            case .notLocal(let scheme):
                return .warning(
                    .imageNotEmbedded, "image '\(shown)' is not embedded: \(scheme): is not a file or web address",
                    at: range, hint: hint)
            case .unsupported(let ext):
                let reason = ext == "svg" ? "SVG images may carry scripts" : "not a PNG, JPEG, GIF or WebP file"
                return .warning(.imageNotEmbedded, "image '\(shown)' is not embedded: \(reason)", at: range, hint: hint)
            case .outsideRoot(let root):
                return .warning(
                    .imageOutsideRoot, "image '\(shown)' is outside the project root \(root); it is not embedded",
                    at: range,
                    hint: "move the file into the project, or run with --allow-outside-root if you trust this notebook")
            case .dataURI(let type):
                let reason =
                    type.hasPrefix("image/svg") ? "SVG images may carry scripts" : "a data: URI of type '\(type)'"
                return .warning(
                    .imageNotEmbedded, "image '\(shown)' is not embedded: \(reason)", at: range,
                    hint: "reports keep data: images of type PNG, JPEG, GIF or WebP only")
            case .unreadable(let reason):
                return .warning(.imageNotEmbedded, "image '\(shown)' is not embedded: \(reason)", at: range, hint: hint)
            case .tooLarge(let bytes):
                let size = (Double(bytes) / Double(1 << 20) * 10).rounded() / 10
                return .warning(
                    .imageNotEmbedded, "image '\(shown)' is not embedded: it is \(size) MiB, over the 10 MiB limit",
                    at: range, hint: "shrink or crop the image, or link to it")
            case .wrongContent(let claimed, let found):
                let actual = found.map { "it is a \($0.rawValue) image" } ?? "it is not an image"
                return .warning(
                    .imageContentMismatch,
                    "image '\(shown)' is not embedded: its name says \(claimed.rawValue) but \(actual)", at: range,
                    hint: found == nil
                        ? "point the image at a real PNG, JPEG, GIF or WebP file"
                        : "rename the file to match its type")
            }
        }
    }

    /// The `data:` URI of the image at `url` (when ``embeds``; else an empty string once checked).
    private func load(_ url: String) -> Result<String, Problem> {
        if let scheme = HTMLSanitizer.scheme(of: url), scheme.count > 1 {
            return .failure(.notLocal(scheme: scheme))
        }
        var relative = Substring(url)
        if let end = relative.firstIndex(where: { $0 == "?" || $0 == "#" }) { relative = relative[..<end] }
        let decoded = String(relative).removingPercentEncoding
        // A NUL (`%00`) would cut the path short where the C library reads it.
        guard !decoded.utf8.contains(0) else { return .failure(.unreadable("no such file")) }
        let name = decoded.split(separator: "/").last.map(String.init) ?? ""
        let ext = name.contains(".") ? name.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
        guard let kind = Kind(extension: ext) else { return .failure(.unsupported(ext: ext)) }
        let path = decoded.hasPrefix("/") ? decoded : directory + "/" + decoded
        // Judge the written path first, so no file outside the root is even looked at.
        if let root, !Self.isInside(Self.lexicallyNormalized(path), root: root) {
            return .failure(.outsideRoot(root: root))
        }
        guard let resolved = Self.realPath(path) else {
            let reason =
                errno == ENOENT || errno == ENOTDIR ? "no such file" : String(cString: strerror(errno)).lowercased()
            return .failure(.unreadable(reason))
        }
        if let root, !Self.isInside(resolved, root: root) { return .failure(.outsideRoot(root: root)) }
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let descriptor = open(resolved, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable(String(cString: strerror(errno)).lowercased())) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.unreadable("not a regular file"))
        }
        guard Int(info.st_size) <= Self.maximumImageSize else { return .failure(.tooLarge(bytes: Int(info.st_size))) }
        // Checking needs the signature only; never read more than the limit, even if the file grew.
        let limit = embeds ? Self.maximumImageSize + 1 : 12
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(Int(info.st_size), limit))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno)).lowercased()))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if bytes.count > Self.maximumImageSize { return .failure(.tooLarge(bytes: bytes.count)) }
        let found = Kind(signature: bytes[...])
        guard found == kind else { return .failure(.wrongContent(claimed: kind, found: found)) }
        return .success(embeds ? "data:\(kind.mediaType);base64," + Base64.encode(bytes) : "")
    }

    static func isInside(_ path: String, root: String) -> Bool {
        path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// `path` with symlinks, `.` and `..` resolved (realpath(3)), or nil with `errno` set.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `path` made absolute, with `.` and `..` resolved by text alone.
    static func lexicallyNormalized(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            absolute = String(cString: cwd) + "/" + path
            free(cwd)
        }
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Standard base64 (RFC 4648) with padding.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 2 < bytes.count {
            let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(value >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            var value = UInt32(bytes[index]) << 16
            if rest == 2 { value |= UInt32(bytes[index + 1]) << 8 }
            out.append(alphabet[Int(value >> 18 & 0x3F)])
            out.append(alphabet[Int(value >> 12 & 0x3F)])
            out.append(rest == 2 ? alphabet[Int(value >> 6 & 0x3F)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The text with `%XX` escapes decoded (invalid escapes kept as they are).
    var removingPercentEncoding: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
