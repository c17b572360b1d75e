import QuireNotebook

/// Everything a step's cache key is made of, kept so that `quire explain` can say which part
/// changed since the last run.
///
/// The key is SHA-256 over a canonical text of these components: the cache format version, the
/// engine version, the op, every parameter (references replaced by the digest of the value they
/// refer to, so renaming a step or re-running an upstream step that yields the same bytes changes
/// nothing), and the content digest of every file the step reads. Display options, `needs`,
/// `when`, `title` and `timeout` are not part of it: they do not change what a step computes.
public struct KeyComponents: Codable, Sendable, Hashable {
    /// Bump when the key text, the entry layout or an encoded value's layout changes.
    /// 5: frames are stored in version 2 of the binary format (a checksum per column).
    public static let formatVersion = 5
    /// Bump when the engine may compute different bytes for the same inputs (a faster algorithm
    /// that sums in another order is enough), so that no cache entry from before is reused.
    /// 2: SIMD and C kernels for models, bucketed drift statistics.
    /// 3: evaluations store ROC and precision–recall curves simplified to within 1/1000 (a few
    /// hundred points instead of one per distinct score), so an evaluation's bytes change.
    /// 4: `load` reads columns of ISO 8601 dates as date columns instead of text; an unknown
    /// escape in an expression's string keeps its backslash (`"\d"` is `\d`, was `d`), so a
    /// `filter` or `derive` with one may compute other values.
    /// 5: `join` outputs a `matches` table beside its frame.
    /// 6: `tune`'s results hold numeric hyperparameters as numbers, not text.
    /// 7: `derive` outputs a `transform` (its expressions, for `export`) beside its frame.
    /// 8: a stored ROC or precision–recall curve keeps at most 4,000 points (its tolerance doubles
    /// until it fits), so an evaluation of an adversarial curve may store fewer points.
    /// 9: two-class logistic regression computes its loss and probabilities with the C kernels'
    /// own exponential and logarithm (vectorised; the loss and probability within a few ulps of
    /// glibc's), so its coefficients may differ in the last digits.
    public static let engineRevision = 9
    /// The engine's version: a new engine may compute different bytes.
    public static let engineVersion = "quire-engine/\(QuireVersion.string)-r\(engineRevision)"

    /// The cache format version the key was made with (``formatVersion``).
    public var format: Int
    /// The engine version the key was made with (``engineVersion``).
    public var engine: String
    /// The step's op name.
    public var op: String
    /// Canonical text of each parameter, by name.
    public var parameters: [String: String]
    /// Digest of each input value, by reference (`split.train`).
    public var inputs: [String: String]
    /// Content digest of each file read, by path as written.
    public var files: [String: String]

    /// Components for the current format and engine version.
    public init(op: String, parameters: [String: String], inputs: [String: String], files: [String: String]) {
        self.format = Self.formatVersion
        self.engine = Self.engineVersion
        self.op = op
        self.parameters = parameters
        self.inputs = inputs
        self.files = files
    }

    /// The key: hex SHA-256 of the canonical text.
    public var key: String {
        var text = "quire-cache/\(format)\nengine \(engine)\nop \(op)\n"
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) { text += "param \(name) \(value)\n" }
        for (path, digest) in files.sorted(by: { $0.key < $1.key }) {
            text += "file \(ParameterValue.quoted(path)) \(digest)\n"
        }
        return Digest.sha256(text)
    }

    /// What differs from `previous`, in words: `parameter test_size`, `input split.train`, …
    public func changes(since previous: KeyComponents) -> [String] {
        var changes: [String] = []
        if format != previous.format { changes.append("cache format \(previous.format) → \(format)") }
        if engine != previous.engine { changes.append("engine \(previous.engine) → \(engine)") }
        if op != previous.op { changes.append("operation \(previous.op) → \(op)") }
        for name in Set(parameters.keys).union(previous.parameters.keys).sorted()
        where parameters[name] != previous.parameters[name] {
            changes.append("parameter \(name)")
        }
        for reference in Set(inputs.keys).union(previous.inputs.keys).sorted()
        where inputs[reference] != previous.inputs[reference] {
            changes.append("input \(reference)")
        }
        for path in Set(files.keys).union(previous.files.keys).sorted() where files[path] != previous.files[path] {
            changes.append("file \(path)")
        }
        return changes
    }
}
