import Foundation

/// A deterministic mutation fuzzer for the test suite: seeded, bounded, and run in-process.
///
/// Each iteration takes a seed input, applies one to four mutations (byte flips, insertions of the
/// format's syntax characters and tokens, deletions, repetitions of a slice, splices with another
/// seed) and hands the result to a check that returns the invariants it found broken. Inputs stay
/// under `maximumLength`, so a parser that recurses per byte cannot run out of stack, and each input
/// is timed: one slower than `timeLimit` is reported as a hang. `QUIRE_FUZZ_ITERATIONS` multiplies
/// the iteration count for long runs (`QUIRE_FUZZ_ITERATIONS=100 swift test --filter Fuzz`), and
/// `QUIRE_FUZZ_DUMP=DIR` writes each input that broke an invariant to a file there.
public struct Fuzzer {
    /// A broken invariant or a slow input, with the input that showed it.
    public struct Finding: CustomStringConvertible, Sendable {
        public var problem: String
        public var input: [UInt8]

        public var description: String {
            let text = String(decoding: input.prefix(600), as: UTF8.self)
            return "\(problem)\n--- input (\(input.count) bytes) ---\n\(text.debugDescription)"
        }
    }

    /// What a run did.
    public struct Report: Sendable {
        public var executions = 0
        public var findings: [Finding] = []
        public var slowest: Duration = .zero
    }

    public var name: String
    public var seeds: [[UInt8]]
    /// Syntax characters and tokens of the format, inserted whole.
    public var dictionary: [[UInt8]]
    public var maximumLength: Int
    public var timeLimit: Duration
    private var state: UInt64

    public init(
        name: String, seeds: [String], dictionary: [String], seed: UInt64, maximumLength: Int = 4096,
        timeLimit: Duration = .seconds(2)
    ) {
        self.name = name
        self.seeds = seeds.map { Array($0.utf8) }
        self.dictionary = dictionary.map { Array($0.utf8) } + "[]{}()<>:;,.-+*/&|!=\"'`#%$\\\n\t ".utf8.map { [$0] }
        self.maximumLength = maximumLength
        self.timeLimit = timeLimit
        self.state = seed
    }

    /// Iterations for a target: `base` times `QUIRE_FUZZ_ITERATIONS` (default 1).
    public static func iterations(_ base: Int) -> Int {
        let scale = ProcessInfo.processInfo.environment["QUIRE_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1
        return base * max(scale, 1)
    }

    /// Runs `check` on `iterations` mutated inputs (and on every seed first).
    ///
    /// - Parameter check: returns the invariants the input breaks (empty when all hold).
    public mutating func run(iterations: Int, check: ([UInt8]) -> [String]) -> Report {
        var report = Report()
        let clock = ContinuousClock()
        var pool = seeds
        for index in 0..<(seeds.count + iterations) {
            let input = index < seeds.count ? seeds[index] : mutate(pool[Int(next() % UInt64(pool.count))], pool: pool)
            var problems: [String] = []
            let elapsed = clock.measure { problems = check(input) }
            report.executions += 1
            report.slowest = max(report.slowest, elapsed)
            if elapsed > timeLimit { problems.append("\(name): took \(elapsed) (limit \(timeLimit))") }
            for problem in problems where report.findings.count < 20 {
                report.findings.append(Finding(problem: problem, input: input))
                if let directory = ProcessInfo.processInfo.environment["QUIRE_FUZZ_DUMP"] {
                    // Keep the whole input to reproduce it: `quire check` on the file, for instance.
                    let url = URL(fileURLWithPath: directory).appendingPathComponent("\(name)-\(report.findings.count)")
                    try? Data(input).write(to: url)
                    try? Data(problem.utf8).write(to: url.appendingPathExtension("txt"))
                }
            }
            // Inputs that survive become material for later splices, within a bounded pool.
            if index >= seeds.count, next() % 8 == 0 {
                if pool.count < 256 { pool.append(input) } else { pool[Int(next() % 256)] = input }
            }
        }
        print("fuzz \(name): \(report.executions) inputs, slowest \(report.slowest), \(report.findings.count) findings")
        return report
    }

    // MARK: Mutations

    /// SplitMix64: the same inputs on every machine and run.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    private mutating func mutate(_ input: [UInt8], pool: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(7) {
            case 0 where !bytes.isEmpty:  // flip one bit
                let index = below(bytes.count)
                bytes[index] ^= UInt8(1) << UInt8(below(8))
            case 1 where !bytes.isEmpty:  // replace a byte with a syntax character
                bytes[below(bytes.count)] = dictionary[below(dictionary.count)].first ?? 0x20
            case 2:  // insert a syntax token
                bytes.insert(contentsOf: dictionary[below(dictionary.count)], at: at)
            case 3 where !bytes.isEmpty:  // delete a slice
                let length = 1 + below(min(16, bytes.count - min(at, bytes.count - 1)))
                let start = min(at, bytes.count - 1)
                bytes.removeSubrange(start..<min(start + length, bytes.count))
            case 4 where !bytes.isEmpty:  // repeat a slice, to build nesting and long runs
                let start = below(bytes.count)
                let slice = Array(bytes[start..<min(start + 1 + below(8), bytes.count)])
                let times = 1 + below(below(4) == 0 ? 600 : 8)
                var repeated: [UInt8] = []
                for _ in 0..<times { repeated += slice }
                bytes.insert(contentsOf: repeated, at: start)
            case 5:  // splice: the head of this input, the tail of another
                let other = pool[below(pool.count)]
                bytes = Array(bytes.prefix(at)) + Array(other.suffix(from: below(other.count + 1)))
            default:  // insert a random byte (invalid UTF-8 and control characters included)
                bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
            }
        }
        return bytes.count > maximumLength ? Array(bytes.prefix(maximumLength)) : bytes
    }
}

/// Line and column bounds of a text, for checking that positions point inside it.
public struct TextBounds {
    /// Scalar count of each line (1-based line n is `lengths[n - 1]`).
    public let lengths: [Int]

    /// - Parameter loneCarriageReturnEndsLine: whether a CR without an LF ends a line (as in a
    ///   notebook, which cmark reads so).
    public init(_ text: String, loneCarriageReturnEndsLine: Bool = false) {
        var scalars = Array(text.unicodeScalars)
        if loneCarriageReturnEndsLine {
            for index in scalars.indices
            where scalars[index] == "\r" && (index + 1 == scalars.count || scalars[index + 1] != "\n") {
                scalars[index] = "\n"
            }
        }
        // By scalars: as a `Character`, "\r\n" is one grapheme and would not split at "\n".
        lengths = scalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.count - (line.last == "\r" ? 1 : 0)
        }
    }

    /// Whether `line:column` lies in the text, or just past the end of its line.
    public func contains(line: Int, column: Int) -> Bool {
        guard line >= 1, line <= lengths.count, column >= 1 else { return false }
        return column <= lengths[line - 1] + 2
    }
}
