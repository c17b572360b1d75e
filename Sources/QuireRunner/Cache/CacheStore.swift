import Foundation
import QuireSupport

/// The content-addressed cache of step outputs, under `.quire/cache/` (or `--cache-dir`).
///
/// ```
/// entries/ab/abcdef….json   one CacheEntry per key (outputs' digests and summaries)
/// objects/12/123456…        one blob per distinct output value, named by its SHA-256
/// tmp/                      files being written; renamed into place when complete
/// files.json                memo of file digests by (path, size, mtime, inode)
/// lock                      shared by runs, exclusive for gc and clear
/// ```
///
/// Every file is written to `tmp/` and renamed into place, so a killed run leaves either a
/// complete entry or none, never a torn one; a blob whose bytes do not match its name is
/// reported as corrupt and recomputed. Blobs are written before the entry that names them.
public final class CacheStore: Sendable {
    /// The cache directory (`.quire/cache` by default).
    public let directory: URL
    private let fileManager = FileManager.default

    /// Opens (creating) the cache at `directory`.
    public init(directory: URL) throws(CacheError) {
        self.directory = directory
        do {
            for sub in ["entries", "objects", "tmp"] {
                try fileManager.createDirectory(
                    at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
        } catch {
            throw CacheError.cannotCreate(directory.path, because: Self.reason(error))
        }
    }

    /// The lock file runs hold shared and garbage collection exclusively.
    public var lockPath: String { directory.appendingPathComponent("lock").path }

    private func entryURL(_ key: String) -> URL {
        directory.appendingPathComponent("entries/\(key.prefix(2))/\(key).json")
    }

    func objectURL(_ digest: String) -> URL {
        directory.appendingPathComponent("objects/\(digest.prefix(2))/\(digest)")
    }

    // MARK: Reading

    /// The entry for `key`, if present and readable. An unreadable entry is removed.
    public func entry(for key: String) -> CacheEntry? {
        let url = entryURL(key)
        guard let data = fileManager.contents(atPath: url.path) else { return nil }
        guard let entry = try? JSONCoding.decode(CacheEntry.self, from: data), entry.key == key,
            entry.outputs.values.allSatisfy({ fileManager.fileExists(atPath: objectURL($0.digest).path) })
        else {
            try? fileManager.removeItem(at: url)
            return nil
        }
        return entry
    }

    /// Reads the blob `digest` in place (mapped from its file, not copied) with `read`.
    ///
    /// With `verifying`, its SHA-256 is checked first. Without, the reader checks the bytes itself
    /// (a frame's checksums); if it throws, the SHA-256 is checked then, so a corrupt blob is
    /// removed either way. `partial` says the reader reads only part of the blob (a few columns of
    /// a frame), so the pages it does not read are not mapped in advance.
    ///
    /// - Throws: ``CacheError`` `missingObject` or `corruptEntry` (the blob removed), or what
    ///   `read` throws for a blob that is intact.
    public func withObject<Value>(
        _ digest: String, verifying: Bool, partial: Bool = false, _ read: (UnsafeRawBufferPointer) throws -> Value
    ) throws -> Value {
        let url = objectURL(digest)
        func corrupt() -> CacheError {
            try? fileManager.removeItem(at: url)
            return CacheError(
                .corruptEntry,
                "cache object \(digest.prefix(12))… is corrupt (its bytes do not match its digest); removed",
                path: url.path)
        }
        do {
            return try MappedFile.read(url.path, populate: verifying || !partial) { bytes in
                if verifying, Digest.sha256(bytes) != digest { throw corrupt() }
                do {
                    return try read(bytes)
                } catch {
                    if !verifying, Digest.sha256(bytes) != digest { throw corrupt() }
                    throw error
                }
            }
        } catch let failure as MappedFile.Failure {
            let reason = failure.code == ENOENT ? "is missing" : "cannot be read (\(failure))"
            throw CacheError(.missingObject, "cache object \(digest.prefix(12))… \(reason)", path: url.path)
        }
    }

    /// The bytes of the blob `digest`, verified against it.
    ///
    /// - Throws: ``CacheError`` `missingObject` or `corruptEntry` (the blob removed).
    public func object(_ digest: String) throws(CacheError) -> [UInt8] {
        do {
            return try withObject(digest, verifying: true) { [UInt8]($0) }
        } catch let error as CacheError {
            throw error
        } catch {
            preconditionFailure("copying bytes cannot fail: \(error)")
        }
    }

    // MARK: Writing

    /// Stores a blob that `write` hands over in pieces, hashing it as it goes, and returns its
    /// digest and size: it is written to `tmp/` and renamed to its digest's name (a blob already
    /// there is kept), so the value is never held as one buffer.
    ///
    /// - Throws: ``CacheError`` when the blob cannot be written (nothing is left behind), or what
    ///   `write` throws.
    public func storeObject(
        _ write: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> (digest: String, byteCount: Int) {
        let temporary = directory.appendingPathComponent("tmp/\(UUID().uuidString)")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CacheError.cannotWrite(directory.path, because: String(cString: strerror(errno)))
        }
        var hasher = SHA256()
        var byteCount = 0
        do {
            try write { piece in
                hasher.update(piece)
                byteCount += piece.count
                let failure = Self.write(piece, to: descriptor)
                guard failure == 0 else {
                    throw CacheError.cannotWrite(directory.path, because: String(cString: strerror(failure)))
                }
            }
            guard close(descriptor) == 0 || errno == EINTR else {
                throw CacheError.cannotWrite(directory.path, because: String(cString: strerror(errno)))
            }
        } catch {
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
        let digest = SHA256.hex(hasher.finalize())
        let url = objectURL(digest)
        if fileManager.fileExists(atPath: url.path) {
            unlink(temporary.path)
            return (digest, byteCount)
        }
        do {
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            unlink(temporary.path)
            throw CacheError.cannotWrite(directory.path, because: Self.reason(error))
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CacheError.cannotRename(into: url.path, because: reason)
        }
        return (digest, byteCount)
    }

    /// Stores an entry; its blobs must be stored first.
    public func store(_ entry: CacheEntry) throws(CacheError) {
        let data: Data
        do { data = try JSONCoding.encoder.encode(entry) } catch {
            throw CacheError(.unencodable, "cannot encode a cache entry: \(error)", cause: "\(error)")
        }
        try write(data, to: entryURL(entry.key))
    }

    /// Writes to `tmp/` and renames into place.
    func write(_ data: Data, to url: URL) throws(CacheError) {
        let temporary = directory.appendingPathComponent("tmp/\(UUID().uuidString)")
        do {
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let failure = Self.writeFile(data, to: temporary.path)
            guard failure == 0 else {
                throw CacheError.cannotWrite(directory.path, because: String(cString: strerror(failure)))
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw CacheError.cannotRename(into: url.path, because: String(cString: strerror(errno)))
            }
        } catch let error as CacheError {
            try? fileManager.removeItem(at: temporary)
            throw error
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw CacheError.cannotWrite(directory.path, because: Self.reason(error))
        }
    }

    /// Writes `data` with POSIX calls; returns 0 or the `errno` of the failure, so the warning
    /// says why in the OS's words (`No space left on device`) rather than in Foundation's.
    private static func writeFile(_ data: Data, to path: String) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return errno }
        var failure = data.withUnsafeBytes { write($0, to: descriptor) }
        if close(descriptor) != 0 && failure == 0 && errno != EINTR { failure = errno }
        return failure
    }

    /// Writes all of `bytes` to `descriptor`; returns 0 or the `errno` of the failure.
    private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    // MARK: Maintenance

    /// Every entry, with the bytes of its blobs.
    public func entries() -> [(entry: CacheEntry, bytes: Int)] {
        let root = directory.appendingPathComponent("entries")
        guard let enumerator = fileManager.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(CacheEntry, Int)] = []
        for case let url as URL in enumerator where url.pathExtension == "json" {
            guard let data = fileManager.contents(atPath: url.path),
                let entry = try? JSONCoding.decode(CacheEntry.self, from: data)
            else { continue }
            found.append((entry, entry.outputs.values.reduce(0) { $0 + $1.byteCount }))
        }
        return found.sorted { $0.0.key < $1.0.key }
    }

