// Benchmark harness for the data-preparation ops (built in release mode by scripts/bench_prepare.sh).
//
//   PrepareBench OP DIR [--threads N]     OP: join_int, join_str, aggregate, sort
//
// Reads DIR/left.csv (and DIR/right.csv for a join) with Quire's CSV reader (not timed), runs the
// op once, and prints one JSON line as scripts/bench/prepare_peers.py does for pandas and polars:
// seconds, output shape, the bytes of the input and output columns, the resident bytes before the
// op and the peak resident bytes during it (the kernel's high-water mark, reset just before).
import Foundation
import QuireEngine

#if canImport(Glibc)
    import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// (resident bytes now, peak resident bytes since the last reset) from /proc/self/status.
func memory() -> (resident: Int, peak: Int) {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    var fields: [String: Int] = [:]
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "VmRSS" || parts[0] == "VmHWM" else { continue }
        let number = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "0"
        fields[String(parts[0])] = (Int(number) ?? 0) * 1024
    }
    return (fields["VmRSS"] ?? 0, fields["VmHWM"] ?? 0)
}

/// Starts the peak (VmHWM) afresh, so that the op's own peak is measured, not the read's.
func resetPeak() {
    if let refs = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
        refs.write(Data("5".utf8))
        try? refs.close()
    }
}

/// The bytes a frame's columns hold: 8 per number, 4 per text code plus the category strings.
func columnBytes(_ frame: Frame) -> Int {
    frame.columns.reduce(0) { total, column in
        switch column.values {
        case .categorical(let strings): total + strings.codes.count * 4 + strings.categories.reduce(0) { $0 + $1.utf8.count }
        default: total + column.count * 8
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: PrepareBench join_int|join_str|aggregate|sort DIR [--threads N]") }
let op = arguments[1]
let folder = arguments[2]
var threads = 2
if let flag = arguments.firstIndex(of: "--threads"), flag + 1 < arguments.count, let n = Int(arguments[flag + 1]) {
    threads = n
}

do {
    let options = CSVOptions(threads: threads)
    let left = try CSVReader.read(contentsOf: folder + "/left.csv", options: options)
    let right = op.hasPrefix("join") ? try CSVReader.read(contentsOf: folder + "/right.csv", options: options) : nil
    resetPeak()
    let before = memory().resident
    let start = now()
    let output: Frame
    switch op {
    case "join_int", "join_str":
        guard let right else { fail("no right frame") }
        let key = op == "join_int" ? "id" : "skey"
        output = try left.joined(with: right, JoinOptions(on: [key], how: .left, validate: .manyToOne)).frame
    case "aggregate":
        output = try left.aggregated(
            by: ["g"],
            [
                Aggregation("n", .count, of: "x"), Aggregation("total", .sum, of: "x"),
                Aggregation("avg", .mean, of: "y"), Aggregation("sd", .std, of: "y"), Aggregation("hi", .max, of: "x"),
            ], threads: threads)
    case "sort":
        output = try left.sorted(by: [SortKey("g"), SortKey("x", ascending: false)])
    default:
        fail("unknown op \(op)")
    }
    let seconds = now() - start
    let inputs = columnBytes(left) + (right.map(columnBytes) ?? 0)
    print(
        "{\"peer\":\"quire\",\"op\":\"\(op)\",\"seconds\":\(seconds),\"rows\":\(output.rowCount),"
            + "\"columns\":\(output.columnCount),\"input_bytes\":\(inputs),\"output_bytes\":\(columnBytes(output)),"
            + "\"rss_before\":\(before),\"peak_rss\":\(memory().peak),\"threads\":\(threads)}")
} catch {
    fail("\(error)")
}
