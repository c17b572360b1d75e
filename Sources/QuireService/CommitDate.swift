import Foundation
import QuireHistory

/// The date of a file's last commit, as git records it: what a reproducible report is dated by
/// when `SOURCE_DATE_EPOCH` is not set.
enum CommitDate {
    /// The committer date (seconds since 1970) of the last commit that touched the file at
    /// `path`, from `git log -1 --format=%ct -- FILE` run in the file's directory; nil when git is
    /// not on `PATH`, the file is not in a repository or not committed, or git fails.
    static func lastCommit(of path: String) -> Double? {
        let file = URL(fileURLWithPath: path)
        guard
            let output = Git.run(
                ["log", "-1", "--format=%ct", "--", file.lastPathComponent],
                in: file.deletingLastPathComponent().path),
            output.status == 0
        else { return nil }
        let text = String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int64(text).map(Double.init)
    }
}
