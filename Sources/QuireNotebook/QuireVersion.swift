/// The version of Quire, printed by `quire --version` and recorded in every report.
public enum QuireVersion {
    public static let string = "0.1.0"
}
