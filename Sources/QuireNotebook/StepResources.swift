/// `resources:` — what a step asks of the machine that runs it, for engines that place steps on
/// machines (Argo Workflows, Dask). Quire itself does not use it, and it is no part of a cache key.
///
/// Written as Kubernetes quantities: `cpu` in cores (`2`, `0.5`, `500m`), `memory` in bytes with
/// an optional suffix (`512Mi`, `4Gi`, `1G`), `gpu` a whole number of devices.
public struct StepResources: Hashable, Sendable {
    /// CPU cores, as written (a Kubernetes quantity).
    public var cpu: String?
    /// Memory, as written (a Kubernetes quantity).
    public var memory: String?
    /// GPUs.
    public var gpu: Int?

    /// The names `resources:` takes.
    public static let names = ["cpu", "memory", "gpu"]

    /// Resources with nothing asked.
    public init(cpu: String? = nil, memory: String? = nil, gpu: Int? = nil) {
        self.cpu = cpu
        self.memory = memory
        self.gpu = gpu
    }

    /// Whether `text` is a quantity Kubernetes accepts: a non-negative decimal number with an
    /// optional binary (`Ki` … `Ei`) or decimal (`m`, `k`, `M` … `E`) suffix, or an exponent.
    public static func isQuantity(_ text: String) -> Bool {
        var digits = Substring(text)
        for suffix in ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "m", "k", "M", "G", "T", "P", "E"]
        where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            break
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !digits.isEmpty, parts.count <= 2, !parts[0].isEmpty else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
    }
}

extension StepReader {
    /// `resources: {cpu: 2, memory: 4Gi, gpu: 1}`.
    mutating func readResources(_ node: YAMLNode) -> Located<StepResources>? {
        let hint = "write e.g. `resources: {cpu: 2, memory: 4Gi}` (Kubernetes quantities; `gpu` a whole number)"
        guard let pairs = node.pairs else {
            diagnostics.append(
                .error(
                    .reservedKeyType, "'resources' must be a mapping, not \(node.kindDescription)", at: node.range,
                    hint: hint))
            return nil
        }
        var resources = StepResources()
        var valid = true
        for pair in pairs {
            let name = pair.key.scalar?.text ?? ""
            let value = pair.value
            let text = value.scalar.map(\.text) ?? ""
            switch name {
            case "cpu"
            where value.double.map { $0 > 0 && $0.isFinite } == true
                || (value.string.map(StepResources.isQuantity) == true):
                resources.cpu = text
            case "memory" where value.int.map { $0 > 0 } == true || value.string.map(StepResources.isQuantity) == true:
                resources.memory = text
            case "gpu" where value.int.map { $0 >= 0 } == true:
                resources.gpu = value.int
            case "cpu", "memory", "gpu":
                valid = false
                let expected =
                    name == "gpu"
                    ? "a whole number of devices"
                    : "a quantity such as \(name == "cpu" ? "`2` or `500m`" : "`512Mi` or `4Gi`")"
                diagnostics.append(
                    .error(
                        .reservedKeyType, "'resources.\(name)' must be \(expected), not '\(text)'", at: value.range,
                        hint: hint))
            default:
                valid = false
                let suggestion = Suggestion.didYouMean(name, among: StepResources.names)
                diagnostics.append(
                    .error(
                        .reservedKeyType, "'resources' has no '\(name)'", at: pair.key.range,
                        hint: suggestion ?? "give cpu, memory or gpu"))
            }
        }
        return valid ? Located(resources, at: node.range) : nil
    }
}
