import QuireSupport

extension RunDiffSet {
    /// The comparison as `quire diff --json` prints it (docs/history.md): the references, one
    /// object per notebook, and the notebooks only one side has.
    public var json: JSONValue {
        .object([
            "a": .string(a), "b": .string(b), "notebooks": .array(diffs.map(\.json)),
            "only_in_a": .array(onlyInA.map(JSONValue.string)), "only_in_b": .array(onlyInB.map(JSONValue.string)),
        ])
    }
}

extension RunDiff {
    /// One notebook's comparison: the runs, then every param, file, fact, step, metric and
    /// monitor row of either, each with its `change`.
    public var json: JSONValue {
        .object([
            "notebook": .string(b.notebook),
            "a": Self.side(a), "b": Self.side(b),
            "same": .bool(isSame),
            "params": .array(params.map { Self.entry($0, key: "name") }),
            "files": .array(files.map { Self.entry($0, key: "path") }),
            "code": .array(code.map { Self.entry($0, key: "name") }),
            "steps": .array(
                steps.map {
                    .object([
                        "id": .string($0.id), "op": .string($0.op), "status_a": Self.text($0.statusA),
                        "status_b": Self.text($0.statusB), "key_a": Self.text($0.keyA), "key_b": Self.text($0.keyB),
                        "change": .string($0.change.rawValue),
                    ])
                }),
            "metrics": .array(
                metrics.map {
                    .object([
                        "metric": .string($0.key), "step": .string($0.step), "name": .string($0.name),
                        "a": Self.number($0.a), "b": Self.number($0.b), "delta": Self.number($0.delta),
                        "relative": Self.number($0.relative), "higher_is_better": .bool($0.higherIsBetter),
                        "verdict": Self.text($0.verdict?.rawValue), "change": .string($0.change.rawValue),
                    ])
                }),
            "monitors": .array(
                monitors.map {
                    .object([
                        "step": .string($0.step), "subject": .string($0.subject), "test": .string($0.test),
                        "test_a": Self.text($0.testA), "status_a": Self.text($0.statusA),
                        "status_b": Self.text($0.statusB), "a": Self.number($0.a),
                        "b": Self.number($0.b), "delta": Self.number($0.delta), "worse": .bool($0.worse),
                        "change": .string($0.change.rawValue),
                    ])
                }),
        ])
    }

    private static func side(_ run: RunSnapshot) -> JSONValue {
        .object([
            "id": run.id.map { .integer(Int($0)) } ?? .null, "source": text(run.source),
            "started_at": run.startedAt.map { .string(RunSnapshot.timestamp($0)) } ?? .null,
            "title": .string(run.title), "status": .string(run.status), "ending": .string(run.ending),
            "monitor_status": text(run.monitorStatus),
        ])
    }

    private static func entry(_ entry: Entry, key: String) -> JSONValue {
        .object([
            key: .string(entry.name), "a": text(entry.a), "b": text(entry.b), "change": .string(entry.change.rawValue),
        ])
    }

    private static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    private static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}
