// Release harness for scripts/bench_models.sh: fits and predicts each algorithm on a CSV with a
// stratified (classification) or random 80/20 split (seed 42), printing one JSON line per
// algorithm: fit and predict seconds (median of runs) and the test metric.
//
//   ModelBench FILE.csv TASK(classification|regression) THREADS ALGORITHM[,ALGORITHM...] [RUNS]
import Dispatch
import Foundation
import QuireEngine

let arguments = CommandLine.arguments
guard arguments.count >= 5 else {
    print("usage: ModelBench FILE.csv classification|regression THREADS ALGORITHMS [RUNS]")
    exit(2)
}
let path = arguments[1]
let task = ModelTask(rawValue: arguments[2])!
let threads = Int(arguments[3])!
let algorithms = arguments[4].split(separator: ",").map { Algorithm(rawValue: String($0))! }
let runs = arguments.count > 5 ? Int(arguments[5])! : 3

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let frame = try CSVReader.read(contentsOf: path, options: CSVOptions())
let split = try frame.split(
    SplitOptions(testSize: 0.2, seed: 42, stratify: task == .classification ? "target" : nil))
for algorithm in algorithms {
    var spec = ModelSpec(algorithm: algorithm, task: algorithm == .kmeans ? .clustering : task, target: "target", seed: 0)
    var train = split.train
    var test = split.test
    if algorithm == .kmeans {
        spec.target = nil
        train = try train.dropping(["target"])
        test = try test.dropping(["target"])
    }
    if algorithm == .logisticRegression { spec.hyperparameters["max_iter"] = .int(1000) }
    if algorithm == .randomForest, let trees = ProcessInfo.processInfo.environment["FOREST_TREES"].flatMap(Int.init) {
        spec.hyperparameters["n_estimators"] = .int(trees)
    }
    var fits: [Double] = [], predicts: [Double] = []
    var model: TrainedModel?
    for _ in 0..<runs {
        fits.append(try seconds { model = try ModelTrainer.fit(spec, on: train, threads: threads) })
        predicts.append(try seconds { _ = try model!.predict(test, threads: threads) })
    }
    let metric: String
    if algorithm == .kmeans {
        metric = "\"inertia_train\": \(model!.summary.inertia!)"
    } else {
        let name = task == .classification ? "accuracy" : "r2"
        metric = "\"\(name)\": \(try Evaluation.score(model: model!, frame: test, metric: name, threads: threads))"
    }
    fits.sort()
    predicts.sort()
    print(
        "{\"algorithm\": \"\(algorithm.rawValue)\", \"rows\": \(frame.rowCount), \"threads\": \(threads), \"fit_s\": \(fits[fits.count / 2]), \"predict_s\": \(predicts[predicts.count / 2]), \(metric), \"iterations\": \(model!.summary.iterations ?? 0)}"
    )
}
