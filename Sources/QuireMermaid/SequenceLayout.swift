import QuireSupport

/// Geometry of a sequence diagram, as mermaid draws one: participant columns left to right,
/// spaced by their measured labels and by the widest message or note between neighbours;
/// events top to bottom; frames around blocks; the participants repeated at the bottom.
final class SequenceLayout {
    let diagram: SequenceDiagram
    let metrics: TextMetrics

    /// Smallest participant box (mermaid's `width` and `height`).
    static let actorWidth = 150.0
    static let actorHeight = 65.0
    /// Smallest gap between neighbouring participant boxes (mermaid's `actorMargin`).
    static let actorGap = 50.0
    static let padding = 10.0
    static let activationWidth = 10.0
    static let selfLoopWidth = 40.0
    static let margin = 10.0

    struct MessageGeometry {
        var event: Int
        var fromX: Double
        var toX: Double
        var y: Double
        var lines: [String]
        var textCenterX: Double
        var textTopY: Double
        var isSelf: Bool
    }

    struct FrameGeometry {
        var kind: SequenceDiagram.BlockKind
        var rect: Rect
        var label: [String]
        /// Dividers of `else`/`and`/`option` sections: their y and label lines.
        var sections: [(y: Double, label: [String])]
    }

    private(set) var actorLines: [[String]] = []
    private(set) var topRects: [Rect] = []
    /// The bottom box of each participant, nil when it was destroyed.
    private(set) var bottomRects: [Rect?] = []
    private(set) var lifelines: [(x: Double, top: Double, bottom: Double)] = []
    private(set) var messages: [MessageGeometry] = []
    private(set) var notes: [(rect: Rect, lines: [String])] = []
    private(set) var activations: [Rect] = []
    private(set) var frames: [FrameGeometry] = []
    private(set) var highlights: [(rect: Rect, color: String?)] = []
    private(set) var boxRects: [(rect: Rect, lines: [String])] = []
    private(set) var crosses: [Point] = []
    private(set) var titlePosition: Point?
    /// The drawing's extent, the SVG's viewBox.
    private(set) var bounds = Rect(x: 0, y: 0, width: 0, height: 0)

    private var centers: [Double] = []

    init(diagram: SequenceDiagram, metrics: TextMetrics) {
        self.diagram = diagram
        self.metrics = metrics
    }

    private func lines(_ text: String) -> [String] {
        text.isEmpty ? [] : metrics.wrap(text, maxWidth: .greatestFiniteMagnitude)
    }

    private func width(_ lines: [String]) -> Double { metrics.size(of: lines).width }

    func run() {
        placeColumns()
        placeEvents()
    }

    // MARK: - Columns

    private func noteWidth(_ lines: [String]) -> Double {
        max(Self.actorWidth, width(lines) + 2 * Self.padding)
    }

