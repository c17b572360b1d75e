import Foundation
import QuireEngine

/// The words of progress: counts, percentages, times left, bars and log lines.
enum ProgressFormat {
    /// `37/200 trees`, or `1,234,567 rows` when the total is not known.
    static func count(_ snapshot: ProgressSnapshot) -> String {
        let done = grouped(snapshot.done)
        guard let total = snapshot.total else { return "\(done) \(snapshot.unit)" }
        return "\(done)/\(grouped(total)) \(snapshot.unit)"
    }

    /// The share done as a whole percentage, rounded down (100% only when done): `18%`.
    static func percent(_ fraction: Double) -> String {
        "\(Int((min(1, max(0, fraction)) * 100).rounded(.down)))%"
    }

    /// Seconds as `~12s`, `~1m40s` or `~2h05m` (rounded up: a time left is never understated).
    static func eta(_ seconds: Double) -> String {
        let whole = Int(max(1, seconds.rounded(.up)))
        if whole < 60 { return "~\(whole)s" }
        if whole < 3600 { return "~\(whole / 60)m\(twoDigits(whole % 60))s" }
        let minutes = (whole + 59) / 60
        return "~\(minutes / 60)h\(twoDigits(minutes % 60))m"
    }

    /// `forest 37/200 trees, 18%, ~1m40s left`: a step's phase, for a log line.
    static func summary(_ snapshot: ProgressSnapshot, secondsLeft: Double?) -> String {
        var text = "\(snapshot.label) \(count(snapshot)), \(percent(snapshot.fraction))"
        if let secondsLeft { text += ", \(eta(secondsLeft)) left" }
        return text
    }

    /// The line a log gets: `train: forest 37/200 trees, 18%, ~1m40s left`.
    static func logLine(step: String, _ snapshot: ProgressSnapshot, secondsLeft: Double?) -> String {
        "  \(step): \(summary(snapshot, secondsLeft: secondsLeft))\n"
    }

    /// A bar `cells` wide: `[█████░░░░░]`.
    static func bar(_ fraction: Double, cells: Int = 20) -> String {
        let filled = Int((min(1, max(0, fraction)) * Double(cells)).rounded(.down))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled) + "]"
    }

    /// A step's line in the live block, at most `width − 1` characters (so it never wraps):
    /// `  train  forest [███░░…] 37/200 trees  18%  ~1m40s left`, or `running …` before any phase.
    static func liveLine(step: String, padTo pad: Int, _ snapshot: ProgressSnapshot?, secondsLeft: Double?, width: Int)
        -> String
    {
        let id = step.padding(toLength: max(pad, step.count), withPad: " ", startingAt: 0)
        var line = "  \(id)  "
        if let snapshot {
            line += "\(snapshot.label) \(bar(snapshot.fraction)) \(count(snapshot))  \(percent(snapshot.fraction))"
            if let secondsLeft { line += "  \(eta(secondsLeft)) left" }
        } else {
            line += "running …"
        }
        return line.count < width ? line : String(line.prefix(max(1, width - 2))) + "…"
    }

    /// Seconds left at the rate the phase has kept since it began: nil until it has moved, and
    /// once it is done.
    static func secondsLeft(fraction: Double, since start: Double, from startFraction: Double, now: Double) -> Double? {
        let gained = fraction - startFraction
        let elapsed = now - start
        guard gained > 0, elapsed > 0, fraction < 1 else { return nil }
        return (1 - fraction) * elapsed / gained
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
