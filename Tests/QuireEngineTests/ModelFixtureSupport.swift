import Foundation
import QuireEngine

extension FixtureFiles {
    /// A JSON object written by scripts/model_fixtures.py.
    static func modelJSON(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("models").appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A CSV written by scripts/model_fixtures.py, or an engine dataset.
    static func modelDataset(_ name: String) throws -> Frame {
        let models = path("models", "\(name).csv")
        if FileManager.default.fileExists(atPath: models) { return try CSVReader.read(contentsOf: models) }
        return try dataset(name)
    }

    static func doubles(_ value: Any?) -> [Double] { (value as! [Any]).map(double) }
}
