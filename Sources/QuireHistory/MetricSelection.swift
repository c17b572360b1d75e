import QuireSupport

/// The metrics a command names (`--metric roc_auc`, `--metric eval.roc_auc`), found in runs.
public enum MetricSelection {
    /// The `step.metric` keys `names` select among what `runs` measured, in the order the runs
    /// first have them: a bare name selects it in every step, `step.metric` that one. Without
    /// names, the headline metrics.
    ///
    /// - Throws: ``HistoryError/unknownMetric(_:notebook:suggestion:)`` for a name no run has,
    ///   with the closest one.
    public static func keys(_ names: [String], in runs: [RunSnapshot], notebook: String) throws(HistoryError)
        -> [String]
    {
        var known: [String] = []
        var seen: Set<String> = []
        for run in runs {
            for metric in run.metrics where seen.insert(metric.key).inserted { known.append(metric.key) }
        }
        if names.isEmpty {
            var headline: [String] = []
            for run in runs {
                for metric in run.headlineMetrics where !headline.contains(metric.key) { headline.append(metric.key) }
            }
            return headline
        }
        var keys: [String] = []
        for name in names {
            let matching = known.filter { $0 == name || $0.hasSuffix("." + name) && !name.contains(".") }
            guard !matching.isEmpty else {
                let bare = Set(known.map { String($0.split(separator: ".", maxSplits: 1).last ?? "") })
                let candidates = name.contains(".") ? known : bare.sorted()
                throw .unknownMetric(
                    name, notebook: notebook, suggestion: Suggestion.didYouMean(name, among: candidates))
            }
            for key in matching where !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
