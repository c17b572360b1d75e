import QuireEngine

/// What the planner knows of a frame before anything runs: its columns' names and, where it can
/// be sure, their kinds.
///
/// A kind is `nil` when only the data can tell: a `load` whose plan-time sample (the first
/// ``CSVSample/byteLimit`` bytes) ends before the file does and shows only numbers (or nothing)
/// in a column could still meet text further down, which makes the whole column categorical.
/// The checks treat such a column as either kind, so `check` never refuses what `run` accepts.
/// An ``isOpen`` schema may have more columns than it lists (`predict` adds one probability column
/// per class, which only the trained model knows): a name it does not list is not an error.
public struct FrameSchema: Sendable, Hashable {
    /// One column as the planner knows it.
    public struct Column: Sendable, Hashable {
        /// The column's name.
        public var name: String
        /// Its kind, or `nil` when only the data can tell.
        public var kind: ColumnKind?
        /// Distinct values seen in the plan-time sample (categorical columns read from a file).
        public var distinct: Int?

        /// A column `name` of `kind`.
        public init(_ name: String, _ kind: ColumnKind?, distinct: Int? = nil) {
            self.name = name
            self.kind = kind
            self.distinct = distinct
        }
    }

    /// The columns, in order.
    public var columns: [Column]
    /// Whether the frame may have columns this schema does not list.
    public var isOpen: Bool
    /// Rows of the plan-time sample that ``Column/distinct`` counts come from, when the schema
    /// was read from a file.
    public var sampleRows: Int?

    /// A schema of `columns`; `open` when there may be others.
    public init(_ columns: [Column], open: Bool = false) {
        self.columns = columns
        self.isOpen = open
    }

    /// The schema of an engine schema, every kind known.
    public init(_ schema: Schema) {
        self.init(schema.fields.map { Column($0.name, $0.kind) })
    }

    /// The column names, in order.
    public var names: [String] { columns.map(\.name) }

    /// The column `name`, if the schema lists it.
    public subscript(name: String) -> Column? {
        columns.first { $0.name == name }
    }

    /// Whether a column `name` may exist: it is listed, or the schema is open.
    public func mayHave(_ name: String) -> Bool {
        isOpen || self[name] != nil
    }

    /// The schema with `column` added at the end, or in place of the column of its name.
    public func setting(_ column: Column) -> FrameSchema {
        var copy = self
        if let index = copy.columns.firstIndex(where: { $0.name == column.name }) {
            copy.columns[index] = column
        } else {
            copy.columns.append(column)
        }
        return copy
    }

    /// The schema after a transform of `columns` into numbers: each becomes `kind`, or is
    /// `removed` (replaced by columns only the data names, which leaves the schema open). When
    /// `columns` is nil (only the data can tell which), every column may have changed: their kinds
    /// become unknown, and a removing transform leaves the schema open.
    public func transforming(_ columns: [String]?, kind: ColumnKind, removed: Bool) -> FrameSchema {
        var copy = self
        guard let columns else {
            copy.columns = copy.columns.map { Column($0.name, nil) }
            copy.isOpen = copy.isOpen || removed
            return copy
        }
        let names = Set(columns)
        if removed {
            copy.columns.removeAll { names.contains($0.name) }
            copy.isOpen = copy.isOpen || !names.isEmpty
        } else {
            copy.columns = copy.columns.map { names.contains($0.name) ? Column($0.name, kind) : $0 }
        }
        return copy
    }

    /// The engine schema with every unknown kind replaced by `kind` (an expression is checked
    /// under both, see ``SchemaContext/expression(_:at:key:in:expecting:)``).
    func engineSchema(unknownAs kind: ColumnKind) -> Schema {
        Schema(fields: columns.map { Schema.Field(name: $0.name, kind: $0.kind ?? kind) })
    }

    /// Whether some column's kind is unknown.
    var hasUnknownKinds: Bool { columns.contains { $0.kind == nil } }

    /// Schemas are equal when their columns and openness are (the sample is a detail).
    public static func == (a: FrameSchema, b: FrameSchema) -> Bool {
        a.columns == b.columns && a.isOpen == b.isOpen
    }

    /// Hashes the columns and openness.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(columns)
        hasher.combine(isOpen)
    }
}
