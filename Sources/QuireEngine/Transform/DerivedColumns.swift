import QuireSupport

/// The columns a `derive` step computes, kept so that an exported model can compute them from
/// raw rows: each new column's name and expression text, in order, and the kind each column the
/// expressions read had when the step ran.
///
/// Encoded as `{"columns": [{"name": …, "expression": …}], "reads": [{"name": …, "kind": …}]}`;
/// the expressions are parsed again when the value is decoded. Row-wise only when no expression
/// calls a window function (``windowFunction``): only such a derive can go into an exported model.
public struct DerivedColumns: Sendable, Hashable, Codable {
    /// One new (or replaced) column.
    public struct Entry: Sendable, Hashable, Codable {
        /// The column's name.
        public var name: String
        /// The expression's text, as written in the step.
        public var expression: String

        /// The column `name` computed by `expression`.
        public init(name: String, expression: String) {
            self.name = name
            self.expression = expression
        }
    }

    /// The new columns, computed in this order (a later one may read an earlier one).
    public let entries: [Entry]
    /// The columns the expressions read that the frame held before the step, with their kinds
    /// then, in the order first read.
    public let reads: [Schema.Field]
    /// The parsed expressions, one per entry.
    private let parsed: [Expression]

    private enum CodingKeys: String, CodingKey {
        case entries = "columns", reads
    }

    /// The columns `entries` compute over a frame of `schema`, checked against it.
    ///
    /// - Throws: ``ExpressionError`` when an expression does not parse or type-check.
    public init(_ entries: [Entry], schema: Schema) throws {
        let parsed = try entries.map { try Expression($0.expression) }
        var grown = schema
        var made: Set<String> = []
        var reads: [Schema.Field] = []
        var seen: Set<String> = []
        for (entry, expression) in zip(entries, parsed) {
            for name in expression.columnNames where !made.contains(name) && seen.insert(name).inserted {
                if let kind = schema.kind(of: name) { reads.append(.init(name: name, kind: kind)) }
            }
            let type = try expression.check(against: grown)
            let kind: ColumnKind = type == .string ? .categorical : type == .date ? .date : .numeric
            if let index = grown.fields.firstIndex(where: { $0.name == entry.name }) {
                grown.fields[index].kind = kind
            } else {
                grown.fields.append(.init(name: entry.name, kind: kind))
            }
            made.insert(entry.name)
        }
        self.entries = entries
        self.reads = reads
        self.parsed = parsed
    }

    /// Reads the value written by ``encode(to:)``, parsing the expressions again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entries = try container.decode([Entry].self, forKey: .entries)
        reads = try container.decode([Schema.Field].self, forKey: .reads)
        do {
            parsed = try entries.map { try Expression($0.expression) }
        } catch let error as ExpressionError {
            throw DecodingError.dataCorruptedError(
                forKey: .entries, in: container, debugDescription: "an expression does not parse: \(error.message)")
        }
    }

    /// Writes the entries and the columns read.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(reads, forKey: .reads)
    }

    /// Equal when the entries and the columns read are.
    public static func == (a: DerivedColumns, b: DerivedColumns) -> Bool {
        a.entries == b.entries && a.reads == b.reads
    }

    /// Hashes the entries and the columns read.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
        hasher.combine(reads)
    }

    /// The names of the new columns, in order.
    public var names: [String] { entries.map(\.name) }

    /// The first window function an expression calls, with its column's name; nil when every
    /// column is computed from its own row alone.
    public var windowFunction: (column: String, function: String)? {
        for (entry, expression) in zip(entries, parsed) {
            if let function = expression.windowFunctionCalled { return (entry.name, function) }
        }
        return nil
    }

    /// The columns each entry reads, in order of first appearance in its expression.
    public var entryReads: [[String]] { parsed.map(\.columnNames) }

    /// Only the entries whose columns are in `needed` after the step, and those they need: the
    /// columns a model does not use are not computed. Nil when no entry is left.
    public func keeping(_ needed: Set<String>) -> (kept: DerivedColumns?, needed: Set<String>) {
        var needed = needed
        var keep = [Bool](repeating: false, count: entries.count)
        for index in entries.indices.reversed() where needed.contains(entries[index].name) {
            keep[index] = true
            needed.remove(entries[index].name)
            needed.formUnion(parsed[index].columnNames)
        }
        guard keep.contains(true) else { return (nil, needed) }
        let kept = entries.indices.filter { keep[$0] }
        let readNames = Set(kept.flatMap { parsed[$0].columnNames })
        let value = DerivedColumns(
            entries: kept.map { entries[$0] }, reads: reads.filter { readNames.contains($0.name) },
            parsed: kept.map { parsed[$0] })
        return (value, needed)
    }

    private init(entries: [Entry], reads: [Schema.Field], parsed: [Expression]) {
        self.entries = entries
        self.reads = reads
        self.parsed = parsed
    }

    /// The frame with the columns computed from each row alone.
    ///
    /// - Throws: ``FrameError`` `unknownColumn` or `wrongKind` when a column read is absent or
    ///   of another kind than when the step ran, naming it.
    public func apply(to frame: Frame) throws -> Frame {
        for field in reads {
            guard let column = frame[field.name] else {
                throw FrameError.unknownColumn(field.name, in: frame.columnNames)
            }
            guard column.kind == field.kind else {
                throw FrameError(
                    .wrongKind,
                    "column `\(field.name)` is \(column.kind.rawValue), but `derive` read it as \(field.kind.rawValue)",
                    hint:
                        "give `\(field.name)` as \(field.kind.rawValue) values, as in the data the model was trained on"
                )
            }
        }
        var result = frame
        for (entry, expression) in zip(entries, parsed) {
            do {
                result = try result.setting(expression.evaluate(on: result).column(named: entry.name))
            } catch let error as ExpressionError {
                throw FrameError(
                    .wrongKind, "`\(entry.name)`: \(error.message)", hint: error.hint)
            }
        }
        return result
    }
}

extension Expression {
    /// The columns the expression names, in order of first appearance.
    var columnNames: [String] {
        var names: [String] = []
        var seen: Set<String> = []
        func walk(_ node: ExpressionNode) {
            switch node.kind {
            case .number, .string, .boolean: break
            case .name(let name): if seen.insert(name).inserted { names.append(name) }
            case .unary(_, let operand): walk(operand)
            case .binary(_, let lhs, let rhs):
                walk(lhs)
                walk(rhs)
            case .inList(let operand, let items, _):
                walk(operand)
                items.forEach(walk)
            case .call(_, let arguments): arguments.forEach(walk)
            }
        }
        walk(root)
        return names
    }

    /// The first window function (``windowFunctions``) the expression calls, if any.
    var windowFunctionCalled: String? {
        func find(_ node: ExpressionNode) -> String? {
            switch node.kind {
            case .number, .string, .boolean, .name: return nil
            case .unary(_, let operand): return find(operand)
            case .binary(_, let lhs, let rhs): return find(lhs) ?? find(rhs)
            case .inList(let operand, let items, _): return find(operand) ?? items.lazy.compactMap(find).first
            case .call(let name, let arguments):
                if Self.windowFunctions[name] != nil { return name }
                return arguments.lazy.compactMap(find).first
            }
        }
        return find(root)
    }
}