    /// Removes the entries not in `keep`, then the blobs no remaining entry names, and stale
    /// temporary files. Returns the number of entries and bytes removed.
    @discardableResult
    public func collectGarbage(keeping keep: Set<String>) -> (entries: Int, bytes: Int) {
        var removedEntries = 0
        var live = Set<String>()
        for (entry, _) in entries() {
            if keep.contains(entry.key) {
                live.formUnion(entry.outputs.values.map(\.digest))
            } else {
                try? fileManager.removeItem(at: entryURL(entry.key))
                removedEntries += 1
            }
        }
        var removedBytes = 0
        let objects = directory.appendingPathComponent("objects")
        if let enumerator = fileManager.enumerator(
            at: objects, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        {
            for case let url as URL in enumerator where !live.contains(url.lastPathComponent) {
                let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
                guard values?.isRegularFile == true else { continue }
                removedBytes += values?.fileSize ?? 0
                try? fileManager.removeItem(at: url)
            }
        }
        let tmp = directory.appendingPathComponent("tmp")
        for name in (try? fileManager.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            try? fileManager.removeItem(at: tmp.appendingPathComponent(name))
        }
        return (removedEntries, removedBytes)
    }

    /// Removes everything.
    public func clear() throws(CacheError) {
        for sub in ["entries", "objects", "tmp"] {
            let url = directory.appendingPathComponent(sub)
            do {
                try? fileManager.removeItem(at: url)
                try fileManager.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw CacheError.cannotClear(url.path, because: Self.reason(error))
            }
        }
        try? fileManager.removeItem(at: directory.appendingPathComponent("files.json"))
    }

    static func reason(_ error: Error) -> String {
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}
