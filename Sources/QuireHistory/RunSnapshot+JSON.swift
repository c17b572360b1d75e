import Foundation
import QuireSupport

extension RunSnapshot {
    /// The run as `quire history --json` prints it (docs/history.md): every field, metrics by
    /// `step.metric`, params as their JSON values.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "notebook": .string(notebook),
            "title": .string(title),
            "status": .string(status),
            "ending": .string(ending),
            "engine": .string(engine),
            "quire_version": .string(quireVersion),
            "notebook_digest": .string(notebookDigest),
            "reproducible": .bool(reproducible),
            "params": .object(params.mapValues { .string($0) }),
            "files": .object(files.mapValues { .string($0) }),
            "steps": .array(
                steps.map {
                    .object([
                        "id": .string($0.id), "op": .string($0.op), "status": .string($0.status),
                        "cache_key": $0.key.map(JSONValue.string) ?? .null,
                        "duration_ms": $0.durationMs.map(JSONValue.number) ?? .null,
                    ])
                }),
            "metrics": .object(
                Dictionary(
                    metrics.map { ($0.key, $0.value.map(JSONValue.number) ?? .null) }, uniquingKeysWith: { a, _ in a })),
            "monitors": .array(
                monitors.map {
                    .object([
                        "step": .string($0.step), "subject": .string($0.subject), "test": .string($0.test),
                        "value": $0.value.map(JSONValue.number) ?? .null, "status": .string($0.status),
                        "direction": $0.direction.map(JSONValue.string) ?? .null,
                    ])
                }),
            "monitor_status": monitorStatus.map(JSONValue.string) ?? .null,
            "git": gitCommit.map { .object(["commit": .string($0), "dirty": gitDirty.map(JSONValue.bool) ?? .null]) }
                ?? .null,
            "host": host.map(JSONValue.string) ?? .null,
        ]
        object["id"] = id.map { .integer(Int($0)) } ?? .null
        object["source"] = source.map(JSONValue.string) ?? .null
        object["started_at"] = startedAt.map { .string(Self.timestamp($0)) } ?? .null
        object["ended_at"] = endedAt.map { .string(Self.timestamp($0)) } ?? .null
        return .object(object)
    }

    /// `2026-12-07T05:03:12.345Z`: UTC, milliseconds.
    public static func timestamp(_ date: Date) -> String {
        timestampStyle.format(date)
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
