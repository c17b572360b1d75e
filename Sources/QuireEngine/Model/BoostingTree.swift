/// One regression tree of a gradient-boosting model: `x[feature] <= threshold` goes left, a
/// missing value goes where ``missingLeft`` says; leaves hold the (shrunk) raw-score update.
struct BoostingTree: Sendable, Hashable, Codable {
    var features: [Int32]
    var thresholds: [Double]
    var missingLeft: [Bool]
    var left: [Int32]
    var right: [Int32]
    var values: [Double]

    @inline(__always)
    func value(_ v: UnsafeBufferPointer<Double>, _ base: Int) -> Double {
        var node = 0
        while features[node] >= 0 {
            let x = v[base + Int(features[node])]
            let goLeft = x.isNaN ? missingLeft[node] : x <= thresholds[node]
            node = goLeft ? Int(left[node]) : Int(right[node])
        }
        return values[node]
    }
}
