/// Which rows a join keeps (pandas' `how`, plus `semi` and `anti`).
public enum JoinHow: String, Sendable, Hashable, CaseIterable {
    /// Pairs of rows whose keys match.
    case inner
    /// Every left row: its matches, or the row alone with missing right values.
    case left
    /// Every right row: its matches, or the row alone with missing left values.
    case right
    /// Every row of both frames: the matches, then the rows of either side that matched nothing.
    case outer
    /// The left rows that have at least one match, each once, left columns only.
    case semi
    /// The left rows that have no match, left columns only.
    case anti
}

/// What a join checks about its keys before joining (pandas' `validate`).
public enum JoinValidation: String, Sendable, Hashable, CaseIterable {
    /// Each key at most once in the left frame and at most once in the right frame.
    case oneToOne = "one_to_one"
    /// Each key at most once in the left frame.
    case oneToMany = "one_to_many"
    /// Each key at most once in the right frame.
    case manyToOne = "many_to_one"
    /// No check.
    case manyToMany = "many_to_many"

    /// Whether the left frame's keys must be unique.
    public var leftUnique: Bool { self == .oneToOne || self == .oneToMany }

    /// Whether the right frame's keys must be unique.
    public var rightUnique: Bool { self == .oneToOne || self == .manyToOne }
}

/// How to join two frames: the key columns of each side, which rows to keep, how to name
/// clashing columns, and what to check.
public struct JoinOptions: Sendable, Hashable {
    /// The key columns of the left frame.
    public var leftOn: [String]
    /// The key columns of the right frame, paired with ``leftOn`` by position.
    public var rightOn: [String]
    /// Which rows to keep.
    public var how: JoinHow
    /// Appended to a left non-key column whose name is also a right column's (pandas' `_x`).
    public var leftSuffix: String
    /// Appended to a right non-key column whose name is also a left column's (pandas' `_y`).
    public var rightSuffix: String
    /// What to check about the keys' uniqueness.
    public var validate: JoinValidation
    /// The argument errors about the left keys name (``FrameError/argument``): `left_on`, or `on`.
    public var leftArgument: String
    /// The argument errors about the right keys name: `right_on`, or `on`.
    public var rightArgument: String

    /// Options joining on `leftOn` and `rightOn` (pandas' `left_on`/`right_on`).
    public init(
        leftOn: [String], rightOn: [String], how: JoinHow = .inner, suffixes: (String, String) = ("_x", "_y"),
        validate: JoinValidation = .manyToMany
    ) {
        self.leftOn = leftOn
        self.rightOn = rightOn
        self.how = how
        self.leftSuffix = suffixes.0
        self.rightSuffix = suffixes.1
        self.validate = validate
        self.leftArgument = "left_on"
        self.rightArgument = "right_on"
    }

    /// Options joining on columns of the same names in both frames (pandas' `on`).
    public init(
        on: [String], how: JoinHow = .inner, suffixes: (String, String) = ("_x", "_y"),
        validate: JoinValidation = .manyToMany
    ) {
        self.init(leftOn: on, rightOn: on, how: how, suffixes: suffixes, validate: validate)
        leftArgument = "on"
        rightArgument = "on"
    }
}

/// A join's output and how many rows of each side found a match.
public struct JoinResult: Sendable {
    /// The joined frame.
    public var frame: Frame
    /// Rows of the left frame.
    public var leftRows: Int
    /// Rows of the right frame.
    public var rightRows: Int
    /// Left rows with at least one match in the right frame.
    public var matchedLeft: Int
    /// Right rows with at least one match in the left frame.
    public var matchedRight: Int

    /// Left rows without a match (a missing key never matches).
    public var unmatchedLeft: Int { leftRows - matchedLeft }
    /// Right rows without a match.
    public var unmatchedRight: Int { rightRows - matchedRight }
}

extension JoinOptions {
    /// One column of a join's output: its name, and the input column it is filled from.
    public struct OutputColumn: Sendable, Hashable {
        /// The output column's name (the input's, with a suffix when both frames have it).
        public var name: String
        /// Whether it comes from the left frame.
        public var fromLeft: Bool
        /// The input column's name in its frame.
        public var source: String
    }

    /// The output's columns, in order, for frames with these column names: the left frame's, then
    /// the right frame's except a key paired with a left key of the same name; a name both sides
    /// keep gets its side's suffix. `semi` and `anti` keep the left columns alone.
    public func outputColumns(left: [String], right: [String]) -> [OutputColumn] {
        let kept = left.map { OutputColumn(name: $0, fromLeft: true, source: $0) }
        guard how != .semi && how != .anti else { return kept }
        let shared = Set(zip(leftOn, rightOn).filter { $0 == $1 }.map(\.0))
        let rightKept = right.filter { !shared.contains($0) }
        let leftNames = Set(left)
        let rightNames = Set(rightKept)
        return kept.map { column in
            var column = column
            if rightNames.contains(column.name) { column.name += leftSuffix }
            return column
        }
            + rightKept.map {
                OutputColumn(name: leftNames.contains($0) ? $0 + rightSuffix : $0, fromLeft: false, source: $0)
            }
    }
}
