import Foundation
import QuireSupport
import Synchronization

/// Content digests of the files steps read, memoised by (path, size, mtime, inode) so that a
/// warm run does not read the data again.
///
/// The memo is `files.json` in the cache, or `.quire/files.json` in the project when there is no
/// cache (`--no-cache`: step outputs are neither read nor written, but an unchanged data file is
/// not hashed again); a changed size, modification time or inode means the file is read and hashed
/// again. Reads stream the file in 1 MiB chunks.
public final class FileDigests: Sendable {
    struct Stamp: Codable, Hashable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
        var digest: String
    }

    private struct Memo {
        var stamps: [String: Stamp]
        var changed = false
    }

    private let memoURL: URL?
    private let memo: Mutex<Memo>

    /// A memo stored in the file `memo` (none when nil).
    public init(memo url: URL?) {
        memoURL = url
        if let memoURL, let data = FileManager.default.contents(atPath: memoURL.path),
            let stamps = try? JSONCoding.decode([String: Stamp].self, from: data)
        {
            memo = Mutex(Memo(stamps: stamps))
        } else {
            memo = Mutex(Memo(stamps: [:]))
        }
    }

    /// The SHA-256 of the file at the absolute `path`.
    public func digest(ofFile path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let cause = String(cString: strerror(errno))
            throw CacheError(.unreadableFile, cause.lowercased(), path: path, cause: cause)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw CacheError(.unreadableFile, "not a regular file", path: path)
        }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let size = Int64(info.st_size)
        let inode = UInt64(info.st_ino)
        let known = memo.withLock { $0.stamps[path] }
        if let known, known.size == size, known.modified == modified, known.inode == inode {
            return known.digest
        }
        let digest = try Self.hash(path)
        memo.withLock {
            $0.stamps[path] = Stamp(size: size, modified: modified, inode: inode, digest: digest)
            $0.changed = true
        }
        return digest
    }

    static func hash(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CacheError(.unreadableFile, "cannot open", path: path)
        }
        defer { try? handle.close() }
        var hasher = SHA256Stream()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(chunk)
        }
        return hasher.finish()
    }

    /// Writes the memo back if it changed (best effort: the memo is only a shortcut).
    public func save() {
        // The lock is held while writing, so two saves never interleave.
        memo.withLock { memo in
            guard memo.changed, let memoURL, let data = try? JSONEncoder().encode(memo.stamps) else { return }
            let directory = memoURL.deletingLastPathComponent().appendingPathComponent("tmp")
            let temporary = directory.appendingPathComponent("files-\(UUID().uuidString)")
            // A full disk leaves the old memo: a partial temporary file is removed, never renamed.
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if (try? data.write(to: temporary)) == nil || rename(temporary.path, memoURL.path) != 0 {
                try? FileManager.default.removeItem(at: temporary)
            }
        }
    }
}
