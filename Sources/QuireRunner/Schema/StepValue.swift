import Foundation
import QuireEngine

/// A value a step produced, as it flows to the steps that use it and into the cache.
public enum StepValue: Sendable {
    case frame(Frame)
    case profile(ProfileValue)

    public var kind: ValueKind {
        switch self {
        case .frame: .frame
        case .profile: .profile
        }
    }

    /// The bytes stored in the cache; equal values give equal bytes.
    public func encoded() throws -> [UInt8] {
        switch self {
        case .frame(let frame):
            return FrameBinaryFormat.encode(frame)
        case .profile(let profile):
            return Array(try Self.jsonEncoder.encode(profile))
        }
    }

    /// Reads a value back from the bytes ``encoded()`` wrote.
    public static func decode(_ kind: ValueKind, from bytes: [UInt8]) throws -> StepValue {
        switch kind {
        case .frame: return .frame(try FrameBinaryFormat.decode(bytes))
        case .profile: return .profile(try JSONDecoder().decode(ProfileValue.self, from: Data(bytes)))
        }
    }

    /// Named numbers a `when:` condition may use, as `step.output.name` (`customers.rows`).
    public var scalars: [String: Double] {
        switch self {
        case .frame(let frame): ["rows": Double(frame.rowCount), "columns": Double(frame.columns.count)]
        case .profile(let value):
            ["rows": Double(value.profile.rowCount), "columns": Double(value.profile.columns.count)]
        }
    }

    static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
