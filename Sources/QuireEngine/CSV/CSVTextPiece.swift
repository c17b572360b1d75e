/// One column's strings within one chunk, encoded against a chunk-local dictionary in order of
/// first appearance.
final class CSVTextPiece {
    var codes: [Int32] = []
    var categories: [String] = []
    var lookup: [String: Int32] = [:]

    init(capacity: Int) {
        codes.reserveCapacity(Swift.min(capacity, 4096))
    }

    func appendMissing() {
        codes.append(CategoricalValues.missingCode)
    }

    /// Appends a string given as bytes already checked to be valid UTF-8.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let code = lookup[text] {
            codes.append(code)
        } else {
            let code = Int32(categories.count)
            lookup[text] = code
            categories.append(text)
            codes.append(code)
        }
    }
}
