import Foundation

/// What the last run of a notebook computed, kept in the cache (`runs/`) so that `quire explain`
/// can say what changed and `quire cache gc` knows which entries are still in use.
public struct RunRecord: Codable, Sendable {
    /// What one step of the run computed, by step id in ``steps``.
    public struct StepRecord: Codable, Sendable {
        /// The step's op name (`split`, `train`, …).
        public var op: String
        /// The step's cache key; nil when it could not be computed (skipped, not run, or failed early).
        public var key: String?
        /// What the key was made of, compared by `quire explain` with the next run; nil with no key.
        public var components: KeyComponents?
        /// How the step ended.
        public var status: StepStatus
    }

    /// The notebook's absolute path.
    public var notebook: String
    /// Every step of the run by id; of duplicate ids, the first result is kept.
    public var steps: [String: StepRecord]

    /// Records `run` of the notebook at the absolute path `notebook`.
    public init(notebook: String, run: RunResult) {
        self.notebook = notebook
        steps = Dictionary(
            run.results.map {
                ($0.id, StepRecord(op: $0.op, key: $0.key, components: $0.components, status: $0.status))
            },
            uniquingKeysWith: { first, _ in first })
    }

    /// Every cache key the record uses.
    public var keys: Set<String> { Set(steps.values.compactMap(\.key)) }
}

extension CacheStore {
    private func recordURL(for notebook: String) -> URL {
        directory.appendingPathComponent("runs/\(Digest.sha256(notebook).prefix(24)).json")
    }

    /// The last run of the notebook at the absolute path `notebook`.
    public func record(for notebook: String) -> RunRecord? {
        guard let data = FileManager.default.contents(atPath: recordURL(for: notebook).path) else { return nil }
        return try? JSONDecoder().decode(RunRecord.self, from: data)
    }

    /// Stores `record` as the last run of its notebook, replacing the one before.
    public func save(_ record: RunRecord) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(record) else {
            throw CacheError(.unencodable, "cannot encode the run record")
        }
        try write(data, to: recordURL(for: record.notebook))
    }

    /// The records of every notebook run with this cache whose file still exists.
    public func records() -> [RunRecord] {
        let folder = directory.appendingPathComponent("runs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                let record = try? JSONDecoder().decode(RunRecord.self, from: data)
            else { return nil }
            return record
        }
    }
}
