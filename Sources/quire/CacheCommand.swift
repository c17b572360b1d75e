import ArgumentParser
import Foundation
import QuireRunner
import QuireService
import QuireSupport

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "List, collect or clear the step cache.",
        subcommands: [List.self, Collect.self, Clear.self])

    struct Location: ParsableArguments {
        @Option(help: ArgumentHelp("The cache directory.", valueName: "dir"))
        var cacheDir = ".quire/cache"

        func open() throws -> CacheStore {
            guard FileManager.default.fileExists(atPath: cacheDir) else {
                throw ValidationError("no cache at \(cacheDir); give --cache-dir, or run a notebook first")
            }
            return try CacheStore(directory: URL(fileURLWithPath: cacheDir))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the cache's entries.")
        @OptionGroup var location: Location

        func run() throws {
            let store = try location.open()
            let entries = store.entries()
            var total = 0
            for (entry, bytes) in entries {
                total += bytes
                Console.out(
                    "\(entry.key.prefix(16))  \(entry.op.padding(toLength: 9, withPad: " ", startingAt: 0)) \(entry.step.padding(toLength: 20, withPad: " ", startingAt: 0)) \(CacheCommand.size(bytes))\n"
                )
            }
            Console.out(
                "\(NumberFormat.count(entries.count, "entry").replacingOccurrences(of: "entrys", with: "entries")), \(CacheCommand.size(total))\n"
            )
        }
    }

    struct Collect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc", abstract: "Remove entries no recent run uses, then the oldest until under --max-size.",
            discussion:
                "Keeps every entry that the latest run of a known notebook (one whose file still exists) uses, as long as they fit in --max-size; entries of the same run are kept or dropped together, most recent runs first."
        )
        @OptionGroup var location: Location

        @Option(help: ArgumentHelp("Size budget, e.g. 500M, 2G (default: no limit).", valueName: "size"))
        var maxSize: String?

        func run() throws {
            let store = try location.open()
            let budget = try maxSize.map(CacheCommand.parseSize)
            let collection = try CacheMaintenance(store: store).collect(budget: budget)
            Console.out(
                "removed \(collection.removedEntries) entries (\(CacheCommand.size(collection.removedBytes))); kept \(collection.keptEntries) (\(CacheCommand.size(collection.keptBytes)))\n"
            )
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clear", abstract: "Remove every entry.")
        @OptionGroup var location: Location

        func run() throws {
            let store = try location.open()
            try CacheMaintenance(store: store).clear()
            Console.out("cleared \(location.cacheDir)\n")
        }
    }

    static func size(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : "\(NumberFormat.decimal(value, significantDigits: 3)) \(units[unit])"
    }

    static func parseSize(_ text: String) throws -> Int {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var number = text.uppercased()
        if number.hasSuffix("B") { number.removeLast() }
        if number.hasSuffix("I") { number.removeLast() }
        var scale = 1
        if let last = number.last, let unit = units[last] {
            scale = unit
            number.removeLast()
        }
        guard let value = Double(number), value >= 0 else {
            throw ValidationError("--max-size expects a size such as 500M or 2G, not '\(text)'")
        }
        return Int(value * Double(scale))
    }
}
