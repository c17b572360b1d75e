import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one file in Quire that calls cmark: parsing, walking and editing its tree, and rendering
/// HTML, after swift-markdown's `CommonMarkConverter`.
///
/// Everything else in the notebook module sees Swift values: a ``MarkdownDocument`` that owns
/// the tree and frees it, ``MarkdownNode`` handles with Swift-typed properties, and the
/// ``ProseRenderPolicy`` that decides anchors, images and raw HTML. Policy is applied to the node
/// tree (an image's URL set, an image replaced by a link, raw HTML replaced by a node holding the
/// sanitized text, a heading written with its `id`), never by editing cmark's HTML text.
enum CommonMarkConverter {
    /// Parses CommonMark text (cmark's default options: no smart punctuation, safe mode off at
    /// parse time), then adds GitHub's extensions to the tree (``GFMExtensions``) unless
    /// `extended` is false.
    static func parse(_ bytes: [UInt8], extended: Bool = true) -> MarkdownDocument {
        let root = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return cmark_parse_document("", 0, CMARK_OPT_DEFAULT) }
                return cmark_parse_document(base, chars.count, CMARK_OPT_DEFAULT)
            }
        }
        guard let root else {
            // cmark returns nil only when it cannot allocate; its allocator aborts first.
            fatalError("cmark could not parse the document")
        }
        let document = MarkdownDocument(root: root)
        if extended { GFMExtensions(source: bytes).apply(to: document.root) }
        return document
    }

    /// The HTML of one top-level node, as cmark's safe-by-default renderer writes it, with the
    /// heading's `id` when the policy gives one.
    ///
    /// A heading with an anchor is written node by node: its tag with the `id`, then each child as
    /// cmark renders it, then the closing tag, which is exactly cmark's output plus the attribute.
    static func html(of node: MarkdownNode, policy: ProseRenderPolicy) -> String {
        if node.kind == .heading, let anchor = policy.headingAnchor(node) {
            let level = node.headingLevel
            // The anchor (letters, digits, `-`, `_`) needs no escaping.
            var html = "<h\(level) id=\"\(anchor)\">"
            var child = node.firstChild
            while let current = child {
                html += render(current.pointer)
                child = current.next
            }
            return html + "</h\(level)>\n"
        }
        return render(node.pointer)
    }

    private static func render(_ pointer: OpaquePointer) -> String {
        guard let cString = cmark_render_html(pointer, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }

    fileprivate static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// How prose becomes HTML: the notebook parser's choices, handed to ``CommonMarkConverter``.
///
/// Images and raw HTML are decided before rendering and applied to the tree
/// (``MarkdownNode/embedImage(url:)``, ``MarkdownNode/replaceImageWithLink()``,
/// ``MarkdownNode/replaceWithHTML(_:)``); anchors while rendering.
struct ProseRenderPolicy {
    /// Whether prose is rendered to HTML at all; otherwise it is only checked.
    var renders: Bool
    /// Whether raw HTML is passed through ``HTMLSanitizer`` and kept; otherwise cmark's safe mode
    /// replaces it by a comment.
    var allowsRawHTML: Bool
    /// Decides every prose image: embedded, kept (remote or allowed `data:`) or made a link.
    var images: ProseImages
    /// The `id` of a heading's element, or nil to write it as cmark does.
    var headingAnchor: (MarkdownNode) -> String?
}

/// A parsed CommonMark document: owns cmark's tree and frees it when released.
///
/// Its ``MarkdownNode``s are valid while the document lives; they are used within one parse and
/// never leave the notebook module.
final class MarkdownDocument {
    private let rootPointer: OpaquePointer

    fileprivate init(root: OpaquePointer) {
        rootPointer = root
    }

    deinit {
        cmark_node_free(rootPointer)
    }

    /// The document node.
    var root: MarkdownNode { MarkdownNode(pointer: rootPointer) }
}

/// A node of a ``MarkdownDocument``'s tree, with Swift-typed properties.
///
/// Positions are cmark's: 1-based lines, 1-based byte columns (0 when cmark has none).
struct MarkdownNode: Hashable {
    fileprivate let pointer: OpaquePointer

    fileprivate init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// The kinds of node cmark makes.
    enum Kind {
        case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading, thematicBreak
        case text, softBreak, lineBreak, code, htmlInline, customInline, emphasis, strong, link, image
        case none
    }

    /// What the node is.
    var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: .document
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_LIST: .list
        case CMARK_NODE_ITEM: .item
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: .customBlock
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_THEMATIC_BREAK: .thematicBreak
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: .customInline
        case CMARK_NODE_EMPH: .emphasis
        case CMARK_NODE_STRONG: .strong
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_IMAGE: .image
        default: .none
        }
    }

    /// Whether the node is a block (else an inline).
    var isBlock: Bool { cmark_node_get_type(pointer).rawValue <= CMARK_NODE_LAST_BLOCK.rawValue }

    var startLine: Int { position.startLine }
    var startColumn: Int { position.startColumn }
    var endLine: Int { position.endLine }
    var endColumn: Int { position.endColumn }

    /// cmark's positions, moved by the ``NodePosition`` kept in the node's user data (nodes that
    /// the GitHub extensions made or moved from a document parsed on the side).
    private var position: (startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) {
        let cmark = (
            Int(cmark_node_get_start_line(pointer)), Int(cmark_node_get_start_column(pointer)),
            Int(cmark_node_get_end_line(pointer)), Int(cmark_node_get_end_column(pointer))
        )
        guard let data = cmark_node_get_user_data(pointer) else { return cmark }
        return NodePosition(bits: UInt64(UInt(bitPattern: data))).apply(to: cmark)
    }

    /// The position the GitHub extensions gave the node, if any.
    var storedPosition: NodePosition? {
        cmark_node_get_user_data(pointer).map { NodePosition(bits: UInt64(UInt(bitPattern: $0))) }
    }

    /// Sets the node's position (see ``NodePosition``).
    func setPosition(_ position: NodePosition) {
        cmark_node_set_user_data(pointer, UnsafeMutableRawPointer(bitPattern: UInt(position.bits)))
    }

    /// The text of a text, code, code block or raw HTML node.
    var literal: String { CommonMarkConverter.string(cmark_node_get_literal(pointer)) }
    /// A fenced code block's info string.
    var fenceInfo: String { CommonMarkConverter.string(cmark_node_get_fence_info(pointer)) }
    /// A heading's level, 1 to 6.
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    /// An image's or link's destination.
    var url: String { CommonMarkConverter.string(cmark_node_get_url(pointer)) }

    var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map(MarkdownNode.init) }
    var next: MarkdownNode? { cmark_node_next(pointer).map(MarkdownNode.init) }
    var parent: MarkdownNode? { cmark_node_parent(pointer).map(MarkdownNode.init) }

    var lastChild: MarkdownNode? { cmark_node_last_child(pointer).map(MarkdownNode.init) }
    var previous: MarkdownNode? { cmark_node_previous(pointer).map(MarkdownNode.init) }
    /// Whether a list is tight (its items' paragraphs written without `<p>`).
    var isTightList: Bool { cmark_node_get_list_tight(pointer) != 0 }
    /// Makes a list tight or loose.
    func setTightList(_ tight: Bool) { cmark_node_set_list_tight(pointer, tight ? 1 : 0) }

    /// A new node, in no tree until inserted: a custom block or inline written as `enter`, its
    /// children, then `exit`.
    static func custom(block: Bool, enter: String, exit: String) -> MarkdownNode? {
        guard let node = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return MarkdownNode(pointer: node)
    }

    /// A new text node, in no tree until inserted.
    static func text(_ literal: String) -> MarkdownNode? {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        cmark_node_set_literal(node, literal)
        return MarkdownNode(pointer: node)
    }

    /// A new link to `url` around the text `literal`, in no tree until inserted.
    static func link(url: String, literal: String) -> MarkdownNode? {
        guard let node = cmark_node_new(CMARK_NODE_LINK) else { return nil }
        cmark_node_set_url(node, url)
        if let text = cmark_node_new(CMARK_NODE_TEXT) {
            cmark_node_set_literal(text, literal)
            cmark_node_append_child(node, text)
        }
        return MarkdownNode(pointer: node)
    }

    /// Sets a text node's text.
    func setLiteral(_ literal: String) { cmark_node_set_literal(pointer, literal) }
    /// Puts `node` (taken from wherever it was) right before this one.
    func insertBefore(_ node: MarkdownNode) { cmark_node_insert_before(pointer, node.pointer) }
    /// Puts `node` (taken from wherever it was) right after this one.
    func insertAfter(_ node: MarkdownNode) { cmark_node_insert_after(pointer, node.pointer) }
    /// Puts `node` (taken from wherever it was) as the last child.
    func appendChild(_ node: MarkdownNode) { cmark_node_append_child(pointer, node.pointer) }
    /// Takes the node out of its tree and frees it with everything under it.
    func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    /// The node and every node under it of one of `kinds`, in document order.
    ///
    /// cmark's iterator walks without recursion, however deep quotes, lists and emphasis nest.
    func descendants(ofKinds kinds: Set<Kind>) -> [MarkdownNode] {
        var found: [MarkdownNode] = []
        guard let iterator = cmark_iter_new(pointer) else { return [] }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER,
                let current = cmark_iter_get_node(iterator)
            else { continue }
            let node = MarkdownNode(pointer: current)
            if kinds.contains(node.kind) { found.append(node) }
        }
        return found
    }

    /// The text of a heading: its text and code spans, concatenated, breaks as spaces.
    var plainText: String {
        var text = ""
        for node in descendants(ofKinds: [.text, .code, .softBreak, .lineBreak]) {
            switch node.kind {
            case .text, .code: text += node.literal
            default: text += " "
            }
        }
        return text
    }

    /// Whether the node's children are all text nodes: no emphasis, code, links, breaks or HTML.
    var holdsOnlyText: Bool {
        var child = firstChild
        while let current = child {
            guard current.kind == .text else { return false }
            child = current.next
        }
        return true
    }

    /// The innermost block holding the node (itself for a block).
    var enclosingBlock: MarkdownNode {
        var current = self
        while !current.isBlock, let parent = current.parent { current = parent }
        return current
    }

    /// Sets an image's destination (a `data:` URI, to embed it).
    func embedImage(url: String) {
        cmark_node_set_url(pointer, url)
    }

    /// Replaces an image by a link to its destination around its alt text ("image" when it has
    /// none); the node is freed.
    func replaceImageWithLink() {
        guard let link = cmark_node_new(CMARK_NODE_LINK) else { return }
        cmark_node_set_url(link, cmark_node_get_url(pointer))
        if let title = cmark_node_get_title(pointer) { cmark_node_set_title(link, title) }
        while let child = cmark_node_first_child(pointer) {
            cmark_node_unlink(child)
            cmark_node_append_child(link, child)
        }
        if cmark_node_first_child(link) == nil, let text = cmark_node_new(CMARK_NODE_TEXT) {
            cmark_node_set_literal(text, "image")
            cmark_node_append_child(link, text)
        }
        cmark_node_replace(pointer, link)
        cmark_node_free(pointer)
    }

    /// Replaces this node and its next siblings through `last` by `pieces` (``ProseQuotes``):
    /// text nodes, and custom inline nodes whose HTML cmark writes as it is. The run is freed.
    func replaceRun(through last: MarkdownNode, with pieces: [(isHTML: Bool, text: String)]) {
        for piece in pieces {
            guard let node = cmark_node_new(piece.isHTML ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_TEXT) else { continue }
            if piece.isHTML {
                cmark_node_set_on_enter(node, piece.text)
                cmark_node_set_on_exit(node, "")
            } else {
                cmark_node_set_literal(node, piece.text)
            }
            cmark_node_insert_before(pointer, node)
        }
        var current: OpaquePointer? = pointer
        while let node = current {
            current = node == last.pointer ? nil : cmark_node_next(node)
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    /// Replaces a raw HTML node (or a code block, highlighted) by a custom node holding `html`,
    /// which cmark writes as it is even in its safe mode, so the rest of the prose keeps safe
    /// mode's URL checks. The node is freed.
    /// - Returns: The replacement, or nil (and the node untouched) if cmark could not allocate it.
    func replaceWithHTML(_ html: String) -> MarkdownNode? {
        let isBlock = isBlock
        guard let custom = cmark_node_new(isBlock ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else {
            return nil
        }
        cmark_node_set_on_enter(custom, html)
        cmark_node_set_on_exit(custom, "")
        cmark_node_replace(pointer, custom)
        cmark_node_free(pointer)
        return MarkdownNode(pointer: custom)
    }
}
