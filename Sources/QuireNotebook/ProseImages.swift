import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes the images of a prose node safe for a self-contained report, before cmark renders it.
///
/// A report loads nothing: a local image (`![plot](figures/roc.png)`, relative to the notebook)
/// is embedded as a `data:` URI when it is a PNG, JPEG, GIF or WebP of at most
/// ``maximumImageSize``; a remote image (`https://…`) becomes a link to it, so the reader can
/// open it deliberately. Anything else (missing file, SVG, too large) also becomes a link, with a
/// warning.
struct ProseImages {
    static let maximumImageSize = 10 << 20
    static let types = [
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    ]

    /// The notebook's directory, for relative paths.
    let directory: String

    /// Rewrites the images under `node`; returns warnings to report at `range`.
    func rewrite(_ node: OpaquePointer, range: SourceRange) -> [Diagnostic] {
        var images: [OpaquePointer] = []
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            let current = cmark_iter_get_node(iterator)!
            if cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                cmark_node_get_type(current) == CMARK_NODE_IMAGE
            {
                images.append(current)
            }
        }
        var warnings: [Diagnostic] = []
        for image in images {
            let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
            let lower = url.lowercased()
            if lower.hasPrefix("data:") { continue }
            if lower.hasPrefix("http:") || lower.hasPrefix("https:") || lower.hasPrefix("//") {
                replaceWithLink(image, url: url)
                continue
            }
            switch embed(url) {
            case .success(let dataURI):
                cmark_node_set_url(image, dataURI)
            case .failure(let reason):
                warnings.append(
                    .warning(
                        .imageNotEmbedded, "image '\(url)' is not embedded: \(reason)", at: range,
                        hint:
                            "reports load nothing; use a PNG, JPEG, GIF or WebP file of at most 10 MiB next to the notebook"
                    ))
                replaceWithLink(image, url: url)
            }
        }
        return warnings
    }

    private func embed(_ url: String) -> Result<String, ImageProblem> {
        let relative = url.split(separator: "?").first.map(String.init) ?? url
        let decoded = relative.removingPercentEncoding
        let path = decoded.hasPrefix("/") ? decoded : directory + "/" + decoded
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard let type = Self.types[ext] else {
            return .failure(
                ImageProblem(
                    description: ext == "svg" ? "SVG images may carry scripts" : "not a PNG, JPEG, GIF or WebP file"))
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(ImageProblem(description: "no such file"))
        }
        guard Int(info.st_size) <= Self.maximumImageSize else {
            return .failure(ImageProblem(description: "larger than 10 MiB"))
        }
        guard case .success(let bytes) = NotebookParser.readFile(path) else {
            return .failure(ImageProblem(description: "cannot read it"))
        }
        return .success("data:\(type);base64," + Base64.encode(bytes))
    }

    /// Replaces an image by a link to its URL around its alt text.
    private func replaceWithLink(_ image: OpaquePointer, url: String) {
        guard let link = cmark_node_new(CMARK_NODE_LINK) else { return }
        cmark_node_set_url(link, url)
        if let title = cmark_node_get_title(image) { cmark_node_set_title(link, title) }
        while let child = cmark_node_first_child(image) {
            cmark_node_unlink(child)
            cmark_node_append_child(link, child)
        }
        if cmark_node_first_child(link) == nil, let text = cmark_node_new(CMARK_NODE_TEXT) {
            cmark_node_set_literal(text, "image")
            cmark_node_append_child(link, text)
        }
        cmark_node_replace(image, link)
        cmark_node_free(image)
    }

    struct ImageProblem: Error, CustomStringConvertible {
        var description: String
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
