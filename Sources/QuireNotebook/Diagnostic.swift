/// A problem found in a notebook: what is wrong, where, and how to fix it.
///
/// Every diagnostic has a stable ``id`` (tests, docs and tools refer to it) and, where a position
/// is known, a ``range`` in the original file. ``notes`` point at related places, such as the first
/// definition of a duplicated step id.
public struct Diagnostic: Error, Hashable, Sendable {
    /// How serious a diagnostic is; errors sort first, then warnings, then notes.
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        /// Orders by seriousness: `error < warning < note`.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A related place, printed as `path:line:col: note: message` after the diagnostic.
    public struct Note: Hashable, Sendable {
        /// The text printed after `note:`.
        public var message: String
        /// The related place in the original file.
        public var range: SourceRange

        /// Creates a note saying `message` about the place `range`.
        public init(_ message: String, at range: SourceRange) {
            self.message = message
            self.range = range
        }
    }

    /// Whether this is an error (the notebook cannot run), a warning or a note.
    public var severity: Severity
    /// The kind of problem, from one of the catalogues.
    public var id: ID
    /// What is wrong, in one line without a trailing period.
    public var message: String
    /// Where the problem is in the original file; nil when no position is known.
    public var range: SourceRange?
    /// How to fix it, printed after `hint:`; nil when there is no advice.
    public var hint: String?
    /// Related places, printed after the diagnostic in order.
    public var notes: [Note]

    /// Creates a diagnostic of any severity.
    public init(
        _ severity: Severity, _ id: ID, _ message: String, at range: SourceRange?,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.severity = severity
        self.id = id
        self.message = message
        self.range = range
        self.hint = hint
        self.notes = notes
    }

    /// An error diagnostic: the notebook cannot run until it is fixed.
    public static func error(
        _ id: ID, _ message: String, at range: SourceRange?, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, id, message, at: range, hint: hint, notes: notes)
    }

    /// A warning diagnostic: the notebook runs, but something is probably wrong.
    public static func warning(
        _ id: ID, _ message: String, at range: SourceRange?, hint: String? = nil, notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, id, message, at: range, hint: hint, notes: notes)
    }
}

extension Diagnostic {
    /// A stable identifier of a kind of problem, printed in brackets after the message.
    ///
    /// Like swift-syntax's `MessageID`, an id has a domain (the layer that reports it:
    /// `notebook`, `plan`, `run`, `mermaid`) and a name unique across domains. Ids are declared
    /// only in the catalogues (`Diagnostic+IDs.swift` here, `Diagnostic+Plan.swift` in the runner),
    /// each listed in ``catalogue`` or ``Diagnostic/ID/planCatalogue`` and documented in
    /// docs/diagnostics.md; a test holds the three together.
    public struct ID: Hashable, Sendable, CustomStringConvertible {
        /// The layer that reports it.
        public let domain: String
        /// The printed, stable name: `unknown-op`.
        public let rawValue: String

        /// Declares an id; only the catalogues call this.
        public init(domain: String, _ name: String) {
            self.domain = domain
            self.rawValue = name
        }

        /// The name, as printed.
        public var description: String { rawValue }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any of these diagnostics is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// The diagnostics in file order (those without a position first), stable otherwise.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let left = lhs.element.range?.start ?? SourceLocation(line: 0, column: 0)
            let right = rhs.element.range?.start ?? SourceLocation(line: 0, column: 0)
            return left == right ? lhs.offset < rhs.offset : left < right
        }.map(\.element)
    }
}
