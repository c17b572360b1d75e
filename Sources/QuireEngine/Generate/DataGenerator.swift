/// Seeded synthetic data (`generate`): the same seed gives the same frame, bit for bit, on every
/// machine.
///
/// Every random draw comes from one ``Xoshiro256StarStar`` stream, in the documented order, and
/// uses only IEEE-754 `+ - * /` and `sqrt` (normals by ``Xoshiro256StarStar/nextNormal()``), so no
/// platform math library is involved. Features are named `x00`, `x01`, … (at least two digits) and
/// the label or target column `target`. docs/engine.md, "Synthetic data", gives the algorithms.
public enum DataGenerator {
    /// Gaussian clusters on the vertices of a hypercube, one or more per class (scikit-learn's
    /// `make_classification`).
    ///
    /// Draw order: cluster vertices (distinct integers below `2^informative`, one per cluster;
    /// bit `j` set means coordinate `+class_sep`, else `-class_sep`); then per cluster an
    /// `informative × informative` matrix of uniforms in `[-1, 1)` (row-major); then an
    /// `informative × redundant` matrix of uniforms in `[-1, 1)`; then per row in cluster order
    /// `informative` normals (multiplied by the cluster's matrix, plus its vertex) and
    /// `features - informative - redundant` noise normals; redundant features are the row's
    /// informative values times the redundant matrix. Cluster `k` has class `k mod classes`;
    /// rows are split evenly, the first `samples mod clusters` clusters getting one more. Then per
    /// row one uniform: below `flip_y` the label is replaced by a uniform class. Last, when
    /// `shuffle`, a Fisher–Yates shuffle of the rows.
    ///
    /// - Throws: ``FrameError`` `invalidArgument` for inconsistent parameters.
    public static func classification(_ spec: ClassificationSpec, seed: UInt64) throws -> Frame {
        let clusters = spec.classes * spec.clustersPerClass
        try require(spec.samples >= 1, "n_samples must be at least 1", argument: "n_samples")
        try require(spec.informative >= 1, "n_informative must be at least 1", argument: "n_informative")
        try require(spec.classes >= 2, "n_classes must be at least 2", argument: "n_classes")
        try require(spec.clustersPerClass >= 1, "n_clusters_per_class must be at least 1")
        try require(
            spec.redundant >= 0 && spec.informative + spec.redundant <= spec.features,
            "n_informative + n_redundant (\(spec.informative + spec.redundant)) must not exceed n_features (\(spec.features))",
            argument: "n_informative")
        try require(
            spec.informative < 63 && clusters <= 1 << spec.informative,
            "n_classes × n_clusters_per_class (\(clusters)) must be at most 2^n_informative", argument: "n_classes")
        try require(spec.flipY >= 0 && spec.flipY <= 1, "flip_y must be between 0 and 1", argument: "flip_y")
        try require(spec.classSep.isFinite, "class_sep must be a finite number", argument: "class_sep")
        try requireMemory(samples: spec.samples, features: spec.features)
        var random = Xoshiro256StarStar(seed: seed)
        let progress = EngineWork.beginProgress("generate", unit: "rows", total: spec.samples)
        defer { progress?.end() }
        let inf = spec.informative
        var vertices: [UInt64] = []
        var used = Set<UInt64>()
        while vertices.count < clusters {
            let vertex = random.nextInt(below: 1 << UInt64(inf))
            if used.insert(vertex).inserted { vertices.append(vertex) }
        }
        let mixing = (0..<clusters).map { _ in (0..<(inf * inf)).map { _ in random.nextUniform(in: -1, 1) } }
        let redundancy = (0..<(inf * spec.redundant)).map { _ in random.nextUniform(in: -1, 1) }
        let noiseCount = spec.features - inf - spec.redundant
        let n = spec.samples
        var columns = [[Double]](repeating: [Double](repeating: 0, count: n), count: spec.features)
        var labels = [Double](repeating: 0, count: n)
        var row = 0
        var z = [Double](repeating: 0, count: inf)
        for cluster in 0..<clusters {
            let size = n / clusters + (cluster < n % clusters ? 1 : 0)
            for _ in 0..<size {
                if row & 0xFFF == 0 {
                    try EngineWork.checkCancellation()
                    if row > 0 { progress?.advance(by: 0x1000) }
                }
                for j in 0..<inf { z[j] = random.nextNormal() }
                for j in 0..<inf {
                    var value = 0.0
                    for i in 0..<inf { value += z[i] * mixing[cluster][i * inf + j] }
                    let bit = (vertices[cluster] >> UInt64(j)) & 1
                    columns[j][row] = value + (bit == 1 ? spec.classSep : -spec.classSep)
                }
                for r in 0..<spec.redundant {
                    var value = 0.0
                    for i in 0..<inf { value += columns[i][row] * redundancy[i * spec.redundant + r] }
                    columns[inf + r][row] = value
                }
                for k in 0..<noiseCount { columns[inf + spec.redundant + k][row] = random.nextNormal() }
                labels[row] = Double(cluster % spec.classes)
                row += 1
            }
        }
        for i in 0..<n where random.nextUniform() < spec.flipY {
            labels[i] = Double(random.nextInt(below: UInt64(spec.classes)))
        }
        let frame = try assemble(columns, target: labels, shuffle: spec.shuffle, random: &random)
        progress?.complete()
        return frame
    }

