/// A regular expression that runs in time proportional to the text's length times the pattern's
/// size, whatever the pattern: a Thompson NFA simulated breadth-first (a Pike VM), which never
/// backtracks. Used by the expression function `matches(s, "regex")`.
///
/// The syntax is a subset of Python's `re` (pandas' `str.contains(regex=True)`), over Unicode
/// scalars: literals, `.` (any scalar but a line feed), classes `[a-z]` `[^…]`, `\d \w \s` and
/// their negations, `\b \B`, anchors `^ $` (start and end of the text), groups `(…)` and `(?:…)`,
/// `|`, and the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy: the answer is the same). Not
/// supported, each a clear error: back-references, look-around, inline flags. The pattern may
/// have at most ``maxPatternLength`` characters and compile to at most ``maxProgramSize``
/// instructions.
struct BoundedRegex: Sendable {
    /// Longest pattern accepted, in characters.
    static let maxPatternLength = 1_000
    /// Most instructions a pattern may compile to (counted repetitions are expanded).
    static let maxProgramSize = 10_000

    /// A problem with a pattern: what and where (0-based character offset in the pattern).
    struct Failure: Error, Sendable, Equatable {
        var message: String
        var hint: String?
        var offset: Int
    }

    fileprivate enum Assertion: Sendable { case start, end, wordBoundary, notWordBoundary }

