/// SQL (ANSI with the common PostgreSQL, SQLite and DuckDB words): keywords in any case,
/// `'strings'` (`''` a quote), `"quoted names"`, `--` and `/* */` comments, numbers, type names
/// as built-ins and `NULL`/`TRUE`/`FALSE`.
struct SQLTokenizer {
    private var scanner: CodeScanner

    init(_ bytes: [UInt8]) {
        scanner = CodeScanner(bytes)
    }

    static let keywords: Set<String> = [
        "add", "all", "alter", "analyze", "and", "any", "as", "asc", "begin", "between", "by", "cascade", "case",
        "cast", "check", "collate", "column", "commit", "constraint", "create", "cross", "current_date",
        "current_time", "current_timestamp", "database", "default", "delete", "desc", "distinct", "drop", "else",
        "end", "escape", "except", "exists", "explain", "fetch", "filter", "first", "following", "for", "foreign",
        "from", "full", "grant", "group", "having", "if", "ilike", "in", "index", "inner", "insert", "intersect",
        "interval", "into", "is", "join", "key", "last", "lateral", "left", "like", "limit", "materialized",
        "natural", "not", "nulls", "offset", "on", "or", "order", "outer", "over", "partition", "preceding",
        "primary", "qualify", "range", "recursive", "references", "rename", "replace", "returning", "revoke",
        "right", "rollback", "row", "rows", "schema", "select", "set", "table", "temp", "temporary", "then", "to",
        "transaction", "truncate", "unbounded", "union", "unique", "update", "using", "values", "view", "when",
        "where", "window", "with", "within",
    ]
    static let literals: Set<String> = ["null", "true", "false"]
    /// Common functions, shown as built-ins (when a `(` follows).
    static let functions: Set<String> = [
        "abs", "avg", "ceil", "coalesce", "concat", "count", "date_trunc", "extract", "floor", "greatest", "least",
        "length", "lower", "max", "min", "now", "nullif", "round", "stddev", "substr", "substring", "sum", "trim",
        "upper",
    ]
    static let types: Set<String> = [
        "bigint", "binary", "blob", "boolean", "bool", "char", "date", "datetime", "decimal", "double", "float",
        "int", "integer", "json", "jsonb", "numeric", "real", "serial", "smallint", "text", "time", "timestamp",
        "timestamptz", "uuid", "varchar",
    ]

    mutating func tokens() -> [Highlighter.Token] {
        while !scanner.atEnd {
            let start = scanner.index
            let byte = scanner.current
            if byte == UInt8(ascii: "-"), scanner.peek(1) == UInt8(ascii: "-") {
                scanner.skipToLineEnd()
                scanner.add(.comment, from: start)
            } else if byte == UInt8(ascii: "/"), scanner.peek(1) == UInt8(ascii: "*") {
                scanner.skipBlockComment()
                scanner.add(.comment, from: start)
            } else if byte == UInt8(ascii: "'") {
                scanner.skipQuoted(escapes: false, doubling: true, multiline: true)
                scanner.add(.string, from: start)
            } else if byte == UInt8(ascii: "\"") {
                scanner.skipQuoted(escapes: false, doubling: true, multiline: false)
                scanner.add(.string, from: start)
            } else if CodeScanner.isDigit(byte) || (byte == UInt8(ascii: ".") && CodeScanner.isDigit(scanner.peek(1))) {
                scanner.skipNumber()
                // `1st`, `2x`: a name, not a number.
                if CodeScanner.isWordByte(scanner.current) {
                    scanner.skip(while: CodeScanner.isWordByte)
                } else {
                    scanner.add(.number, from: start)
                }
            } else if CodeScanner.isWordByte(byte) {
                scanner.skip(while: CodeScanner.isWordByte)
                // A qualified name's part (`t.select`) is a name.
                guard scanner.byte(at: start - 1) != UInt8(ascii: ".") else { continue }
                let word = scanner.word(start..<scanner.index).lowercased()
                if Self.keywords.contains(word) {
                    scanner.add(.keyword, from: start)
                } else if Self.literals.contains(word) {
                    scanner.add(.literal, from: start)
                } else if Self.types.contains(word)
                    || (Self.functions.contains(word) && scanner.current == UInt8(ascii: "("))
                {
                    scanner.add(.builtin, from: start)
                }
            } else {
                scanner.index += 1
            }
        }
        return scanner.tokens
    }
}
