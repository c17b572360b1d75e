import QuireSupport

/// A strptime-style pattern for dates that are not ISO 8601, such as `%d/%m/%Y`.
///
/// Directives: `%Y` four-digit year, `%y` two-digit year (69–99 → 1969–1999, 00–68 → 2000–2068,
/// as POSIX), `%m` month, `%d` day, `%H` hour (0–23), `%M` minute, `%S` second (each one or two
/// digits), `%b` an English month name, abbreviated or full, in any case (`Jan`, `january`), and
/// `%%` a percent sign. Any other character must appear as written. A missing year, month or day
/// is an error when the pattern is made; a missing time is midnight. Values are UTC.
public struct DatePattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case year4, year2, month, day, hour, minute, second, monthName
        case literal(UInt8)
    }

    let pieces: [Piece]
    /// The pattern as written.
    public let text: String

    /// Reads a pattern.
    ///
    /// - Throws: ``FrameError`` `invalidArgument` for an unknown directive or a pattern without
    ///   a year, a month and a day.
    public init(_ text: String) throws {
        self.text = text
        var pieces: [Piece] = []
        var bytes = Array(text.utf8).makeIterator()
        while let byte = bytes.next() {
            guard byte == 0x25 else {
                pieces.append(.literal(byte))
                continue
            }
            guard let directive = bytes.next() else {
                throw FrameError(
                    .invalidArgument, "the date format `\(text)` ends with a lone `%`",
                    hint: "write `%%` for a percent sign")
            }
            switch directive {
            case UInt8(ascii: "Y"): pieces.append(.year4)
            case UInt8(ascii: "y"): pieces.append(.year2)
            case UInt8(ascii: "m"): pieces.append(.month)
            case UInt8(ascii: "d"): pieces.append(.day)
            case UInt8(ascii: "H"): pieces.append(.hour)
            case UInt8(ascii: "M"): pieces.append(.minute)
            case UInt8(ascii: "S"): pieces.append(.second)
            case UInt8(ascii: "b"): pieces.append(.monthName)
            case UInt8(ascii: "%"): pieces.append(.literal(0x25))
            default:
                throw FrameError(
                    .invalidArgument,
                    "the date format `\(text)` uses `%\(Character(Unicode.Scalar(directive)))`, which is not supported",
                    hint: "use %Y %y %m %d %H %M %S %b and literal text")
            }
        }
        let has = { (wanted: [Piece]) in pieces.contains { wanted.contains($0) } }
        guard has([.year4, .year2]), has([.month, .monthName]), has([.day]) else {
            throw FrameError(
                .invalidArgument, "the date format `\(text)` needs a year, a month and a day",
                hint: "e.g. `%d/%m/%Y`; use %Y or %y, %m or %b, and %d")
        }
        self.pieces = pieces
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ].map { Array($0.utf8) }

    /// The value of a text in this pattern, or `nil` when it does not match or names no real day.
    public func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    /// The value of UTF-8 bytes in this pattern (spaces and tabs around them ignored), or `nil`.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        var reader = DateText.Reader(bytes: bytes, index: lower, end: upper)
        var year = 0
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        for piece in pieces {
            switch piece {
            case .year4:
                guard let value = reader.digits(4) else { return nil }
                year = value
            case .year2:
                guard let value = reader.digits(2) else { return nil }
                year = value < 69 ? 2000 + value : 1900 + value
            case .month:
                guard let value = reader.upToTwoDigits() else { return nil }
                month = value
            case .day:
                guard let value = reader.upToTwoDigits() else { return nil }
                day = value
            case .hour:
                guard let value = reader.upToTwoDigits(), value < 24 else { return nil }
                hour = value
            case .minute:
                guard let value = reader.upToTwoDigits(), value < 60 else { return nil }
                minute = value
            case .second:
                guard let value = reader.upToTwoDigits(), value < 60 else { return nil }
                second = value
            case .monthName:
                guard let value = Self.monthName(&reader) else { return nil }
                month = value
            case .literal(let byte):
                guard reader.take(byte) else { return nil }
            }
        }
        guard reader.atEnd, CivilDate.isValid(year: year, month: month, day: day) else { return nil }
        return Double(CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// A month name, the full one or its first three letters, case-insensitive.
    private static func monthName(_ reader: inout DateText.Reader) -> Int? {
        for (index, name) in monthNames.enumerated() {
            var matched = 0
            while matched < name.count, reader.index + matched < reader.end,
                reader.bytes[reader.index + matched] | 0x20 == name[matched]
            {
                matched += 1
            }
            if matched == name.count || matched == 3 {
                // Prefer the full name when it is there; otherwise the abbreviation.
                reader.index += matched == name.count ? name.count : 3
                return index + 1
            }
        }
        return nil
    }
}