    private func placeColumns() {
        let count = diagram.participants.count
        actorLines = diagram.participants.map { lines($0.label) }
        let widths = actorLines.map { max(Self.actorWidth, width($0) + 2 * Self.padding) }
        var gaps = [Double](repeating: Self.actorGap, count: max(0, count - 1))
        for index in gaps.indices {
            let left = diagram.participants[index].box
            let right = diagram.participants[index + 1].box
            if left != right { gaps[index] += 2 * Self.padding }
        }
        // Required distances between centres, from what sits between two columns.
        var needs: [(from: Int, to: Int, distance: Double)] = []
        for event in diagram.events {
            switch event {
            case .message(let message):
                let text = width(lines(message.text)) + 2 * Self.padding + (message.number == nil ? 0 : 20)
                if message.from == message.to {
                    let index = message.from
                    if index + 1 < count { needs.append((index, index + 1, max(text / 2, Self.selfLoopWidth) + 20)) }
                    if index > 0 { needs.append((index - 1, index, text / 2 + 10)) }
                } else {
                    needs.append((min(message.from, message.to), max(message.from, message.to), text + 20))
                }
            case .note(let note):
                let noteWidth = noteWidth(lines(note.text))
                let first = note.participants[0]
                switch note.placement {
                case .leftOf where first > 0: needs.append((first - 1, first, noteWidth + Self.actorGap / 2 + 15))
                case .rightOf where first + 1 < count:
                    needs.append((first, first + 1, noteWidth + Self.actorGap / 2 + 15))
                case .over where note.participants.count == 2:
                    let low = min(note.participants[0], note.participants[1])
                    let high = max(note.participants[0], note.participants[1])
                    if low != high { needs.append((low, high, noteWidth - Self.actorGap)) }
                case .over:
                    if first > 0 { needs.append((first - 1, first, noteWidth / 2 + 10)) }
                    if first + 1 < count { needs.append((first, first + 1, noteWidth / 2 + 10)) }
                default: break
                }
            case .blockStart(_, let label), .blockSection(let label):
                _ = label
            default: break
            }
        }
        needs.sort { ($0.to - $0.from, $0.from) < ($1.to - $1.from, $1.from) }
        func centerDistance(_ from: Int, _ to: Int) -> Double {
            var total = 0.0
            for index in from..<to { total += widths[index] / 2 + gaps[index] + widths[index + 1] / 2 }
            return total
        }
        for need in needs where need.from < need.to {
            let current = centerDistance(need.from, need.to)
            if current < need.distance { gaps[need.to - 1] += need.distance - current }
        }
        var x = 0.0
        centers = []
        topRects = []
        for index in 0..<count {
            centers.append(x + widths[index] / 2)
            topRects.append(Rect(x: x, y: 0, width: widths[index], height: 0))
            x += widths[index] + (index < gaps.count ? gaps[index] : 0)
        }
    }

    // MARK: - Events

    private struct OpenFrame {
        var kind: SequenceDiagram.BlockKind?
        var color: String?
        var top: Double
        var label: [String]
        var sections: [(y: Double, label: [String])] = []
        var minX = Double.infinity
        var maxX = -Double.infinity
    }

