import Foundation
import QuireEngine
import TestSupport
import Testing

/// Mutation fuzzing of the expression language and the CSV loader: no crash, no hang, errors at
/// positions inside the input, and frames whose columns all have the frame's row count.
@Suite(.tags(.slow)) struct FuzzTests {
    static let frame: Frame = {
        // swift-format-ignore
        try! Frame(columns: [
            Column(name: "x", numbers: [1, -2.5, .nan, 4, 0]),
            Column(name: "y", numbers: [0, 3, 1e300, -1e-300, 7]),
            Column(name: "city", strings: ["Paris", nil, "Oslo", "Paris", "Ōsaka"]),
            Column(name: "my col", numbers: [1, 2, 3, 4, 5]),
        ])
    }()

    static let expressionSeeds = [
        "x > 1 and not is_missing(y)", "(x + y) * 2 / (y - 1) % 3 >= 0", "city in [\"Paris\", \"Oslo\"]",
        "city not in [\"a\"] or x == -1", "if(x > 0, log(x), sqrt(abs(y)))", "min(x, y, 3) != max(1, 2)",
        "round(x, 2) < exp(-y)", "`my col` + 1", "-(-x) <= +y", "is_missing(city) == false",
    ]

    @Test func expressionParserCheckerAndEvaluator() {
        var fuzzer = Fuzzer(
            name: "expression", seeds: Self.expressionSeeds,
            dictionary: [
                "(", ")", " and ", " or ", "not ", " in ", "[", "]", ",", "\"", "`", "abs(", "if(", "min(", "-", "+",
                "==", "<=", "1e308", "0.5", "x", "city", "true",
            ], seed: 0x5EED_0003, maximumLength: 2048)
        let report = fuzzer.run(iterations: Fuzzer.iterations(4000)) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let expression = try Expression(text)
                _ = try expression.evaluate(on: Self.frame)
                return []
            } catch let error as ExpressionError {
                let count = text.count
                var problems: [String] = []
                if error.column < 1 || error.column > count + 1 {
                    problems.append("[\(error.code.rawValue)] column \(error.column) outside 1...\(count + 1)")
                }
                if error.column + error.length - 1 > count + 1 {
                    problems.append("[\(error.code.rawValue)] length \(error.length) runs past the end")
                }
                _ = error.description  // the caret line must render
                return problems
            } catch {
                return ["unexpected error type \(type(of: error)): \(error)"]
            }
        }
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description).joined(separator: "\n\n"))")
        #expect(report.executions >= 4000)
    }

    static let csvSeeds = [
        "id,age,city\n1,34,Paris\n2,,Oslo\n3,NA,\"Ōsaka, JP\"\n",
        "a;b\n1,5;2\n\"x\"\"y\";3\n", "x\r\n1e3\r\n-0.5\r\n.5\r\n", "\u{FEFF}h1,h2\n\"multi\nline\",2\n",
        "n\n" + (0..<40).map { "\($0)" }.joined(separator: "\n") + "\n", "a,b,c\n1,2\n3,4,5,6\n",
    ]

    @Test func csvLoader() {
        var fuzzer = Fuzzer(
            name: "csv", seeds: Self.csvSeeds,
            dictionary: [",", "\"", "\n", "\r\n", ";", "NA", "1e308", "-", ".", "\u{FEFF}", "é", "\"\"", ",,,,"],
            seed: 0x5EED_0004)
        let report = fuzzer.run(iterations: Fuzzer.iterations(2500)) { bytes in
            // Small blocks and two threads reach the chunk seams with small inputs.
            var options = CSVOptions()
            options.threads = bytes.count % 2 == 0 ? 1 : 2
            options.blockSize = 64
            if bytes.first == UInt8(ascii: "a") { options.delimiter = ";" }
            do {
                let frame = try CSVReader.read(bytes: bytes, name: "fuzz.csv", options: options)
                return frame.columns.filter { $0.count != frame.rowCount }.map {
                    "column \($0.name) has \($0.count) values, the frame \(frame.rowCount) rows"
                }
            } catch let error as CSVError {
                let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
                guard error.line >= 1, error.line <= lines + 1, error.column >= 1 else {
                    return ["[\(error.code.rawValue)] at \(error.line):\(error.column) outside the input"]
                }
                return []
            } catch {
                return ["unexpected error type \(type(of: error)): \(error)"]
            }
        }
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description).joined(separator: "\n\n"))")
    }
}
