import Foundation
import Testing

@testable import QuireEngine

/// Values that once passed silently or crashed: a corrupt saved reference profile, infinite
/// features, and scores undefined for every tuning candidate or for the importance baseline.
@Suite("Refusing corrupt profiles, infinite features and undefined scores")
struct SilentValueRefusalTests {
    static func profileJSON(counts: String, categories: String = #"["a","b","c"]"#, rowCount: Int = 3) -> Data {
        Data(
            """
            {"rowCount":\(rowCount),"columns":[{"name":"c","kind":"categorical","sortedValues":[],\
            "categories":\(categories),"counts":\(counts),"missing":0,"infinite":0}]}
            """.utf8)
    }

    static func decodingMessage(_ data: Data) -> String? {
        do {
            _ = try JSONDecoder().decode(DriftReference.self, from: data)
            return nil
        } catch let DecodingError.dataCorrupted(context) {
            return context.codingPath.map(\.stringValue).joined(separator: ".") + " " + context.debugDescription
        } catch {
            return "\(error)"
        }
    }

    @Test func aValidProfileDecodesAndRoundTrips() throws {
        let frame = try Frame(columns: [Column(name: "c", strings: ["a", "b", "c"])])
        let reference = DriftReference(frame)
        let data = try JSONEncoder().encode(reference)
        #expect(try JSONDecoder().decode(DriftReference.self, from: data) == reference)
        #expect(Self.decodingMessage(Self.profileJSON(counts: "[1,1,1]")) == nil)
    }

    @Test(arguments: [
        ("[9223372036854775807,9223372036854775807,1]", "adds up to more than"),
        ("[3]", "has 1 entries for 3 categories"),
        ("[-5,7,1]", "holds a negative count (-5)"),
        ("[1,1,2]", "counts 4 rows, not rowCount 3"),
    ])
    func corruptCountsAreRefusedNamingTheField(counts: String, message: String) throws {
        let found = try #require(Self.decodingMessage(Self.profileJSON(counts: counts)))
        #expect(found.contains(message), "\(found)")
    }

    @Test func unsortedCategoriesAreRefused() throws {
        let found = try #require(
            Self.decodingMessage(Self.profileJSON(counts: "[1,1,1]", categories: #"["b","a","c"]"#)))
        #expect(found.contains("categories is not sorted") || found.contains("not sorted by name"), "\(found)")
    }

    @Test func presentCountDoesNotTrapOnHugeCounts() {
        #expect(DriftColumnProfile.checkedSum([Int.max, 1]) == nil)
        #expect(DriftColumnProfile.checkedSum([2, 3]) == 5)
    }

    static func regressionFrame(x: [Double]) throws -> Frame {
        try Frame(columns: [
            Column(name: "x", numbers: x), Column(name: "y", numbers: x.indices.map { Double($0) * 2 }),
        ])
    }

    @Test(arguments: [Double.infinity, -Double.infinity])
    func anInfiniteFeatureIsRefusedAtTraining(value: Double) throws {
        let frame = try Self.regressionFrame(x: [1, 2, value, 4, 5, value])
        for preprocess in [[], [PreprocessStep.standardize()], [PreprocessStep.minMax()]] {
            var spec = ModelSpec(algorithm: .linearRegression, target: "y", features: ["x"])
            spec.preprocess = preprocess
            let error = #expect(throws: ModelError.self) { try ModelTrainer.fit(spec, on: frame) }
            #expect(error?.message == "feature `x` has 2 infinite values (first at row 3)")
            #expect(error?.column == "x")
        }
    }

    @Test func anInfiniteFeatureIsRefusedAtPrediction() throws {
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .linearRegression, target: "y", features: ["x"]),
            on: try Self.regressionFrame(x: [1, 2, 3, 4, 5]))
        let error = #expect(throws: ModelError.self) {
            try model.predict(try Self.regressionFrame(x: [1, .infinity]))
        }
        #expect(error?.message == "feature `x` has 1 infinite value (first at row 2)")
    }

    /// 40 rows, 2 of class b: with 5 stratified folds, three folds' test rows hold only class a.
    static func rareClassFrame() throws -> Frame {
        try Frame(columns: [
            Column(name: "x", numbers: (0..<40).map(Double.init)),
            Column(name: "label", strings: (0..<40).map { $0 == 6 || $0 == 29 ? "b" : "a" }),
        ])
    }

    @Test func tuningFailsWhenTheScoreIsUndefinedForEveryCandidate() throws {
        let spec = ModelSpec(algorithm: .logisticRegression, target: "label", features: ["x"])
        let error = #expect(throws: ModelError.self) {
            try Tuning.search(
                spec, on: try Self.rareClassFrame(), candidates: Tuning.grid(["C": [.double(0.1), .double(1)]]),
                folds: 5, scoring: "roc_auc")
        }
        #expect(
            error?.message.hasPrefix("roc_auc is undefined (NaN) for every candidate") == true,
            "\(String(describing: error))")
        #expect(error?.parameter == "scoring")
    }

    @Test func permutationImportanceFailsOnAnUndefinedBaseline() throws {
        let frame = try Self.rareClassFrame()
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "label", features: ["x"]), on: frame)
        let singleClass = frame.rows(where: (0..<40).map { $0 != 6 && $0 != 29 })
        let error = #expect(throws: ModelError.self) {
            try PermutationImportance.compute(model: model, frame: singleClass, metric: "roc_auc")
        }
        #expect(error?.message.hasPrefix("roc_auc is undefined on these rows") == true)
        #expect(error?.parameter == "scoring")
    }
}
