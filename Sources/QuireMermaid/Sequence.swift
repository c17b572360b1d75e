/// A parsed sequence diagram: participants in order of first mention, and the events between
/// them from top to bottom.
struct SequenceDiagram: Sendable {
    /// How a participant is drawn at the top and bottom of its lifeline.
    enum Kind: String, Sendable { case participant, actor }

    struct Participant: Sendable {
        var id: String
        var label: String
        var kind: Kind = .participant
        /// The `box` the participant was declared in.
        var box: Int?
        /// Whether `create` introduced it: its box is drawn where its first message arrives.
        var created = false
        /// Whether `destroy` ends its lifeline.
        var destroyed = false
    }

    /// A `box [colour] [title]` … `end` group of participants.
    struct Box: Sendable {
        var title: String
        var color: String?
        var members: [Int] = []
    }

    /// How a message's line is drawn.
    enum Line: String, Sendable { case solid, dotted }

    /// What sits at the target end of a message.
    enum Head: String, Sendable {
        /// `->`, `-->`: no head.
        case none
        /// `->>`, `-->>`: a filled arrowhead.
        case arrow
        /// `-x`, `--x`: a cross.
        case cross
        /// `-)`, `--)`: an open (async) arrowhead.
        case open
    }

    struct Message: Sendable {
        var from: Int
        var to: Int
        var text: String
        var line: Line
        var head: Head
        /// `<<->>`, `<<-->>`: a head at both ends.
        var bidirectional = false
        /// `+` before the target: activates the target.
        var activatesTarget = false
        /// `-` before the target: deactivates the sender.
        var deactivatesSource = false
        /// The `autonumber` number, when numbering is on.
        var number: Int?
    }

    /// Where a note sits.
    enum Placement: String, Sendable { case leftOf, rightOf, over }

    struct Note: Sendable {
        var placement: Placement
        /// One participant, or two for `over A,B`.
        var participants: [Int]
        var text: String
    }

    /// The kinds of framed blocks: `loop`, `alt`, `opt`, `par`, `critical`, `break`.
    enum BlockKind: String, Sendable { case loop, alt, opt, par, critical, `break` }

    enum Event: Sendable {
        case message(Message)
        case note(Note)
        case activate(Int)
        case deactivate(Int)
        /// A block opens with its label.
        case blockStart(BlockKind, String)
        /// `else`, `and` or `option` starts the next section of the open block.
        case blockSection(String)
        case blockEnd
        /// `rect COLOUR` opens a highlighted background.
        case rectStart(String?)
        case rectEnd
        /// `destroy A`: the next message to or from A ends its lifeline.
        case destroy(Int)
    }

    var title: String?
    var participants: [Participant] = []
    var participantIndex: [String: Int] = [:]
    var boxes: [Box] = []
    var events: [Event] = []

    /// The index of the participant `id`, creating one if it is new.
    mutating func touch(_ id: String) -> Int {
        if let index = participantIndex[id] { return index }
        participants.append(Participant(id: id, label: id))
        participantIndex[id] = participants.count - 1
        return participants.count - 1
    }

    /// How many messages the diagram draws.
    var messageCount: Int {
        events.reduce(0) { count, event in
            if case .message = event { return count + 1 }
            return count
        }
    }

    /// How many notes the diagram draws.
    var noteCount: Int {
        events.reduce(0) { count, event in
            if case .note = event { return count + 1 }
            return count
        }
    }
}
