import Foundation
import QuireEngine
import QuireMermaid
import QuireNotebook

/// The five fuzz targets, for libFuzzer (scripts/fuzz.sh) and for replaying saved inputs.
///
/// An input that breaks an invariant stops the process with a message, which libFuzzer reports
/// as a crash and saves. The in-test fuzzers (`swift test --filter FuzzTests`) check the same
/// entry points with a seeded mutator.
enum Harness {
    static let targets = ["notebook", "yaml", "expression", "csv", "mermaid"]

    static let frame = try! Frame(columns: [
        Column(name: "x", numbers: [1, -2.5, .nan, 4]), Column(name: "city", strings: ["Paris", nil, "Oslo", "a"]),
    ])

    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "notebook":
            let result = NotebookParser(options: [.renderProse]).parse(bytes: bytes, path: "fuzz.md")
            let printed = DiagnosticFormatter().format(result.diagnostics, path: "fuzz.md", source: result.source)
            check(printed.isEmpty == result.diagnostics.isEmpty, "the formatter printed nothing")
            let lines = result.source.map { _ in bytes.split(separator: 10, omittingEmptySubsequences: false).count }
            for diagnostic in result.diagnostics {
                guard let range = diagnostic.range, let lines else { continue }
                check(range.start.line >= 1 && range.start.column >= 1, "\(diagnostic.id) at \(range.start)")
                // Lone CRs may add lines; an upper bound that holds for every line ending.
                let most = lines + bytes.filter { $0 == 13 }.count + 1
                check(range.end.line <= most, "\(diagnostic.id) ends at line \(range.end.line) of \(most)")
            }
        case "yaml":
            do {
                _ = try YAMLNode.parse(String(decoding: bytes, as: UTF8.self))
            } catch {
                check(error.range.map { $0.start.line >= 1 && $0.start.column >= 1 } ?? true, "\(error.id)")
            }
        case "expression":
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try Expression(text).evaluate(on: frame)
            } catch let error as ExpressionError {
                check(error.column >= 1 && error.column <= text.count + 1, "\(error.code) at column \(error.column)")
                _ = error.description
            } catch {
                check(false, "unexpected error \(error)")
            }
        case "csv":
            var options = CSVOptions()
            options.threads = 2
            options.blockSize = 64
            if let frame = try? CSVReader.read(bytes: bytes, name: "fuzz.csv", options: options) {
                check(frame.columns.allSatisfy { $0.count == frame.rowCount }, "ragged frame")
            }
        case "mermaid":
            let result = Mermaid.render(String(decoding: bytes, as: UTF8.self))
            check(result.diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 }, "diagnostic outside the source")
            if let svg = result.svg { check(!svg.contains("<script"), "script in SVG") }
        default:
            fatalError("unknown fuzz target '\(target)'; use one of \(targets.joined(separator: ", "))")
        }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant broken: \(message())") }
    }

    static let target = ProcessInfo.processInfo.environment["QUIRE_FUZZ_TARGET"] ?? "notebook"
}

#if FUZZING
    /// libFuzzer's driver, called from `main` (SwiftPM gives an executable its own entry point).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// The entry point libFuzzer's own `main` names; whichever `main` the link keeps, inputs
    /// arrive here.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        Harness.run(Harness.target, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#endif

/// `fuzz-harness TARGET FILE…` replays saved inputs (a crash libFuzzer found, say); built by
/// scripts/fuzz.sh, it is the libFuzzer binary and takes libFuzzer's arguments.
@main struct Main {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
            let arguments = CommandLine.arguments.dropFirst()
            guard let target = arguments.first, Harness.targets.contains(target) else {
                print("usage: fuzz-harness \(Harness.targets.joined(separator: "|")) FILE…")
                exit(64)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("cannot read \(path)")
                    exit(66)
                }
                Harness.run(target, Array(data))
                print("\(path): ok")
            }
        #endif
    }
}
