// swift-tools-version:6.0
import Foundation
import PackageDescription

// The commit `quire --version` names: `QUIRE_COMMIT` (scripts/run.sh and scripts/test.sh set it
// from git) when it is 7 to 40 hex digits, optionally followed by `-dirty`; else the binary says
// "unknown". SwiftPM re-reads this manifest when the environment changes, so only the one C file
// of CQuireBuild is recompiled.
let commit: String? = {
    guard let value = ProcessInfo.processInfo.environment["QUIRE_COMMIT"] else { return nil }
    let hex = value.hasSuffix("-dirty") ? String(value.dropLast(6)) : value
    guard (7...40).contains(hex.count), hex.allSatisfy({ "0123456789abcdef".contains($0) }) else { return nil }
    return value
}()

// Data flows one way: text → notebook → plan → run → report.
// Imports point down that chain; only `quire` (the CLI) maps errors to exit codes,
// and only `QuireNotebook` imports the C module `CCmark`.
let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SQLite, for the run history: GRDB over the system's libsqlite3 (Debian's libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // HTTP for `quire serve`: SwiftNIO directly (docs/serving.md says why not Hummingbird).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        .target(
            name: "QuireNotebook",
            // Yams brings libYAML (module CYaml), which QuireNotebook reads events from.
            dependencies: ["QuireSupport", "CCmark", .product(name: "Yams", package: "Yams")]
        ),
        // Small shared pieces every layer may use: HTML escaping, deterministic JSON and its encoder,
        // SHA-256, "did you mean", and the expression syntax of `filter`, `derive` and `when:`.
        // OpenSSL's libcrypto, for SHA-256 with the CPU's SHA instructions (Debian's libssl-dev).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .target(name: "QuireSupport", dependencies: ["COpenSSL"]),
        // Nearest-neighbour scoring compiled for AVX-512, AVX2 and baseline x86-64, chosen at load.
        .target(name: "CQuireKernels"),
        // The commit the binary was built from, for `quire --version`.
        .target(name: "CQuireBuild", cSettings: commit.map { [.define("QUIRE_COMMIT", to: "\"\($0)\"")] } ?? []),
        .target(name: "QuireEngine", dependencies: ["QuireSupport", "CQuireKernels"]),
        .target(name: "QuireMermaid", dependencies: ["QuireSupport"]),
        // Charts of data as SVG: scales, round ticks, marks, legends, small multiples, downsampling.
        .target(name: "QuireChart", dependencies: ["QuireSupport"]),
        // The kinds of values steps pass (frame, model, …): each one's cache encoding, summary,
        // HTML, JSON and `when:` facts. Below the runner, which re-exports it, and the report.
        .target(name: "QuireValues", dependencies: ["QuireEngine", "QuireSupport", "QuireChart"]),
        .target(
            name: "QuireRunner",
            dependencies: ["QuireSupport", "QuireNotebook", "QuireEngine", "QuireValues", "QuireChart"]
        ),
        .target(
            name: "QuireReport",
            dependencies: [
                "QuireSupport", "QuireNotebook", "QuireRunner", "QuireValues", "QuireEngine", "QuireMermaid",
            ]),
        // The run history: every run's params, data, steps, metrics and monitors in SQLite, and
        // the runs committed summaries record (git), for `quire history` and `quire diff`.
        .target(
            name: "QuireHistory",
            dependencies: ["QuireSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // Runs notebooks into reports for any front end (the CLI today): typed requests and outcomes.
        .target(
            name: "QuireService",
            dependencies: [
                "QuireSupport", "QuireNotebook", "QuireEngine", "QuireRunner", "QuireReport", "QuireHistory",
            ]),
        // `quire serve`: an exported model over HTTP (routes, metrics, reloads, request logs).
        .target(
            name: "QuireServe",
            dependencies: [
                "QuireEngine", "QuireSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireSupport", "QuireNotebook", "QuireEngine", "QuireRunner", "QuireReport", "QuireMermaid",
                "QuireService", "QuireHistory", "QuireServe", "CQuireBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Drives scripts/mermaid_compare.sh and scripts/bench_mermaid.sh.
        .executableTarget(
            name: "mermaid-harness", dependencies: ["QuireMermaid", "QuireSupport"], path: "scripts/mermaid-harness"),
        // libFuzzer entry points for scripts/fuzz.sh; built normally, it replays saved inputs.
        .executableTarget(
            name: "fuzz-harness", dependencies: ["QuireNotebook", "QuireEngine", "QuireMermaid"],
            path: "scripts/fuzz-harness"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "QuireSupportTests", dependencies: ["QuireSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "QuireNotebookTests", dependencies: ["QuireNotebook", "TestSupport"], resources: [.copy("Golden")]),
        .testTarget(
            name: "QuireEngineTests", dependencies: ["QuireEngine", "QuireSupport", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "QuireRunnerTests", dependencies: ["QuireRunner", "QuireNotebook", "QuireEngine", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "QuireChartTests", dependencies: ["QuireChart", "QuireSupport", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "QuireMermaidTests", dependencies: ["QuireMermaid", "QuireSupport", "TestSupport"],
            exclude: ["Golden"],
            resources: [.copy("Corpus")]
        ),
        .testTarget(
            name: "QuireReportTests",
            dependencies: [
                "QuireSupport", "QuireReport", "QuireValues", "QuireNotebook", "QuireRunner", "TestSupport",
            ],
            exclude: ["Golden"]),
        // An op and a value kind added from outside the package's modules, one file each.
        .testTarget(
            name: "QuireExtensionTests",
            dependencies: [
                "QuireValues", "QuireRunner", "QuireReport", "QuireNotebook", "QuireEngine", "QuireSupport",
                "TestSupport",
            ]),
        .testTarget(
            name: "QuireServiceTests",
            dependencies: [
                "QuireService", "QuireRunner", "QuireReport", "QuireNotebook", "QuireEngine", "QuireSupport",
                "TestSupport",
            ]),
        .testTarget(name: "QuireServeTests", dependencies: ["QuireServe", "QuireEngine"]),
        .testTarget(
            name: "QuireHistoryTests",
            dependencies: [
                "QuireHistory", "QuireSupport", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "QuireCLITests",
            dependencies: [
                "quire", "QuireRunner", "QuireReport", "QuireEngine", "QuireSupport", "TestSupport",
                .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("BadInputs")]),
    ]
)