    /// A linear target of Gaussian features (scikit-learn's `make_regression`).
    ///
    /// Draw order: coefficients `100 × uniform[0, 1)` for the first `informative` features (the
    /// others are 0); then per row `features` normals and, when `noise > 0`, one noise normal.
    /// `target = bias + Σ x_j c_j + noise × z`, summed in feature order. No shuffle (rows are
    /// independent draws already).
    ///
    /// - Throws: ``FrameError`` `invalidArgument` for inconsistent parameters.
    public static func regression(_ spec: RegressionSpec, seed: UInt64) throws -> Frame {
        try require(spec.samples >= 1, "n_samples must be at least 1", argument: "n_samples")
        try require(spec.features >= 1, "n_features must be at least 1", argument: "n_features")
        try require(
            spec.informative >= 0 && spec.informative <= spec.features,
            "n_informative must be between 0 and n_features",
            argument: "n_informative")
        try require(spec.noise.isFinite && spec.noise >= 0, "noise must be a finite number ≥ 0", argument: "noise")
        try requireMemory(samples: spec.samples, features: spec.features)
        var random = Xoshiro256StarStar(seed: seed)
        let progress = EngineWork.beginProgress("generate", unit: "rows", total: spec.samples)
        defer { progress?.end() }
        let coefficients = (0..<spec.features).map { j in j < spec.informative ? 100 * random.nextUniform() : 0 }
        var columns = [[Double]](repeating: [Double](repeating: 0, count: spec.samples), count: spec.features)
        var target = [Double](repeating: 0, count: spec.samples)
        for i in 0..<spec.samples {
            if i & 0xFFF == 0 {
                try EngineWork.checkCancellation()
                if i > 0 { progress?.advance(by: 0x1000) }
            }
            var y = spec.bias
            for j in 0..<spec.features {
                let x = random.nextNormal()
                columns[j][i] = x
                y += x * coefficients[j]
            }
            if spec.noise > 0 { y += spec.noise * random.nextNormal() }
            target[i] = y
        }
        let frame = try assemble(columns, target: target, shuffle: false, random: &random)
        progress?.complete()
        return frame
    }

    /// Isotropic Gaussian clusters (scikit-learn's `make_blobs`); `target` is the cluster index.
    ///
    /// Draw order: `centers × features` uniforms in the centre box (row-major); then per row in
    /// cluster order `features` normals (`centre + cluster_std × z`); rows are split evenly, the
    /// first `samples mod centers` clusters getting one more; then a Fisher–Yates shuffle.
    ///
    /// - Throws: ``FrameError`` `invalidArgument` for inconsistent parameters.
    public static func blobs(_ spec: BlobsSpec, seed: UInt64) throws -> Frame {
        try require(
            spec.samples >= 1 && spec.features >= 1 && spec.centers >= 1,
            "n_samples, n_features and centers must be at least 1")
        try require(
            spec.clusterStd.isFinite && spec.clusterStd >= 0, "cluster_std must be a finite number ≥ 0",
            argument: "cluster_std")
        try requireMemory(samples: spec.samples, features: spec.features)
        try require(spec.centerBoxLow < spec.centerBoxHigh, "center_box_low must be below center_box_high")
        var random = Xoshiro256StarStar(seed: seed)
        let progress = EngineWork.beginProgress("generate", unit: "rows", total: spec.samples)
        defer { progress?.end() }
        let centres = (0..<(spec.centers * spec.features)).map { _ in
            random.nextUniform(in: spec.centerBoxLow, spec.centerBoxHigh)
        }
        var columns = [[Double]](repeating: [Double](repeating: 0, count: spec.samples), count: spec.features)
        var labels = [Double](repeating: 0, count: spec.samples)
        var row = 0
        for cluster in 0..<spec.centers {
            let size = spec.samples / spec.centers + (cluster < spec.samples % spec.centers ? 1 : 0)
            for _ in 0..<size {
                if row & 0xFFF == 0 {
                    try EngineWork.checkCancellation()
                    if row > 0 { progress?.advance(by: 0x1000) }
                }
                for j in 0..<spec.features {
                    columns[j][row] = centres[cluster * spec.features + j] + spec.clusterStd * random.nextNormal()
                }
                labels[row] = Double(cluster)
                row += 1
            }
        }
        let frame = try assemble(columns, target: labels, shuffle: true, random: &random)
        progress?.complete()
        return frame
    }

    /// The names of `count` feature columns: `x00`, `x01`, … with at least two digits.
    public static func featureNames(_ count: Int) -> [String] {
        let width = max(2, String(max(0, count - 1)).count)
        return (0..<count).map { i in
            let digits = String(i)
            return "x" + String(repeating: "0", count: width - digits.count) + digits
        }
    }

    private static func require(_ condition: Bool, _ message: String, argument: String? = nil) throws {
        guard condition else {
            throw FrameError(.invalidArgument, message, hint: "adjust the generate parameters", argument: argument)
        }
    }

    /// Refuses, before allocating, a frame (features and target) above ``MemoryBudget``.
    private static func requireMemory(samples: Int, features: Int) throws {
        let columns = features.addingReportingOverflow(1)
        guard columns.overflow || !MemoryBudget.fits(rows: samples, columns: columns.partialValue) else { return }
        let bytes = MemoryBudget.tableBytes(rows: samples, columns: columns.overflow ? .max : columns.partialValue)
        throw FrameError(
            .invalidArgument,
            "\(samples) rows × \(features) features would take \(MemoryBudget.text(bytes)), "
                + "above the \(MemoryBudget.text(MemoryBudget.bytes)) memory budget",
            hint: "lower n_samples or n_features", argument: "n_samples")
    }

    private static func assemble(
        _ columns: [[Double]], target: [Double], shuffle: Bool, random: inout Xoshiro256StarStar
    ) throws -> Frame {
        let names = featureNames(columns.count)
        var frame = try Frame(
            columns: zip(names, columns).map { Column(name: $0, numbers: $1) } + [
                Column(name: "target", numbers: target)
            ])
        if shuffle {
            var order = Array(0..<frame.rowCount)
            random.shuffle(&order)
            frame = frame.rows(order)
        }
        return frame
    }
}
