/// Wraps an I/O failure so that sources can throw a typed error.
struct CSVFailureBox: Error {
    var failure: CSVFailure
}
