import Foundation
import QuireSupport
import Testing

@testable import QuireMermaid

/// Sequence diagrams: every construct of the parser, its errors at their positions, the layout's
/// invariants, and agreement with what mermaid 11 draws (`Corpus/oracle-sequence/*.json`,
/// recorded by `scripts/sequence_fixtures.py`).
@Suite("Sequence diagrams")
struct SequenceTests {
    func parse(_ source: String) throws -> SequenceDiagram {
        switch Mermaid.parse(source) {
        case .sequence(let diagram, _, _): return diagram
        case .failure(let errors):
            Issue.record("\(errors)")
            throw CancellationError()
        default:
            Issue.record("not a sequence diagram")
            throw CancellationError()
        }
    }

    func error(_ source: String) -> MermaidDiagnostic? {
        if case .failure(let errors) = Mermaid.parse(source) { return errors.first }
        return nil
    }

    func messages(_ diagram: SequenceDiagram) -> [SequenceDiagram.Message] {
        diagram.events.compactMap { event in
            if case .message(let message) = event { return message }
            return nil
        }
    }

    @Test func participantsActorsAndAliases() throws {
        let diagram = try parse(
            """
            sequenceDiagram
                actor U as User
                participant W as Web<br>server
                U->>W: GET
                W->>DB: query
            """)
        #expect(diagram.participants.map(\.id) == ["U", "W", "DB"])
        #expect(diagram.participants.map(\.label) == ["User", "Web\nserver", "DB"])
        #expect(diagram.participants.map(\.kind) == [.actor, .participant, .participant])
    }