    private func placeEvents() {
        let count = diagram.participants.count
        let lineHeight = metrics.lineHeight
        let actorHeight = max(
            Self.actorHeight, actorLines.map { Double($0.count) * lineHeight + 2 * Self.padding }.max() ?? 0)
        var top = 0.0
        if let title = diagram.title, !title.isEmpty {
            titlePosition = Point(x: 0, y: lineHeight / 2)
            top += lineHeight + 2 * Self.padding
        }
        let boxTitles = diagram.boxes.map { lines($0.title) }
        let boxTitleHeight = boxTitles.map { Double($0.count) * lineHeight }.max() ?? 0
        if !diagram.boxes.isEmpty { top += boxTitleHeight + 2 * Self.padding }
        for index in topRects.indices {
            topRects[index].y = top
            topRects[index].height = actorHeight
        }
        var cursor = top + actorHeight + 2 * Self.padding
        var stacks = [[Double]](repeating: [], count: count)
        var lifelineTop = topRects.map(\.maxY)
        var lifelineEnd = [Double?](repeating: nil, count: count)
        var placedCreated = Set<Int>()
        var pendingDestroy = Set<Int>()
        var open: [OpenFrame] = []
        var lastMessageY: Double?
        var previousWasMessage = false

        func report(_ low: Double, _ high: Double) {
            for index in open.indices {
                open[index].minX = min(open[index].minX, low)
                open[index].maxX = max(open[index].maxX, high)
            }
        }
        /// The x where a message leaves or meets participant `index`, towards `direction`.
        func edgeX(_ index: Int, toward direction: Double) -> Double {
            let depth = stacks[index].count
            guard depth > 0 else { return centers[index] }
            let left = centers[index] - Self.activationWidth / 2 + Double(depth - 1) * Self.activationWidth / 2
            return direction > 0 ? left + Self.activationWidth : left
        }
        func closeActivation(_ index: Int, at y: Double) {
            guard let start = stacks[index].popLast() else { return }
            let depth = stacks[index].count
            let x = centers[index] - Self.activationWidth / 2 + Double(depth) * Self.activationWidth / 2
            activations.append(Rect(x: x, y: start, width: Self.activationWidth, height: max(y - start, 10)))
        }

        for (eventIndex, event) in diagram.events.enumerated() {
            let anchorY = previousWasMessage ? (lastMessageY ?? cursor) : cursor
            previousWasMessage = false
            switch event {
            case .message(let message):
                let textLines = lines(message.text)
                let textHeight = Double(max(1, textLines.count)) * lineHeight
                let y = cursor + textHeight + Self.padding
                if message.activatesTarget { stacks[message.to].append(y) }
                let isSelf = message.from == message.to
                var fromX: Double
                var toX: Double
                if isSelf {
                    fromX = edgeX(message.from, toward: 1)
                    toX = fromX
                } else {
                    let direction: Double = centers[message.to] > centers[message.from] ? 1 : -1
                    fromX = edgeX(message.from, toward: direction)
                    toX = edgeX(message.to, toward: -direction)
                }
                if diagram.participants[message.to].created, !placedCreated.contains(message.to) {
                    placedCreated.insert(message.to)
                    topRects[message.to].y = y - actorHeight / 2
                    lifelineTop[message.to] = y + actorHeight / 2
                    // The arrow ends at the new participant's box.
                    if !isSelf {
                        let half = diagram.participants[message.to].kind == .actor ? 14 : topRects[message.to].width / 2
                        toX = centers[message.to] + (centers[message.to] > centers[message.from] ? -half : half)
                    }
                }
                let textWidth = width(textLines)
                // As mermaid: a self-message's text is centred on its lifeline, above the loop.
                let textCenterX = isSelf ? fromX : (fromX + toX) / 2
                messages.append(
                    MessageGeometry(
                        event: eventIndex, fromX: fromX, toX: toX, y: y, lines: textLines, textCenterX: textCenterX,
                        textTopY: cursor + Self.padding / 2, isSelf: isSelf))
                report(min(fromX, toX), max(fromX, toX) + (isSelf ? Self.selfLoopWidth : 0))
                report(textCenterX - textWidth / 2, textCenterX + textWidth / 2)
                if message.deactivatesSource { closeActivation(message.from, at: y) }
                for index in [message.from, message.to] where pendingDestroy.contains(index) {
                    pendingDestroy.remove(index)
                    lifelineEnd[index] = y + (isSelf ? 20 : 0)
                    crosses.append(Point(x: centers[index], y: y + (isSelf ? 20 : 0)))
                }
                cursor = y + (isSelf ? 20 + Self.padding : 0) + Self.padding
                if placedCreated.contains(message.to), topRects[message.to].maxY + Self.padding > cursor,
                    diagram.participants[message.to].created
                {
                    cursor = max(cursor, topRects[message.to].maxY + Self.padding)
                }
                lastMessageY = y
                previousWasMessage = true
            case .note(let note):
                let textLines = lines(note.text)
                let noteWidth = noteWidth(textLines)
                let height = Double(max(1, textLines.count)) * lineHeight + 2 * Self.padding
                let first = centers[note.participants[0]]
                let noteTop = cursor + Self.padding
                var rect: Rect
                switch note.placement {
                case .leftOf:
                    rect = Rect(x: first - Self.actorGap / 2 - noteWidth, y: noteTop, width: noteWidth, height: height)
                case .rightOf:
                    rect = Rect(x: first + Self.actorGap / 2, y: noteTop, width: noteWidth, height: height)
                case .over:
                    let last = centers[note.participants[note.participants.count - 1]]
                    let low = min(first, last)
                    let high = max(first, last)
                    if low == high {
                        rect = Rect(x: low - noteWidth / 2, y: noteTop, width: noteWidth, height: height)
                    } else {
                        let span = max(high - low + Self.actorGap, noteWidth)
                        rect = Rect(x: (low + high) / 2 - span / 2, y: noteTop, width: span, height: height)
                    }
                }
                notes.append((rect, textLines))
                report(rect.minX, rect.maxX)
                cursor = rect.maxY + Self.padding
            case .activate(let index):
                stacks[index].append(anchorY)
            case .deactivate(let index):
                closeActivation(index, at: anchorY)
            case .blockStart(let kind, let label):
                let labelLines = lines(label.isEmpty ? "" : "[\(label)]")
                open.append(OpenFrame(kind: kind, top: cursor + Self.padding, label: labelLines))
                cursor += Self.padding + max(lineHeight, Double(labelLines.count) * lineHeight) + Self.padding
            case .blockSection(let label):
                guard !open.isEmpty else { break }
                let labelLines = lines(label.isEmpty ? "" : "[\(label)]")
                let y = cursor + Self.padding / 2
                open[open.count - 1].sections.append((y, labelLines))
                cursor = y + Double(labelLines.count) * lineHeight + Self.padding
            case .rectStart(let color):
                open.append(OpenFrame(kind: nil, color: color, top: cursor, label: []))
                cursor += Self.padding
            case .blockEnd, .rectEnd:
                guard let frame = open.popLast() else { break }
                let bottom = cursor + Self.padding / 2
                var low = frame.minX
                var high = frame.maxX
                if !low.isFinite || !high.isFinite {
                    low = (centers.first ?? 0) - Self.actorGap / 2
                    high = (centers.last ?? 0) + Self.actorGap / 2
                }
                low -= Self.padding
                high += Self.padding
                if let kind = frame.kind {
                    let labelWidth = metrics.width(of: kind.rawValue) + 2 * Self.padding + 10
                    let needed = labelWidth + width(frame.label) + 2 * Self.padding
                    if high - low < needed {
                        let extra = needed - (high - low)
                        low -= extra / 2
                        high += extra / 2
                    }
                    let rect = Rect(x: low, y: frame.top, width: high - low, height: bottom - frame.top)
                    frames.append(FrameGeometry(kind: kind, rect: rect, label: frame.label, sections: frame.sections))
                } else {
                    highlights.append(
                        (Rect(x: low, y: frame.top, width: high - low, height: bottom - frame.top), frame.color))
                }
                cursor = bottom + Self.padding
                report(low - Self.padding, high + Self.padding)
            case .destroy(let index):
                pendingDestroy.insert(index)
            }
        }
        for index in 0..<count { while !stacks[index].isEmpty { closeActivation(index, at: cursor) } }
        cursor += Self.padding
        bottomRects = topRects.enumerated().map { index, rect in
            lifelineEnd[index] != nil ? nil : Rect(x: rect.x, y: cursor, width: rect.width, height: actorHeight)
        }
        lifelines = (0..<count).map { index in
            (centers[index], lifelineTop[index], lifelineEnd[index] ?? cursor)
        }
        var extent = topRects.reduce(Rect(x: 0, y: 0, width: 0, height: 0)) { $0.union($1) }
        for rect in bottomRects.compactMap({ $0 }) { extent = extent.union(rect) }
        for note in notes { extent = extent.union(note.rect) }
        for frame in frames { extent = extent.union(frame.rect) }
        for highlight in highlights { extent = extent.union(highlight.rect) }
        for message in messages {
            let half = width(message.lines) / 2
            extent = extent.union(
                Rect(
                    x: message.textCenterX - half, y: message.textTopY,
                    width: 2 * half + (message.isSelf ? Self.selfLoopWidth : 0), height: message.y - message.textTopY))
            if message.isSelf {
                extent = extent.union(Rect(x: message.fromX, y: message.y, width: Self.selfLoopWidth + 2, height: 22))
            }
        }
        // Participant boxes: a frame around their columns, the title above.
        for (index, box) in diagram.boxes.enumerated() where !box.members.isEmpty {
            var rect = topRects[box.members[0]]
            for member in box.members {
                rect = rect.union(topRects[member])
                if let bottom = bottomRects[member] { rect = rect.union(bottom) }
            }
            rect = Rect(
                x: rect.x - Self.padding, y: rect.y - boxTitleHeight - Self.padding,
                width: rect.width + 2 * Self.padding,
                height: max(rect.height, cursor + actorHeight - rect.y) + boxTitleHeight + 2 * Self.padding)
            boxRects.append((rect, boxTitles[index]))
            extent = extent.union(rect)
        }
        if let title = diagram.title, !title.isEmpty {
            let titleWidth = metrics.width(of: title)
            let center = extent.center.x
            titlePosition = Point(x: center, y: lineHeight / 2 + Self.padding / 2)
            extent = extent.union(Rect(x: center - titleWidth / 2, y: 0, width: titleWidth, height: lineHeight))
        }
        bounds = Rect(
            x: extent.minX - Self.margin, y: min(0, extent.minY) - Self.margin,
            width: extent.width + 2 * Self.margin, height: extent.maxY - min(0, extent.minY) + 2 * Self.margin)
    }
}