    fileprivate enum Instruction: Sendable {
        case scalar(Unicode.Scalar)
        case any
        case set(ScalarSet)
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    private let program: [Instruction]

    /// Compiles `pattern`.
    ///
    /// - Throws: ``Failure`` for syntax errors, unsupported constructs and patterns that are too large.
    init(_ pattern: String) throws(Failure) {
        let characters = Array(pattern.unicodeScalars)
        guard pattern.count <= Self.maxPatternLength else {
            throw Failure(
                message: "the pattern has \(pattern.count) characters; at most \(Self.maxPatternLength) are allowed",
                hint: "shorten the pattern", offset: 0)
        }
        var parser = RegexParser(scalars: characters)
        let tree = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the pattern matches anywhere in `text` (Python's `re.search`).
    func search(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        for position in 0...scalars.count {
            // Unanchored search: a new thread starts at every position.
            if add(0, to: &current, at: position, in: scalars) { return true }
            if position == scalars.count { break }
            let c = scalars[position]
            next.clear()
            for pc in current.pcs {
                let advances: Bool
                switch program[pc] {
                case .scalar(let s): advances = s == c
                case .any: advances = c != "\n"
                case .set(let set): advances = set.contains(c)
                default: advances = false
                }
                if advances, add(pc + 1, to: &next, at: position + 1, in: scalars) { return true }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Follows splits, jumps and assertions from `pc`; returns true when it reaches `match`.
    private func add(_ start: Int, to list: inout ThreadList, at position: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var stack = [start]
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch program[pc] {
            case .match: return true
            case .jump(let target): stack.append(target)
            case .split(let a, let b):
                stack.append(b)
                stack.append(a)
            case .assert(let assertion):
                if Self.holds(assertion, at: position, in: scalars) { stack.append(pc + 1) }
            default: break
            }
        }
        return false
    }

    private static func holds(_ assertion: Assertion, at position: Int, in scalars: [Unicode.Scalar]) -> Bool {
        switch assertion {
        case .start: return position == 0
        case .end: return position == scalars.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ScalarSet.isWord(scalars[position - 1])
            let after = position < scalars.count && ScalarSet.isWord(scalars[position])
            return (before != after) == (assertion == .wordBoundary)
        }
    }
}

/// A set of program counters with O(1) insert and clear (sparse set).
private struct ThreadList {
    var pcs: [Int] = []
    var seen: [Int]
    var generation = 1

    init(capacity: Int) {
        seen = [Int](repeating: 0, count: capacity)
        pcs.reserveCapacity(capacity)
    }

    /// Inserts `pc`; false when it was there already.
    mutating func insert(_ pc: Int) -> Bool {
        if seen[pc] == generation { return false }
        seen[pc] = generation
        // Only consuming instructions need to be visited again; the rest were followed already.
        pcs.append(pc)
        return true
    }

    mutating func clear() {
        pcs.removeAll(keepingCapacity: true)
        generation += 1
    }
}

/// A character class: ranges and named classes, possibly negated.
struct ScalarSet: Sendable {
    enum Named: Sendable { case digit, word, space }
    var ranges: [ClosedRange<UInt32>] = []
    var named: [(Named, negated: Bool)] = []
    var negated = false

    func contains(_ c: Unicode.Scalar) -> Bool {
        var inside = ranges.contains { $0.contains(c.value) }
        if !inside {
            inside = named.contains { kind, negated in Self.test(kind, c) != negated }
        }
        return inside != negated
    }

    static func test(_ kind: Named, _ c: Unicode.Scalar) -> Bool {
        switch kind {
        case .digit: return c.properties.numericType == .decimal
        case .word: return isWord(c)
        case .space: return isSpace(c)
        }
    }

    /// Python's `\w` for text: letters, digits (any script) and `_`.
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// Python's `str.isspace`: the Unicode White_Space property plus the separators U+001C–U+001F.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || (0x1C...0x1F).contains(c.value)
    }
}

private indirect enum RegexNode {
    case empty
    case scalar(Unicode.Scalar)
    case any
    case set(ScalarSet)
    case assert(BoundedRegex.Assertion)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repeated(RegexNode, min: Int, max: Int?)
}

private struct RegexParser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var depth = 0

    init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    typealias Failure = BoundedRegex.Failure

    func fail(_ message: String, _ hint: String? = nil, at offset: Int? = nil) -> Failure {
        Failure(message: message, hint: hint, offset: offset ?? index)
    }

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    mutating func parse() throws(Failure) -> RegexNode {
        let node = try parseAlternation()
        if !atEnd {
            throw fail("unbalanced parenthesis `)`", "escape it as `\\)` to match a parenthesis")
        }
        return node
    }

    mutating func parseAlternation() throws(Failure) -> RegexNode {
        var branches = [try parseConcat()]
        while peek == "|" {
            index += 1
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseConcat() throws(Failure) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            let start = index
            var atom = try parseAtom()
            var quantified = false
            while let (min, max) = try parseQuantifier() {
                if quantified {
                    throw fail("multiple repeat", "put the repeated part in a group: `(a*)+`", at: start)
                }
                if case .assert = atom { throw fail("nothing to repeat", nil, at: start) }
                if case .empty = atom { throw fail("nothing to repeat", nil, at: start) }
                atom = .repeated(atom, min: min, max: max)
                quantified = true
                if peek == "?" { index += 1 }  // lazy: the same answer for a yes/no match
            }
            items.append(atom)
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
    }

    /// `*`, `+`, `?` or a well-formed `{n}`, `{n,}`, `{,m}`, `{n,m}`; otherwise nil (a `{` that
    /// does not start a count is a literal, as in Python).
    mutating func parseQuantifier() throws(Failure) -> (Int, Int?)? {
        guard let c = peek else { return nil }
        switch c {
        case "*":
            index += 1
            return (0, nil)
        case "+":
            index += 1
            return (1, nil)
        case "?":
            index += 1
            return (0, 1)
        case "{":
            var j = index + 1
            func number(_ j: inout Int) -> Int? {
                var value: Int?
                while j < scalars.count, let digit = Int(String(scalars[j])), ("0"..."9").contains(scalars[j]) {
                    value = min((value ?? 0) * 10 + digit, 100_000)
                    j += 1
                }
                return value
            }
            let low = number(&j)
            var high: Int? = low
            if j < scalars.count, scalars[j] == "," {
                j += 1
                high = number(&j)
            } else if low == nil {
                return nil
            }
            guard j < scalars.count, scalars[j] == "}" else { return nil }
            let start = index
            index = j + 1
            if let high, high < (low ?? 0) {
                throw fail("the repeat count's minimum is above its maximum", nil, at: start)
            }
            if max(low ?? 0, high ?? 0) > 1_000 {
                throw fail("a repeat count above 1000", "repeat fewer times", at: start)
            }
            return (low ?? 0, high)
        default:
            return nil
        }
    }

    mutating func parseAtom() throws(Failure) -> RegexNode {
        let start = index
        let c = scalars[index]
        index += 1
        switch c {
        case "(":
            if peek == "?" {
                if index + 1 < scalars.count, scalars[index + 1] == ":" {
                    index += 2
                } else {
                    throw fail(
                        "look-around, named groups and inline flags are not supported",
                        "use `(…)` or `(?:…)`; for case-insensitive matching use `matches(lower(x), \"…\")`",
                        at: start)
                }
            }
            depth += 1
            guard depth <= 100 else { throw fail("groups nest more than 100 deep", nil, at: start) }
            let inner = try parseAlternation()
            depth -= 1
            guard peek == ")" else { throw fail("missing `)`", "close the group opened here", at: start) }
            index += 1
            return inner
        case ")": throw fail("unbalanced parenthesis `)`", nil, at: start)
        case "[": return .set(try parseClass(start: start))
        case ".": return .any
        case "^": return .assert(.start)
        case "$": return .assert(.end)
        case "*", "+", "?": throw fail("nothing to repeat", "escape it to match the character: `\\\(c)`", at: start)
        case "\\": return try parseEscape(start: start, inClass: false)
        default: return .scalar(c)
        }
    }

    mutating func parseEscape(start: Int, inClass: Bool) throws(Failure) -> RegexNode {
        guard let e = peek else {
            throw fail("a pattern cannot end with `\\`", "write `\\\\` for a backslash", at: start)
        }
        index += 1
        switch e {
        case "d", "D", "w", "W", "s", "S":
            let kind: ScalarSet.Named = e == "d" || e == "D" ? .digit : e == "w" || e == "W" ? .word : .space
            var set = ScalarSet()
            set.named = [(kind, negated: e.properties.isUppercase)]
            return .set(set)
        case "b" where !inClass: return .assert(.wordBoundary)
        case "B" where !inClass: return .assert(.notWordBoundary)
        case "A" where !inClass: return .assert(.start)
        case "Z" where !inClass: return .assert(.end)
        case "n": return .scalar("\n")
        case "t": return .scalar("\t")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "v": return .scalar("\u{0B}")
        case "b": return .scalar("\u{08}")
        case "x", "u", "U":
            let digits = e == "x" ? 2 : e == "u" ? 4 : 8
            guard index + digits <= scalars.count,
                let value = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + digits)])), radix: 16),
                let scalar = Unicode.Scalar(value)
            else {
                throw fail("`\\\(e)` needs \(digits) hexadecimal digits", nil, at: start)
            }
            index += digits
            return .scalar(scalar)
        case "1"..."9":
            throw fail("back-references are not supported", "a bounded-time matcher cannot follow them", at: start)
        default:
            if e.properties.isAlphabetic || ("0"..."9").contains(e) {
                throw fail("bad escape `\\\(e)`", "escape only punctuation; `\\d \\w \\s \\b` are classes", at: start)
            }
            return .scalar(e)
        }
    }

    mutating func parseClass(start: Int) throws(Failure) -> ScalarSet {
        var set = ScalarSet()
        if peek == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while true {
            guard let c = peek else {
                throw fail("a character class is not closed", "end it with `]`", at: start)
            }
            if c == "]" && !first {
                index += 1
                return set
            }
            first = false
            let itemStart = index
            index += 1
            var low: Unicode.Scalar = c
            if c == "\\" {
                switch try parseEscape(start: itemStart, inClass: true) {
                case .scalar(let s): low = s
                case .set(let named):
                    set.named += named.named
                    continue
                default: throw fail("this escape is not allowed in a class", nil, at: itemStart)
                }
            }
            if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                var high = scalars[index]
                let highStart = index
                index += 1
                if high == "\\" {
                    guard case .scalar(let s) = try parseEscape(start: highStart, inClass: true) else {
                        throw fail("a range cannot end with a class", nil, at: highStart)
                    }
                    high = s
                }
                guard low.value <= high.value else { throw fail("bad character range", nil, at: itemStart) }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
    }
}

private struct RegexCompiler {
    typealias Instruction = BoundedRegex.Instruction
    var program: [Instruction] = []

    mutating func append(_ instruction: Instruction) throws(BoundedRegex.Failure) {
        guard program.count < BoundedRegex.maxProgramSize else {
            throw BoundedRegex.Failure(
                message: "the pattern is too large once its repeat counts are expanded",
                hint: "use smaller counts in `{n,m}`", offset: 0)
        }
        program.append(instruction)
    }

    mutating func emit(_ node: RegexNode) throws(BoundedRegex.Failure) {
        switch node {
        case .empty: break
        case .scalar(let s): try append(.scalar(s))
        case .any: try append(.any)
        case .set(let set): try append(.set(set))
        case .assert(let assertion): try append(.assert(assertion))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; next: split … ; last branch.
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = program.count
                    try append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(program.count)
                    try append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let min, let max):
            for _ in 0..<min { try emit(inner) }
            if let max {
                // Each optional copy: split body, end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(program.count)
                    try append(.split(program.count + 1, -1))
                    try emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let split = program.count
                try append(.split(split + 1, -1))
                try emit(inner)
                try append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}
