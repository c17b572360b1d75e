/// Why a request cannot be answered with predictions: an HTTP status and a JSON error body that
/// names the row and the field when the problem is in one.
public struct RequestError: Error, Sendable, Equatable {
    /// The HTTP status (400, 404, 405, 413, 415, …).
    public var status: Int
    /// What is wrong, in a sentence.
    public var message: String
    /// The index of the row (0-based, in request order) the problem is in, when it is in one.
    public var row: Int?
    /// The field (input column) the problem is about, when there is one.
    public var field: String?

    /// An error with `status` and `message`, optionally at a row and a field.
    public init(status: Int, _ message: String, row: Int? = nil, field: String? = nil) {
        self.status = status
        self.message = message
        self.row = row
        self.field = field
    }

    /// A 400 for a body that is not the JSON it should be.
    static func badJSON(_ message: String, at offset: Int) -> RequestError {
        RequestError(status: 400, "the body is not valid JSON: \(message) at byte \(offset)")
    }

    /// The JSON body: `{"error": {"status": …, "message": …, "row": …, "field": …}}`.
    var body: [UInt8] {
        var out = "{\"error\":{\"status\":\(status),\"message\":" + JSONText.quote(message)
        if let row { out += ",\"row\":\(row)" }
        if let field { out += ",\"field\":" + JSONText.quote(field) }
        out += "}}\n"
        return Array(out.utf8)
    }
}
