extension TrainedModel {
    /// The names of the columns ``scoredColumns(_:threads:)`` gives: `prediction`, then, for a
    /// classifier, `probability_CLASS` per class of ``classes``.
    public var scoredColumnNames: [String] {
        ["prediction"] + (task == .classification ? classes.map { "probability_\($0)" } : [])
    }

    /// The columns `predict` adds to a frame, computed with one pass through the model: the
    /// prediction (the class label for a classifier, else the value or the cluster index) and,
    /// for a classifier, the probability of each class. The values are those of
    /// ``predictLabels(_:threads:)``, ``predict(_:threads:)`` and
    /// ``predictProbabilities(_:threads:)``, bit for bit.
    ///
    /// - Throws: ``ModelError`` as ``predict(_:threads:)``.
    public func scoredColumns(_ frame: Frame, threads: Int = 1) throws -> [Column] {
        let out = try outputs(frame, threads: threads)
        guard task == .classification else { return [Column(name: "prediction", numbers: out.values)] }
        var codes = [Int32](repeating: 0, count: out.rows)
        for i in 0..<out.rows {
            var best = 0
            for k in 1..<out.columns where out[i, k] > out[i, best] { best = k }
            codes[i] = Int32(best)
        }
        var columns = [
            Column(name: "prediction", values: .categorical(CategoricalValues(codes: codes, categories: classes)))
        ]
        for (index, label) in classes.enumerated() {
            var values = [Double](repeating: 0, count: out.rows)
            for i in 0..<out.rows { values[i] = out[i, index] }
            columns.append(Column(name: "probability_\(label)", numbers: values))
        }
        return columns
    }
}
