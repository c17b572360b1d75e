import Foundation
import Synchronization

/// The model being served, swapped whole on reload: a request takes ``current`` once and uses
/// that model throughout, so it sees the old model or the new one, never a mixture.
final class ModelStore: Sendable {
    /// The model file.
    let path: String
    private let metrics: ServeMetrics
    private let loaded: Mutex<LoadedModel>
    /// The file version last tried (loaded or refused), so a bad file is reported once, not every
    /// second; serialises reloads too.
    private let lastTried: Mutex<FileIdentity>

    /// Loads the model at `path`.
    ///
    /// - Throws: ``ServeError/model(path:message:)``.
    init(path: String, metrics: ServeMetrics) throws {
        self.path = path
        self.metrics = metrics
        let model = try LoadedModel(path: path)
        loaded = Mutex(model)
        lastTried = Mutex(model.identity)
    }

    /// The model to answer a request with.
    var current: LoadedModel { loaded.withLock { $0 } }

    /// Reads the file again and swaps the model in when it loads; when it does not, keeps the
    /// model being served and says why on standard error (and in the reload-failure metric).
    ///
    /// - Parameter onlyIfChanged: reload only when the file is not the version last tried (the
    ///   poll), rather than always (`SIGHUP`).
    func reload(onlyIfChanged: Bool) {
        lastTried.withLock { tried in
            let identity = FileIdentity(path: path)
            if onlyIfChanged, identity == tried { return }
            tried = identity
            do {
                let model = try LoadedModel(path: path)
                loaded.withLock { $0 = model }
                metrics.reloaded(true)
                Self.note("reloaded \(path) (sha256 \(model.digest))")
            } catch {
                metrics.reloaded(false)
                let digest = current.digest
                Self.note("warning: \(error) — still serving the previous model (sha256 \(digest))")
            }
        }
    }

    /// Checks the file's device, inode, size and modification time every `interval` seconds on a
    /// thread of its own and reloads when they change, until `stop` says so.
    func watch(every interval: Double, until stop: @escaping @Sendable () -> Bool) {
        let thread = Thread { [self] in
            while !stop() {
                usleep(useconds_t(interval * 1_000_000))
                if stop() { return }
                reload(onlyIfChanged: true)
            }
        }
        thread.name = "quire-model-watch"
        thread.start()
    }

    /// A line on standard error.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
