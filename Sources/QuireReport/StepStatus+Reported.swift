import QuireRunner

extension StepStatus {
    /// The status as every output of a run reports it: under `--reproducible` a cached step is
    /// `ok`, so the report, the summary and the metrics are the same bytes whatever the cache held.
    func reported(reproducible: Bool) -> StepStatus {
        reproducible && self == .cached ? .ok : self
    }
}
