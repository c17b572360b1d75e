import Foundation
import Testing

@testable import QuireEngine

/// Fitted transforms against scikit-learn (Fixtures/expected/transforms.json).
@Suite("Transforms against scikit-learn")
struct TransformTests {
    static func expected() throws -> [String: [String: Any]] {
        try #require(try FixtureFiles.json("transforms.json") as? [String: [String: Any]])
    }

    /// Dataset features plus a constant column, as the fixture script builds them.
    static func features(_ dataset: String) throws -> Frame {
        let frame = try FixtureFiles.dataset(dataset).dropping(["target"])
        return try frame.setting(Column(name: "constant", numbers: [Double](repeating: 2, count: frame.rowCount)))
    }

    @Test(arguments: ["iris", "wine", "breast_cancer", "diabetes"])
    func standardizeMatchesStandardScaler(dataset: String) throws {
        let want = try #require(try Self.expected()[dataset])
        let frame = try Self.features(dataset)
        let scaler = try Standardizer.fit(frame)
        #expect(scaler.columns == want["columns"] as! [String])
        for (k, value) in (want["standard_mean"] as! [Any]).enumerated() {
            #expect(close(scaler.means[k], FixtureFiles.double(value)), "mean \(scaler.columns[k])")
        }
        for (k, value) in (want["standard_scale"] as! [Any]).enumerated() {
            #expect(close(scaler.scales[k], FixtureFiles.double(value), tolerance: 1e-10), "scale \(scaler.columns[k])")
        }
        #expect(scaler.scales.last == 1, "zero variance gives scale 1")
        let applied = try scaler.apply(to: frame.head(3))
        for (row, values) in (want["standard_first_rows"] as! [[Any]]).enumerated() {
            for (k, value) in values.enumerated() {
                #expect(
                    close(applied.columns[k].numbers![row], FixtureFiles.double(value), tolerance: 1e-9),
                    "row \(row) col \(k)")
            }
        }
    }

    @Test(arguments: ["iris", "wine", "breast_cancer", "diabetes"])
    func minMaxMatchesMinMaxScaler(dataset: String) throws {
        let want = try #require(try Self.expected()[dataset])
        let scaler = try MinMaxScaler.fit(Self.features(dataset))
        #expect(scaler.minimums == (want["minmax_min"] as! [Any]).map { FixtureFiles.double($0) })
        for (k, value) in (want["minmax_range"] as! [Any]).enumerated() {
            #expect(close(scaler.ranges[k], FixtureFiles.double(value)), "range \(scaler.columns[k])")
        }
    }

    @Test(arguments: [("mean", ImputeStrategy.mean), ("median", .median), ("most_frequent", .mostFrequent)])
    func imputeMatchesSimpleImputer(name: String, strategy: ImputeStrategy) throws {
        let messy = try #require(try Self.expected()["messy"])
        let want = (messy["imputers"] as! [String: [String: Any]])[name]!
        let columns = want["columns"] as! [String]
        let frame = try FixtureFiles.dataset("messy")
        let imputer = try Imputer.fit(frame, strategy: strategy, columns: columns)
        for (fill, value) in zip(imputer.fills, want["statistics"] as! [Any]) {
            guard case .number(let x) = fill else { Issue.record("numeric fill expected"); continue }
            #expect(close(x, FixtureFiles.double(value)), "\(name)")
        }
        let filled = try imputer.apply(to: frame)
        for column in columns { #expect(filled[column]?.missingCount == 0) }
        #expect(filled["species"] == frame["species"], "other columns untouched")
    }

    @Test func imputeMostFrequentText() throws {
        let messy = try #require(try Self.expected()["messy"])
        let want = (messy["imputers"] as! [String: [String: Any]])["most_frequent_text"]!
        let frame = try FixtureFiles.dataset("messy")
        let imputer = try Imputer.fit(frame, strategy: .mostFrequent, columns: ["species"])
        #expect(imputer.fills == [.string((want["statistics"] as! [String])[0])])
        #expect(try imputer.apply(to: frame)["species"]?.missingCount == 0)
    }

    @Test func imputeRejectsAnEmptyColumnAndTextMean() throws {
        let frame = try FixtureFiles.dataset("messy")
        #expect(throws: FrameError.self) { try Imputer.fit(frame, strategy: .mean, columns: ["all_missing"]) }
        #expect(throws: FrameError.self) { try Imputer.fit(frame, strategy: .mean, columns: ["species"]) }
        let constant = try Imputer.fit(frame, strategy: .constantNumber(-1), columns: ["all_missing"])
        #expect(try constant.apply(to: frame)["all_missing"]?.numbers?.allSatisfy { $0 == -1 } == true)
    }

    @Test func oneHotIgnoresUnknownCategories() throws {
        let messy = try #require(try Self.expected()["messy"])
        let frame = try FixtureFiles.dataset("messy")
        let encoder = try OneHotEncoder.fit(frame, columns: ["species"])
        #expect(encoder.categories == [messy["one_hot_categories"] as! [String]])
        let probe = try Frame(columns: [
            Column(name: "species", strings: (messy["one_hot_probe"] as! [String]).map { $0 })
        ])
        let encoded = try encoder.apply(to: probe)
        #expect(encoded.columnNames == encoder.outputNames(for: 0))
        for (row, values) in (messy["one_hot_probe_rows"] as! [[Double]]).enumerated() {
            #expect(encoded.columns.map { $0.numbers![row] } == values, "row \(row)")
        }
        let withMissing = try encoder.apply(to: Frame(columns: [Column(name: "species", strings: [nil])]))
        #expect(withMissing.columns.allSatisfy { $0.numbers == [0] })
    }

    @Test func ordinalMapsUnknownToMissing() throws {
        let messy = try #require(try Self.expected()["messy"])
        let frame = try FixtureFiles.dataset("messy")
        let encoder = try OrdinalEncoder.fit(frame, columns: ["species"])
        let categories = messy["ordinal_categories"] as! [String]
        #expect(encoder.categories == [categories])
        let applied = try encoder.apply(
            to: Frame(columns: [Column(name: "species", strings: [categories[2], "new", nil, categories[0]])]))
        let codes = try #require(applied["species"]?.numbers)
        #expect(codes[0] == 2 && codes[3] == 0 && codes[1].isNaN && codes[2].isNaN)
    }

    @Test func transformsSurviveJSON() throws {
        let frame = try FixtureFiles.dataset("messy")
        let transforms: [FittedTransform] = [
            .impute(try Imputer.fit(frame, strategy: .median, columns: ["sepal length (cm)"])),
            .standardize(try Standardizer.fit(frame, columns: ["petal length (cm)"])),
            .minMax(try MinMaxScaler.fit(frame, columns: ["sepal width (cm)"])),
            .oneHot(try OneHotEncoder.fit(frame)),
            .ordinal(try OrdinalEncoder.fit(frame)),
        ]
        let data = try JSONEncoder().encode(transforms)
        let decoded = try JSONDecoder().decode([FittedTransform].self, from: data)
        #expect(decoded == transforms)
        #expect(String(decoding: data, as: UTF8.self).contains("\"kind\":\"one_hot\""))
        var applied = frame
        for transform in decoded.prefix(4) { applied = try transform.apply(to: applied) }
        #expect(applied["species_setosa"] != nil)
        #expect(applied["species"] == nil)
    }

    @Test func applyChecksTheSchema() throws {
        let scaler = try Standardizer.fit(Frame(columns: [Column(name: "a", numbers: [1, 2])]))
        #expect(throws: FrameError.self) { try scaler.apply(to: Frame(columns: [Column(name: "b", numbers: [1])])) }
        #expect(throws: FrameError.self) { try scaler.apply(to: Frame(columns: [Column(name: "a", strings: ["x"])])) }
    }
}
