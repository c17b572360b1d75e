// Benchmark harness for the CSV loader (built in release mode by scripts/bench_csv.sh).
//
//   EngineBench load FILE [--threads N] [--repeat R]   parse FILE R times, print seconds per run
//   EngineBench read FILE [--repeat R]                  read FILE's bytes in 8 MiB blocks (page-cache floor)
//
// Prints one JSON object per line: {"mode":…, "seconds":…, "rows":…, "columns":…, "column_bytes":…}.
import Foundation
import QuireEngine

#if canImport(Glibc)
    import Glibc
#endif

/// CPU seconds (user + system) used by this process so far.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write("usage: EngineBench load|read FILE [--threads N] [--repeat R]\n".data(using: .utf8)!)
    exit(64)
}
let mode = arguments[1]
let path = arguments[2]
var threads = ProcessInfo.processInfo.activeProcessorCount
var repeats = 1
var index = 3
while index + 1 < arguments.count {
    switch arguments[index] {
    case "--threads": threads = Int(arguments[index + 1])!
    case "--repeat": repeats = Int(arguments[index + 1])!
    default: break
    }
    index += 2
}

for _ in 0..<repeats {
    switch mode {
    case "load":
        let start = now()
        let cpuStart = cpuSeconds()
        do {
            let frame = try CSVReader.read(contentsOf: path, options: CSVOptions(threads: threads))
            let seconds = now() - start
            let cpu = cpuSeconds() - cpuStart
            var bytes = 0
            for column in frame.columns {
                switch column.values {
                case .numeric(let v), .date(let v): bytes += v.count * 8
                case .categorical(let c): bytes += c.codes.count * 4
                }
            }
            print(
                "{\"mode\":\"load\",\"threads\":\(threads),\"seconds\":\(seconds),\"cpu_seconds\":\(cpu),\"rows\":\(frame.rowCount),\"columns\":\(frame.columnCount),\"column_bytes\":\(bytes)}"
            )
        } catch {
            FileHandle.standardError.write("\(error)\n".data(using: .utf8)!)
            exit(1)
        }
    case "read":
        let start = now()
        let cpuStart = cpuSeconds()
        let fd = open(path, O_RDONLY)
        let size = 8 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        var total = 0
        while true {
            let n = read(fd, buffer, size)
            if n <= 0 { break }
            total += n
        }
        close(fd)
        buffer.deallocate()
        print(
            "{\"mode\":\"read\",\"seconds\":\(now() - start),\"cpu_seconds\":\(cpuSeconds() - cpuStart),\"bytes\":\(total)}"
        )
    default:
        exit(64)
    }
}