    @Test func everyArrow() throws {
        let diagram = try parse(
            """
            sequenceDiagram
            A->B: a
            A-->B: b
            A->>B: c
            A-->>B: d
            A-xB: e
            A--xB: f
            A-)B: g
            A--)B: h
            A<<->>B: i
            A<<-->>B: j
            """)
        let found = messages(diagram).map { "\($0.line.rawValue) \($0.head.rawValue) \($0.bidirectional)" }
        #expect(
            found == [
                "solid none false", "dotted none false", "solid arrow false", "dotted arrow false",
                "solid cross false", "dotted cross false", "solid open false", "dotted open false",
                "solid arrow true", "dotted arrow true",
            ])
        #expect(diagram.participants.count == 2)
    }

    @Test func namesWithSpacesAndHyphensAndEmptyText() throws {
        let diagram = try parse("sequenceDiagram\nAlice Smith->>Bob-Jones: hi;Bob-Jones-->>Alice Smith:\n")
        #expect(diagram.participants.map(\.id) == ["Alice Smith", "Bob-Jones"])
        #expect(messages(diagram).map(\.text) == ["hi", ""])
    }

    @Test func keywordsTakeTheRestOfTheLine() throws {
        let diagram = try parse("sequenceDiagram\nloop retry -> backoff\nA->>B: x\nend\n")
        guard case .blockStart(.loop, let label) = diagram.events[0] else {
            Issue.record("\(diagram.events)")
            return
        }
        #expect(label == "retry -> backoff")
        #expect(diagram.participants.map(\.id) == ["A", "B"])
        // Mermaid's lexer reads `Note` as the keyword even before an arrow.
        #expect(error("sequenceDiagram\nNote->>A: x\n")?.id == "mermaid.sequence.note")
    }

    @Test func activationsShorthandAndKeywords() throws {
        let diagram = try parse(
            """
            sequenceDiagram
            A->>+B: open
            B-->>-A: close
            activate A
            deactivate A
            """)
        let list = messages(diagram)
        #expect(list[0].activatesTarget && !list[0].deactivatesSource)
        #expect(list[1].deactivatesSource && !list[1].activatesTarget)
        #expect(diagram.events.count == 4)
    }

    @Test func notesBlocksAndRects() throws {
        let diagram = try parse(
            """
            sequenceDiagram
            %% comment
            title: Flow
            Note left of A: l
            Note right of A: r
            note over A,B: both
            loop every day
              alt ok
                A->>B: x
              else not ok
                B->>A: y
              end
            end
            opt maybe
            A->>B: z
            end
            par one
            A->>B: p
            and two
            B->>A: q
            end
            critical c
            A->>B: r
            option o
            A->>B: s
            end
            break b
            A->>B: t
            end
            rect rgb(200, 220, 255)
            A->>B: u
            end
            """)
        #expect(diagram.title == "Flow")
        #expect(diagram.noteCount == 3)
        #expect(diagram.messageCount == 9)
        let kinds = diagram.events.compactMap { event -> String? in
            if case .blockStart(let kind, _) = event { return kind.rawValue }
            return nil
        }
        #expect(kinds == ["loop", "alt", "opt", "par", "critical", "break"])
        let sections = diagram.events.filter {
            if case .blockSection = $0 { return true }
            return false
        }
        #expect(sections.count == 3)
        #expect(diagram.events.contains { if case .rectStart("rgb(200, 220, 255)") = $0 { true } else { false } })
    }

    @Test func autonumberCreateDestroyAndBox() throws {
        let diagram = try parse(
            """
            sequenceDiagram
            box Aqua Team A
            participant A
            end
            autonumber 10 5
            A->>B: one
            create participant C
            A->>C: two
            destroy C
            C->>A: three
            autonumber off
            A->>B: four
            """)
        #expect(messages(diagram).map(\.number) == [10, 15, 20, nil])
        #expect(diagram.boxes.count == 1 && diagram.boxes[0].title == "Team A" && diagram.boxes[0].color == "Aqua")
        #expect(diagram.boxes[0].members == [0])
        #expect(diagram.participants[2].created && diagram.participants[2].destroyed)
        #expect(SequenceParser.box("rgb(1, 2, 3) Team").color == "rgb(1, 2, 3)")
        #expect(SequenceParser.box("Team B").color == nil)
    }

    /// Each bad source, the id of its error, and where it points (line, column).
    static let badInputs: [(String, String, Int, Int)] = [
        ("sequenceDiagram\n    Alice->>Bob\n", "mermaid.sequence.message-text", 2, 16),
        ("sequenceDiagram\n  loop x\n  A->>B: y\n", "mermaid.sequence.unclosed-block", 2, 3),
        ("sequenceDiagram\nA->>B: y\nend\n", "mermaid.sequence.stray-end", 3, 1),
        ("sequenceDiagram\nloop x\nelse y\nend\n", "mermaid.sequence.section", 3, 1),
        ("sequenceDiagram\nA->>B: y\ndeactivate B\n", "mermaid.sequence.inactive", 3, 12),
        ("sequenceDiagram\nA->>B: y\nB-->>-A: z\n", "mermaid.sequence.inactive", 3, 6),
        ("sequenceDiagram\nNote above B: x\n", "mermaid.sequence.note", 2, 6),
        ("sequenceDiagram\nNote left A: x\n", "mermaid.sequence.note", 2, 11),
        ("sequenceDiagram\nNote over A,B,C: x\n", "mermaid.sequence.note", 2, 11),
        ("sequenceDiagram\nNote over A x\n", "mermaid.sequence.note", 2, 14),
        ("sequenceDiagram\nA->>>B: x\n", "mermaid.sequence.arrow", 2, 5),
        ("sequenceDiagram\n->>B: x\n", "mermaid.sequence.message", 2, 1),
        ("sequenceDiagram\nA->>: x\n", "mermaid.sequence.message", 2, 5),
        ("sequenceDiagram\nparticipan A\n", "mermaid.sequence.unexpected", 2, 1),
        ("sequenceDiagram\nbox A\nbox B\nend\nend\n", "mermaid.sequence.box", 3, 1),
        ("sequenceDiagram\ncreate participant C\n", "mermaid.sequence.create", 3, 1),
        ("sequenceDiagram\nparticipant\n", "mermaid.sequence.participant", 2, 1),
    ]

    @Test(arguments: badInputs.indices)
    func errorsArePositioned(index: Int) throws {
        let (source, id, line, column) = Self.badInputs[index]
        let found = try #require(error(source), "\(source) parsed")
        #expect(found.id == id, "\(source)")
        #expect(found.line == line && found.column == column, "\(source): \(found)")
        #expect(found.hint != nil)
    }

    @Test func misspeltKeywordIsSuggested() throws {
        let found = try #require(error("sequenceDiagram\nparticipan A\n"))
        #expect(found.hint == "did you mean 'participant'?")
    }

    @Test func deepBlocksAreLimited() throws {
        let source = "sequenceDiagram\n" + String(repeating: "loop x\n", count: Mermaid.maxDepth + 1)
        #expect(error(source)?.id == "mermaid.too-deep")
    }

    /// Seeded random statements never crash the parser, layout or renderer, and every
    /// diagnostic lies inside the source.
    @Test func randomStatementsNeverCrash() {
        let pieces = [
            "A", "B", "Carl Smith", "->", "-->", "->>", "-->>", "-x", "--x", "-)", "--)", "<<->>", "+", "-", ":",
            " text", "<br>", "Note", " over ", " left of ", "right of", ",", "loop", "alt", "else", "end", "par",
            "and", "rect", "box", "activate ", "deactivate ", "create ", "participant ", "actor ", " as ", "destroy ",
            "autonumber", "title", "%%", ";", "\n", "\n", "\n", "{", "}", "\"", "#59;", "é", "🙂",
        ]
        var state: UInt64 = 0x5EED_5E0
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var drawn = 0
        for _ in 0..<400 {
            var source = "sequenceDiagram\n"
            for _ in 0..<(next() % 40) { source += pieces[next() % pieces.count] }
            let result = Mermaid.render(source)
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            for diagnostic in result.diagnostics {
                #expect(diagnostic.line >= 1 && diagnostic.line <= lines.count, "\(source)")
                #expect(diagnostic.column >= 1)
            }
            if let svg = result.svg {
                drawn += 1
                #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
                #expect(!svg.contains("\"nan") && !svg.contains("NaN"))
            }
        }
        #expect(drawn > 20, "the generator should produce some valid diagrams")
    }

    // MARK: - Layout

    func layout(_ source: String) throws -> (SequenceDiagram, SequenceLayout) {
        let diagram = try parse(source)
        let layout = SequenceLayout(diagram: diagram, metrics: TextMetrics())
        layout.run()
        return (diagram, layout)
    }

    @Test(arguments: CorpusTests.names.filter { $0.hasPrefix("sequence-") && !$0.contains("-bad-") })
    func layoutInvariants(name: String) throws {
        let source = try String(
            contentsOf: CorpusTests.corpus.appendingPathComponent(name + ".mmd"), encoding: .utf8)
        let (diagram, layout) = try layout(source)
        // Participant boxes do not overlap, and keep their order.
        let tops = layout.topRects
        for index in tops.indices.dropFirst() {
            #expect(tops[index - 1].maxX < tops[index].minX, "\(name): boxes \(index - 1) and \(index) overlap")
        }
        // Messages run top to bottom in source order, below the top boxes.
        let ys = layout.messages.map(\.y)
        #expect(ys == ys.sorted() && Set(ys).count == ys.count, "\(name): messages out of order")
        #expect(layout.messages.count == diagram.messageCount)
        #expect(layout.notes.count == diagram.noteCount)
        // Every message's text fits between its ends (or beside a self loop), and everything is
        // inside the drawing.
        let metrics = TextMetrics()
        for message in layout.messages where !message.isSelf {
            let width = message.lines.map { metrics.width(of: $0) }.max() ?? 0
            #expect(abs(message.toX - message.fromX) + 1 >= width, "\(name): text wider than its arrow")
        }
        for note in layout.notes {
            let width = note.lines.map { metrics.width(of: $0) }.max() ?? 0
            #expect(note.rect.width >= width + 2 * SequenceLayout.padding - 0.01, "\(name): note text overflows")
            #expect(layout.bounds.union(note.rect) == layout.bounds)
        }
        for rect in tops + layout.bottomRects.compactMap({ $0 }) + layout.frames.map(\.rect) {
            #expect(layout.bounds.union(rect) == layout.bounds, "\(name): \(rect) outside the drawing")
        }
        // Bottom boxes mirror the top ones.
        for (top, bottom) in zip(tops, layout.bottomRects) {
            if let bottom { #expect(bottom.minX == top.minX && bottom.minY > top.maxY) }
        }
    }

    @Test func wideMessagesWidenTheGap() throws {
        let (_, narrow) = try layout("sequenceDiagram\nA->>B: hi\n")
        let (_, wide) = try layout("sequenceDiagram\nA->>B: " + String(repeating: "long words ", count: 20) + "\n")
        #expect(wide.topRects[1].minX > narrow.topRects[1].minX + 100)
    }

    @Test func framesNestInsideEachOther() throws {
        let (_, layout) = try layout("sequenceDiagram\nloop outer\nalt inner\nA->>B: x\nend\nend\n")
        #expect(layout.frames.count == 2)
        let inner = layout.frames[0].rect
        let outer = layout.frames[1].rect
        #expect(
            outer.minX < inner.minX && outer.maxX > inner.maxX && outer.minY < inner.minY && outer.maxY > inner.maxY)
    }

    // MARK: - Agreement with mermaid

    struct OracleFixture: Decodable {
        var participants: [String]
        var messages: [String]
        var solid: Int
        var dotted: Int
        var notes: [String]
        var blocks: [String]
    }

    static let fixtureNames: [String] = {
        let folder = CorpusTests.corpus.appendingPathComponent("oracle-sequence")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test func everyValidSequenceHasAFixture() {
        let valid = CorpusTests.names.filter { $0.hasPrefix("sequence-") && !$0.contains("-bad-") }
        #expect(Set(valid) == Set(Self.fixtureNames), "re-run scripts/sequence_fixtures.py")
    }

    @Test(arguments: fixtureNames)
    func agreesWithMermaidStructure(name: String) throws {
        let data = try Data(
            contentsOf: CorpusTests.corpus.appendingPathComponent("oracle-sequence").appendingPathComponent(
                name + ".json"))
        let fixture = try JSONDecoder().decode(OracleFixture.self, from: data)
        let source = try String(
            contentsOf: CorpusTests.corpus.appendingPathComponent(name + ".mmd"), encoding: .utf8)
        let diagram = try parse(source)
        func flat(_ texts: [String]) -> [String] {
            // Mermaid draws an empty message text as a zero-width space.
            texts.flatMap { $0.split(separator: "\n").map { $0.filter { !$0.isWhitespace && $0 != "\u{200B}" } } }
                .filter { !$0.isEmpty }
        }
        #expect(diagram.participants.map(\.label) == fixture.participants, "\(name): participants")
        let list = messages(diagram)
        #expect(flat(list.map(\.text)) == flat(fixture.messages), "\(name): messages")
        #expect(list.filter { $0.line == .solid }.count == fixture.solid, "\(name): solid lines")
        #expect(list.filter { $0.line == .dotted }.count == fixture.dotted, "\(name): dotted lines")
        let notes = diagram.events.compactMap { event -> String? in
            if case .note(let note) = event { return note.text }
            return nil
        }
        #expect(flat(notes) == flat(fixture.notes), "\(name): notes")
        let blocks = diagram.events.compactMap { event -> String? in
            if case .blockStart(let kind, _) = event { return kind.rawValue }
            return nil
        }
        // Mermaid writes nested frames' labels innermost first; the kinds must agree.
        #expect(blocks.sorted() == fixture.blocks.sorted(), "\(name): blocks")
        // And the drawing shows every text mermaid shows.
        let svg = try #require(Mermaid.render(source).svg)
        let text = CorpusTests.visibleText(svg)
        for label in fixture.participants + fixture.messages + fixture.notes where label != "\u{200B}" {
            #expect(text.contains(label.filter { !$0.isWhitespace }), "\(name): '\(label)' not drawn")
        }
    }
}
