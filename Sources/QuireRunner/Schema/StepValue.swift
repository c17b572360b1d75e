import Foundation
import QuireEngine
import QuireSupport

/// A value a step produced, as it flows to the steps that use it and into the cache.
public enum StepValue: Sendable {
    case frame(Frame)
    case profile(ProfileValue)
    case model(TrainedModel)
    case evaluation(Evaluation)
    case table(Table)
    case monitor(MonitorValue)

    public var kind: ValueKind {
        switch self {
        case .frame: .frame
        case .profile: .profile
        case .model: .model
        case .evaluation: .evaluation
        case .table: .table
        case .monitor: .monitor
        }
    }

    /// The bytes stored in the cache; equal values give equal bytes.
    public func encoded() throws -> [UInt8] {
        switch self {
        case .frame(let frame):
            return FrameBinaryFormat.encode(frame)
        case .profile(let profile):
            return Array(try Self.jsonEncoder.encode(profile))
        case .model(var model):
            // Training time is a fact about the machine, not the model: equal models, equal bytes.
            model.trainingSeconds = 0
            return Array(try Self.jsonEncoder.encode(model))
        case .evaluation(let evaluation):
            return Array(try Self.jsonEncoder.encode(evaluation))
        case .table(let table):
            return Array(try Self.jsonEncoder.encode(table))
        case .monitor(let monitor):
            return Array(try Self.jsonEncoder.encode(monitor))
        }
    }

    /// Reads a value back from the bytes ``encoded()`` wrote.
    public static func decode(_ kind: ValueKind, from bytes: [UInt8]) throws -> StepValue {
        switch kind {
        case .frame: return .frame(try FrameBinaryFormat.decode(bytes))
        case .profile: return .profile(try Self.jsonDecoder.decode(ProfileValue.self, from: Data(bytes)))
        case .model: return .model(try Self.jsonDecoder.decode(TrainedModel.self, from: Data(bytes)))
        case .evaluation: return .evaluation(try Self.jsonDecoder.decode(Evaluation.self, from: Data(bytes)))
        case .table: return .table(try Self.jsonDecoder.decode(Table.self, from: Data(bytes)))
        case .monitor: return .monitor(try Self.jsonDecoder.decode(MonitorValue.self, from: Data(bytes)))
        }
    }

    /// Named numbers a `when:` condition may use, as `step.output.name` (`customers.rows`).
    public var scalars: [String: Double] {
        switch self {
        case .frame(let frame): ["rows": Double(frame.rowCount), "columns": Double(frame.columns.count)]
        case .profile(let value):
            ["rows": Double(value.profile.rowCount), "columns": Double(value.profile.columns.count)]
        case .model(let model): ["rows": Double(model.trainingRows), "features": Double(model.features.count)]
        case .evaluation(let evaluation):
            evaluation.metrics.merging(["rows": Double(evaluation.rows)]) { metric, _ in metric }
        case .table(let table): table.metrics.merging(["rows": Double(table.rows.count)]) { metric, _ in metric }
        case .monitor(let monitor): monitor.scalars
        }
    }

    static let jsonEncoder = JSONCoding.encoder
    static let jsonDecoder = JSONCoding.decoder
}
