// Release harness for scripts/bench_drift.sh: times QuireEngine's Drift.compare on two frames
// of raw little-endian float64 columns (column-major, `columns` × `rows`).
//
//   DriftBench REFERENCE.bin CURRENT.bin ROWS COLUMNS METHOD   (METHOD: auto, ks, wasserstein, psi, jensen_shannon)
// Prints one JSON line: seconds, CPU seconds, drifted columns.
import Foundation
import QuireEngine

func readFrame(_ path: String, rows: Int, columns: Int) throws -> Frame {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var result: [Column] = []
    data.withUnsafeBytes { raw in
        let doubles = raw.bindMemory(to: Double.self)
        for c in 0..<columns {
            result.append(Column(name: String(format: "x%02d", c), numbers: Array(doubles[(c * rows)..<((c + 1) * rows)])))
        }
    }
    return try Frame(columns: result)
}

let arguments = CommandLine.arguments
let rows = Int(arguments[3])!, columns = Int(arguments[4])!
let reference = try readFrame(arguments[1], rows: rows, columns: columns)
let current = try readFrame(arguments[2], rows: rows, columns: columns)
let method = arguments[5] == "auto" ? nil : DriftMethod(rawValue: arguments[5])!
let wallClock = ContinuousClock()
let cpuStart = clock_t(clock())
let start = wallClock.now
let result = try Drift.compare(reference: reference, current: current, options: DriftOptions(method: method))
let elapsed = start.duration(to: wallClock.now)
let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("{\"seconds\": \(seconds), \"cpu_seconds\": \(cpu), \"drifted\": \(result.driftedCount), \"first\": \(result.columns[0].score ?? .nan)}")
