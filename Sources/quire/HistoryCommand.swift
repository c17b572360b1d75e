import ArgumentParser
import Foundation
import QuireHistory
import QuireRunner
import QuireSupport

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show, export or trim the run history (.quire/history.sqlite).",
        discussion: """
            Every `quire run` records the run: params, git commit, engine, data digests, each \
            step's key, status and duration, every metric and every monitor row. `quire history \
            NOTEBOOK` lists its runs with their headline metrics (or the --metric ones); `quire diff` \
            compares two. See docs/history.md.
            """,
        subcommands: [List.self, Collect.self, Export.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List a notebook's runs, oldest first, with their metrics.")

        @Argument(help: "The notebook (without one: every notebook with runs).", completion: .file(extensions: ["md"]))
        var notebook: String?

        @Option(
            name: .customLong("metric"),
            help: ArgumentHelp(
                "A metric to show: a name (roc_auc: in every step) or step.metric (repeatable; default: the headline metrics).",
                valueName: "name"))
        var metrics: [String] = []

        @Option(help: "How many of the latest runs (0: all).")
        var limit = 20

        @Flag(help: "Print the runs as JSON (docs/history.md).")
        var json = false

        @OptionGroup var history: HistoryOptions

        func validate() throws {
            if limit < 0 { throw ValidationError("--limit must be 0 (all) or more.") }
        }

        func run() throws {
            let root = HistoryOptions.projectRoot(notebook: notebook)
            let store = try history.open(projectRoot: root)
            guard let notebook else {
                try overview(store)
                return
            }
            let name = NotebookLocation(path: notebook).pathInProject
            let runs: [RunSnapshot]
            let total: Int
            do {
                runs = try store?.runs(of: name, limit: limit == 0 ? nil : limit) ?? []
                total = try store?.count(notebook: name) ?? 0
                guard !runs.isEmpty else {
                    throw HistoryError.noRuns(notebook: name, known: try store?.notebooks() ?? [])
                }
            } catch let error as HistoryError {
                throw CommandFailure.history(error)
            }
            let keys: [String]
            do { keys = try MetricSelection.keys(metrics, in: runs, notebook: name) } catch {
                throw CommandFailure.history(error)
            }
            if json {
                Console.out(JSONValue.array(runs.map(\.json)).text)
                return
            }
            let shown =
                runs.count < total ? "the last \(runs.count) of \(total) runs" : NumberFormat.count(total, "run")
            Console.out("\(name): \(shown)\n\n")
            Console.out(HistoryTable(runs: runs, metrics: keys).text)
        }

        /// Every notebook with runs, one line each.
        private func overview(_ store: HistoryStore?) throws {
            do {
                let notebooks = try store?.notebooks() ?? []
                guard let store, !notebooks.isEmpty else {
                    throw HistoryError.noRuns(notebook: "this project", known: [])
                }
                var rows: [[String]] = [["notebook", "runs", "last run", "started", "status"]]
                for name in notebooks {
                    guard let last = try store.runs(of: name, limit: 1).last else { continue }
                    rows.append([
                        name, String(try store.count(notebook: name)), last.id.map { "#\($0)" } ?? "",
                        HistoryTable.date(last.startedAt), last.ending,
                    ])
                }
                Console.out(HistoryTable.layout(rows, rightAligned: [1, 2]))
            } catch let error as HistoryError {
                throw CommandFailure.history(error)
            }
        }
    }

    struct Collect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc", abstract: "Delete all but the latest runs of each notebook.")

        @Option(help: "How many of each notebook's latest runs to keep.")
        var keep: Int

        @Argument(help: "Only this notebook's runs.", completion: .file(extensions: ["md"]))
        var notebook: String?

        @OptionGroup var history: HistoryOptions

        func validate() throws {
            if keep < 0 { throw ValidationError("--keep must be 0 or more.") }
        }

        func run() throws {
            let store = try history.open(projectRoot: HistoryOptions.projectRoot(notebook: notebook))
            let name = notebook.map { NotebookLocation(path: $0).pathInProject }
            let deleted: Int
            let left: Int
            do {
                deleted = try store?.collectGarbage(keep: keep, notebook: name) ?? 0
                left = try store?.count() ?? 0
            } catch {
                throw CommandFailure.history(error)
            }
            Console.out("deleted \(NumberFormat.count(deleted, "run")); \(NumberFormat.count(left, "run")) kept\n")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write every run as CSV: one row per param, step, metric and monitor row (docs/history.md).")

        @Flag(help: "CSV (the one format; the default).")
        var csv = false

        @Argument(help: "Only this notebook's runs.", completion: .file(extensions: ["md"]))
        var notebook: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
        var output: String?

        @OptionGroup var history: HistoryOptions

        func run() throws {
            // Opened first: a file that cannot be written fails before the history is read.
            let file = try output.map { path throws(CommandFailure) in
                try OutputFile(path: path, append: false, noun: "the export")
            }
            let store = try history.open(projectRoot: HistoryOptions.projectRoot(notebook: notebook))
            let runs: [RunSnapshot]
            do {
                runs = try store?.allRuns(notebook: notebook.map { NotebookLocation(path: $0).pathInProject }) ?? []
            } catch {
                throw CommandFailure.history(error)
            }
            let text = HistoryExport.csv(runs)
            guard let file else {
                Console.out(text)
                return
            }
            try file.append(text)
        }
    }
}

