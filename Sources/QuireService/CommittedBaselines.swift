import Foundation
import QuireHistory
import QuireRunner
import QuireSupport

/// Baselines from git: `against: {git: REF}` reads the JSON summary committed at REF in the
/// output directory (`git show REF:reports/NAME.json`), the file `quire run --reproducible`
/// writes and CI commits. `against: previous` has no baseline here (it needs the run history).
///
/// Git runs in the notebook's repository with no pager, prompt, signature check or file-system
/// monitor hook, as for a reproducible report's date.
public struct CommittedBaselines: BaselineSource {
    /// The output directory, as the run was given it (relative to the working directory).
    public var outputDirectory: String

    /// Baselines from the summaries committed in `outputDirectory`.
    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    /// The summary at `git REF`'s values; nil for `previous`.
    ///
    /// - Throws: ``BaselineError`` when git is missing, the notebook is not in a repository, the
    ///   ref does not resolve to a commit, the commit has no such report, or it cannot be read.
    public func baseline(_ reference: BaselineReference, for location: NotebookLocation) throws(BaselineError)
        -> BaselineRun?
    {
        guard case .git(let ref) = reference else { return nil }
        let directory = location.directory
        guard let top = Self.git(["rev-parse", "--show-toplevel"], in: directory).map(Self.text) else {
            throw BaselineError(
                "'\(location.path)' is not in a git repository, so `against: {git: \(ref)}` has no baseline",
                hint: "commit the notebook and its reports, or use `against: previous`")
        }
        let root = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        guard !ref.hasPrefix("-"),
            let commit = Self.git(
                ["rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"], in: root
            )
            .map(Self.text), !commit.isEmpty
        else {
            throw BaselineError(
                "the git ref '\(ref)' does not resolve to a commit",
                hint:
                    "name a branch, tag or commit of this repository (in CI, fetch it first: `git fetch origin \(ref)`)"
            )
        }
        guard let inRepository = RunResolver.outputDirectory(outputDirectory, relativeTo: root) else {
            throw BaselineError(
                "the output directory '\(outputDirectory)' is outside the repository '\(root)'",
                hint: "write the reports inside the repository that holds their committed summaries")
        }
        let path = RunResolver.summaryPath(
            notebook: location.reportName + ".md", outputDirectory: inRepository)
        let short = String(commit.prefix(7))
        guard let shown = Self.git(["show", "\(commit):\(path)"], in: root) else {
            throw BaselineError(
                "commit \(short) ('\(ref)') has no \(path)",
                hint: "commit the report at \(ref) (`quire run --reproducible`, then `git add \(path)`)")
        }
        do {
            return BaselineRun(
                source: ref == short ? short : "\(ref) \(short)", values: try Self.values(ofSummary: shown))
        } catch {
            throw BaselineError(
                "\(path) at \(ref) (\(short)) is not a JSON summary: \(error.message)",
                hint: "commit the summary `quire run` writes")
        }
    }

    /// Why a summary cannot be read.
    struct SummaryError: Error {
        var message: String
    }

    /// The numbers of a JSON summary by `STEP.NAME` (see ``BaselineRun/values``): each step's
    /// `metrics`, an `assert` step's rows (`gate.roc_auc`, the first row of each metric), and
    /// each output's `scalars` as `STEP.OUTPUT.NAME`. Numbers spelt `"nan"` are left out.
    static func values(ofSummary data: Data) throws(SummaryError) -> [String: Double] {
        // Read as JSONValue, whose numbers are exact (Foundation's JSONSerialization rounds the
        // last digit of some doubles on Linux, and a gate compares them exactly).
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw SummaryError(message: "it does not parse")
        }
        guard case .object(let summary) = root, case .array(let steps)? = summary["steps"] else {
            throw SummaryError(message: "it has no `steps`")
        }
        var values: [String: Double] = [:]
        func number(_ value: JSONValue?) -> Double? {
            switch value {
            case .integer(let number)?: Double(number)
            case .number(let number)?: number
            default: nil
            }
        }
        func members(_ value: JSONValue?) -> [String: JSONValue] {
            if case .object(let members)? = value { members } else { [:] }
        }
        for case .object(let step) in steps {
            guard case .string(let id)? = step["id"] else { continue }
            for (output, object) in members(step["outputs"]) {
                for (name, value) in members(members(object)["scalars"]) {
                    if let number = number(value) { values["\(id).\(output).\(name)"] = number }
                }
            }
            for (name, value) in members(step["metrics"]) {
                if let number = number(value) { values["\(id).\(name)"] = number }
            }
            if step["op"] == .string("assert"), case .array(let rows)? = step["monitor"] {
                for case .object(let row) in rows {
                    guard case .string(let subject)? = row["subject"], values["\(id).\(subject)"] == nil,
                        let number = number(row["value"])
                    else { continue }
                    values["\(id).\(subject)"] = number
                }
            }
        }
        return values
    }

    /// What `git ARGUMENTS` printed in `directory`, or nil when git is missing or refuses.
    static func git(_ arguments: [String], in directory: String) -> Data? {
        guard let output = Git.run(arguments, in: directory), output.status == 0 else { return nil }
        return output.stdout
    }

    /// Output as text, without the trailing newline.
    static func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
