// mermaid-harness: renders .mmd files with QuireMermaid for the compare and bench scripts.
//
//   mermaid-harness render OUTDIR FILE.mmd…   writes OUTDIR/NAME.svg, prints one JSON line per file
//   mermaid-harness bench N…                  prints layout+render time of generated diagrams
import QuireMermaid
import QuireSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func writeFile(_ path: String, _ text: String) {
    guard let file = fopen(path, "wb") else { return }
    defer { fclose(file) }
    _ = text.utf8CString.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count - 1, file) }
}

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A layered random-ish DAG with `count` nodes (deterministic), like a large pipeline.
func flowchart(nodes count: Int) -> String {
    var source = "flowchart TD\n"
    var state: UInt64 = 42
    func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(truncatingIfNeeded: state >> 33)
    }
    for index in 0..<count { source += "  n\(index)[\"Step \(index)\"]\n" }
    for index in 1..<count {
        let parent = max(0, index - 1 - next() % min(index, 6))
        source += "  n\(parent) --> n\(index)\n"
        if index > 10 && next() % 4 == 0 { source += "  n\(index - 1 - next() % 10) -.-> n\(index)\n" }
    }
    return source
}

func mindmap(nodes count: Int) -> String {
    var source = "mindmap\n  root((Topic))\n"
    var produced = 1
    var branch = 0
    while produced < count {
        source += "    Branch \(branch)\n"
        produced += 1
        var leaf = 0
        while leaf < 8 && produced < count {
            source += "      Idea \(branch).\(leaf)\n"
            produced += 1
            if leaf % 3 == 0 && produced < count {
                source += "        Detail \(branch).\(leaf)\n"
                produced += 1
            }
            leaf += 1
        }
        branch += 1
    }
    return source
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    print("usage: mermaid-harness render OUTDIR FILE… | bench")
    exit(64)
}
switch command {
case "render":
    let outDirectory = arguments[1]
    for path in arguments.dropFirst(2) {
        guard let source = readFile(path) else { continue }
        let name = String(path.split(separator: "/").last!.split(separator: ".").first!)
        let result = Mermaid.render(source)
        var fields = ["\"name\":\(JSONValue.quote(name))"]
        switch result {
        case .svg(let svg, let warnings):
            writeFile("\(outDirectory)/\(name).svg", svg)
            fields.append("\"ok\":true")
            fields.append("\"warnings\":[\(warnings.map { JSONValue.quote($0.description) }.joined(separator: ","))]")
        case .failure(let diagnostics):
            fields.append("\"ok\":false")
            fields.append(
                "\"diagnostics\":[\(diagnostics.map { JSONValue.quote($0.description) }.joined(separator: ","))]")
        case .unsupported(let type):
            fields.append("\"ok\":false")
            fields.append("\"unsupported\":\(JSONValue.quote(type))")
        }
        print("{" + fields.joined(separator: ",") + "}")
    }
case "source":
    // Prints a generated benchmark source: `source flowchart 200` or `source mindmap 100`.
    print(
        arguments[1] == "mindmap" ? mindmap(nodes: Int(arguments[2])!) : flowchart(nodes: Int(arguments[2])!),
        terminator: "")
case "bench":
    let repeats = 20
    var cases: [(String, String)] = [50, 100, 200, 500, 1000].map { ("flowchart-\($0)", flowchart(nodes: $0)) }
    cases.append(("mindmap-100", mindmap(nodes: 100)))
    for (name, source) in cases {
        _ = Mermaid.render(source)
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = now()
            let result = Mermaid.render(source)
            times.append(now() - start)
            precondition(result.svg != nil, "benchmark source failed: \(result.diagnostics)")
        }
        times.sort()
        let median = times[times.count / 2] * 1000
        let best = times[0] * 1000
        print("\(name)\tmedian_ms=\(Double(Int(median * 100)) / 100)\tmin_ms=\(Double(Int(best * 100)) / 100)")
    }
default:
    print("unknown command \(command)")
    exit(64)
}