/// A table of runs as `quire history` prints it: id, start, status, commit, duration, the params
/// that differ between the runs shown, the chosen metrics with their change from the run before,
/// and the worst monitor status.
struct HistoryTable {
    var runs: [RunSnapshot]
    var metrics: [String]

    var text: String {
        let varying = Set(runs.flatMap { Array($0.params.keys) }).sorted().filter { name in
            Set(runs.map { $0.params[name] ?? "" }).count > 1
        }
        var header = ["run", "started", "status", "commit", "time"]
        header += metrics
        header += ["monitors"]
        if !varying.isEmpty { header.append("params") }
        var rows = [header]
        var previous: RunSnapshot?
        for run in runs {
            var row = [
                run.id.map { "#\($0)" } ?? "", Self.date(run.startedAt), run.ending,
                run.gitCommit.map { String($0.prefix(7)) + (run.gitDirty == true ? "*" : "") } ?? "—",
                Self.seconds(run),
            ]
            for key in metrics {
                let value = run.metric(key)?.value
                var cell = NumberFormat.decimal(value)
                if let value, let before = previous?.metric(key)?.value, value != before {
                    let delta = value - before
                    cell += " (" + (delta > 0 ? "+" : "") + NumberFormat.decimal(delta, significantDigits: 2) + ")"
                }
                row.append(cell)
            }
            row.append(run.monitorStatus ?? "—")
            if !varying.isEmpty {
                row.append(varying.map { "\($0)=\(run.params[$0] ?? "—")" }.joined(separator: " "))
            }
            rows.append(row)
            previous = run
        }
        let numeric = Array(5..<(5 + metrics.count)) + [0, 4]
        return Self.layout(rows, rightAligned: Set(numeric))
    }

    /// `2026-12-07 05:03:12` (UTC), or `—`.
    static func date(_ date: Date?) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The run's wall time: `2.6s`.
    static func seconds(_ run: RunSnapshot) -> String {
        guard let start = run.startedAt, let end = run.endedAt else { return "—" }
        return NumberFormat.decimal(end.timeIntervalSince(start), significantDigits: 2) + "s"
    }

    /// Rows as columns padded to their widest cell, two spaces apart; the header underlined.
    static func layout(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var out = ""
        for (number, row) in rows.enumerated() {
            let cells = row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
            if number == 0 {
                out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        return out
    }
}
