/// A learned replacement for missing values.
public enum FillValue: Sendable, Hashable, Codable {
    case number(Double)
    case string(String)
}
