import Foundation
import QuireRunner

/// What `quire cache gc` and `clear` do to a cache, holding its lock exclusively.
public struct CacheMaintenance: Sendable {
    /// The cache maintained.
    public let store: CacheStore

    /// Maintenance of `store`.
    public init(store: CacheStore) {
        self.store = store
    }

    /// What a collection removed and kept.
    public struct Collection: Sendable, Equatable {
        /// Entries removed.
        public var removedEntries: Int
        /// Bytes of blobs removed.
        public var removedBytes: Int
        /// Entries kept.
        public var keptEntries: Int
        /// Bytes of the blobs of the entries kept.
        public var keptBytes: Int
    }

    /// Keeps every entry that the latest run of a known notebook (one whose file still exists)
    /// uses, as long as they fit in `budget` bytes; the entries of one run are kept or dropped
    /// together, runs in the order of their records. Removes everything else.
    public func collect(budget: Int?) throws(CacheError) -> Collection {
        let lock = try FileLock(path: store.lockPath, mode: .exclusive)
        let sizes = Dictionary(
            store.entries().map { ($0.entry.key, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        var keep = Set<String>()
        var used = 0
        for record in store.records() where FileManager.default.fileExists(atPath: record.notebook) {
            let keys = record.keys.subtracting(keep)
            let bytes = keys.reduce(0) { $0 + (sizes[$1] ?? 0) }
            if let budget, used + bytes > budget { continue }
            keep.formUnion(keys)
            used += bytes
        }
        let removed = store.collectGarbage(keeping: keep)
        withExtendedLifetime(lock) {}
        return Collection(
            removedEntries: removed.entries, removedBytes: removed.bytes, keptEntries: keep.count, keptBytes: used)
    }

    /// Removes every entry.
    public func clear() throws(CacheError) {
        let lock = try FileLock(path: store.lockPath, mode: .exclusive)
        try store.clear()
        withExtendedLifetime(lock) {}
    }
}
