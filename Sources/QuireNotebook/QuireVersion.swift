/// The version of Quire, printed by `quire --version` and recorded in every report.
public enum QuireVersion {
    /// The semantic version, `major.minor.patch`.
    public static let string = "0.1.0"
}
