import CQuireBuild
import QuireNotebook
import QuireRunner

/// What `quire --version` prints: the version, the engine revision (which keys the cache) and the
/// commit built from.
enum BuildInfo {
    /// The git commit, as `QUIRE_COMMIT` gave it to the build (`scripts/run.sh` and
    /// `scripts/test.sh` set it), or `unknown`.
    static var commit: String { String(cString: quire_build_commit()) }

    /// `quire 0.1.0 (quire-engine/0.1.0-r2, commit 1a2b3c4d5e6f)`.
    static var version: String {
        "quire \(QuireVersion.string) (\(KeyComponents.engineVersion), commit \(commit))"
    }
}
