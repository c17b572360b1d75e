import Foundation

/// The one configuration of Foundation's JSON coders for values Quire stores: the cache, models,
/// drift references.
///
/// Keys are sorted, so equal values give equal bytes (and equal digests). JSON has no NaN or
/// infinity, yet metrics may be NaN (ROC AUC of a single class), so they are spelled `"nan"`,
/// `"inf"` and `"-inf"`, and the decoder reads them back.
public enum JSONCoding {
    /// Sorted keys, non-finite numbers as strings, no whitespace.
    public static let encoder: JSONEncoder = makeEncoder(prettyPrinted: false)

    /// As ``encoder``, indented for people to read.
    public static let prettyEncoder: JSONEncoder = makeEncoder(prettyPrinted: true)

    /// Reads what ``encoder`` and ``prettyEncoder`` write.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()

    private static func makeEncoder(prettyPrinted: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
