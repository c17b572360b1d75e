import Testing

extension Tag {
    /// Suites that take more than a few seconds on two cores: they start the binary many times,
    /// train many models or fuzz. `swift test --skip tag:slow` (scripts/test.sh --quick) leaves
    /// them out of a quick local run; CI runs everything.
    @Tag public static var slow: Self
}
