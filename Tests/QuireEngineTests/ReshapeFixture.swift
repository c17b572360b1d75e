import Foundation
import QuireEngine

/// The pandas results of scripts/prepare_fixtures_reshape.py (`prepare/reshape.json`): frames as
/// lists of columns `{name, kind, values}`, floats as text, missing values as null.
enum ReshapeFixture {
    static let data = try? Data(contentsOf: FixtureFiles.root.appendingPathComponent("prepare/reshape.json"))

    static var object: [String: Any]? {
        guard let data else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The section of one op (`distinct`, `concat`, `pivot`, `melt`).
    static func section(_ name: String) -> [String: Any] {
        object?[name] as? [String: Any] ?? [:]
    }

    /// The cases of one op.
    static func cases(_ name: String) -> [[String: Any]] {
        section(name)["cases"] as? [[String: Any]] ?? []
    }

    /// A frame written as a list of columns.
    static func frame(_ value: Any?) throws -> Frame {
        let columns = (value as? [[String: Any]] ?? []).map { column -> Column in
            let name = column["name"] as? String ?? ""
            let values = column["values"] as? [Any] ?? []
            if column["kind"] as? String == "numeric" {
                return Column(name: name, numbers: values.map(FixtureFiles.double))
            }
            return Column(name: name, strings: values.map { $0 as? String })
        }
        return try Frame(columns: columns)
    }
}

extension ReshapeFixture {
    /// The repository's notebooks/data/churn.csv, read by Quire.
    static func churn() throws -> Frame {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks/data/churn.csv").path
        return try CSVReader.read(contentsOf: path)
    }

    /// The cases of one op on churn.csv.
    static func churnCases(_ name: String) -> [[String: Any]] {
        section("churn")[name] as? [[String: Any]] ?? []
    }
}
