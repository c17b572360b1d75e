/// Notebook texts that several suites run.
public enum SampleNotebooks {
    /// Steps `reference` and `current`: two generated regression frames of 1,200 rows, the second
    /// with `x00` shifted by 4; and `drift` between them, whose shifted columns alert.
    public static let shiftedDrift = """
        ```step reference
        generate: {kind: regression, n_samples: 1200, n_features: 2, seed: 1}
        ```
        ```step current
        generate: {kind: regression, n_samples: 1200, n_features: 2, seed: 2, shift: {x00: 4}}
        ```
        ```step drift
        drift: {reference: reference, current: current}
        ```
        """

    /// Step `model`, a linear regression trained on `reference` (of ``shiftedDrift``).
    public static let modelOnReference = """
        ```step model
        train: {data: reference, algorithm: linear_regression, target: target}
        ```
        """

    /// Step `quality`: `model` (of ``modelOnReference``) evaluated on `current`.
    public static let qualityOnCurrent = """
        ```step quality
        evaluate: {model: model, data: current}
        ```
        """

    /// Front matter with `title` (written as given, so it may hold YAML quoting).
    public static func titled(_ title: String) -> String {
        "---\ntitle: \(title)\n---\n"
    }
}
