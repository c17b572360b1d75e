/// The names and kinds of a frame's columns, in order.
public struct Schema: Sendable, Hashable, Codable {
    /// One column's name and kind.
    public struct Field: Sendable, Hashable, Codable {
        /// The column name.
        public var name: String
        /// The column kind.
        public var kind: ColumnKind

        /// Creates a field.
        public init(name: String, kind: ColumnKind) {
            self.name = name
            self.kind = kind
        }
    }

    /// The fields in column order.
    public var fields: [Field]

    /// Creates a schema from fields.
    public init(fields: [Field]) {
        self.fields = fields
    }

    /// The column names in order.
    public var names: [String] { fields.map(\.name) }

    /// The kind of the named column, or `nil` if the schema has no such column.
    public func kind(of name: String) -> ColumnKind? {
        fields.first { $0.name == name }?.kind
    }
}
