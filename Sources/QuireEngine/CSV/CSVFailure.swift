/// A parse failure located by byte offset; turned into a ``CSVError`` once lines are counted.
struct CSVFailure: Sendable {
    var code: CSVError.Code
    var message: String
    var hint: String?
    /// Byte offset in the file of the offending byte.
    var offset: Int
}
