import Foundation

/// What the last run of a notebook computed, kept in the cache (`runs/`) so that `quire explain`
/// can say what changed and `quire cache gc` knows which entries are still in use.
public struct RunRecord: Codable, Sendable {
    public struct StepRecord: Codable, Sendable {
        public var op: String
        public var key: String?
        public var components: KeyComponents?
        public var status: StepStatus
    }

    /// The notebook's absolute path.
    public var notebook: String
    public var steps: [String: StepRecord]

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

    public func save(_ record: RunRecord) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(record) else { throw CacheError(.unencodable, "cannot encode the run record") }
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
