import Foundation
import QuireEngine

/// Paths and JSON of the oracle fixtures written by scripts/engine_fixtures.py.
enum FixtureFiles {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static func path(_ parts: String...) -> String {
        parts.reduce(root) { $0.appendingPathComponent($1) }.path
    }

    static func json(_ name: String) throws -> Any {
        let data = try Data(contentsOf: root.appendingPathComponent("expected").appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data)
    }

    /// A float written by the fixture script as text (`repr`, `"inf"`, `"-inf"`), a JSON number,
    /// or null (missing → NaN). Text is parsed by Swift, which rounds correctly.
    static func double(_ value: Any?) -> Double {
        switch value {
        case let text as String: return Double(text) ?? .nan
        case let number as NSNumber: return number.doubleValue
        default: return .nan
        }
    }

    static func dataset(_ name: String) throws -> Frame {
        try CSVReader.read(contentsOf: path("datasets", "\(name).csv"))
    }
}

/// Relative closeness for oracle comparisons (summation order may differ from numpy's).
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-12) -> Bool {
    guard let a else { return b.isNaN }
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// CSV text → frame, with options.
func parse(_ text: String, _ options: CSVOptions = CSVOptions(), name: String = "test.csv") throws -> Frame {
    try CSVReader.read(bytes: Array(text.utf8), name: name, options: options)
}

/// The CSVError thrown by reading `text`, or nil.
func csvError(_ text: String, _ options: CSVOptions = CSVOptions()) -> CSVError? {
    csvError(bytes: Array(text.utf8), options)
}

func csvError(bytes: [UInt8], _ options: CSVOptions = CSVOptions()) -> CSVError? {
    do {
        _ = try CSVReader.read(bytes: bytes, name: "bad.csv", options: options)
        return nil
    } catch let error as CSVError {
        return error
    } catch {
        return nil
    }
}
