import Foundation
import QuireEngine
import Testing

/// The fitted transforms behind `impute`, `encode` and `scale` against scikit-learn
/// (scripts/prepare_fixtures_transforms.py): SimpleImputer, StandardScaler, MinMaxScaler,
/// RobustScaler, OneHotEncoder, OrdinalEncoder and TargetEncoder (cross-fitted on the folds
/// sklearn used), on generated data with missing values and unseen categories and on churn.csv.
@Suite struct StandaloneTransformTests {
    struct Case: Sendable, CustomStringConvertible {
        var index: Int
        var op: String
        var description: String
    }

    static let fixtureData = try? Data(contentsOf: FixtureFiles.root.appendingPathComponent("prepare/transforms.json"))

    /// The fixture, parsed anew by each caller (JSONSerialization's values are not Sendable).
    static var fixture: [String: Any]? {
        fixtureData.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    static let cases: [Case] = ((fixture?["cases"] as? [[String: Any]]) ?? []).enumerated().map { index, object in
        let words = ["frames", "op", "strategy", "method", "target_type", "smooth"].compactMap { object[$0] }
        return Case(
            index: index, op: object["op"] as? String ?? "",
            description: "\(index): " + words.map { "\($0)" }.joined(separator: " "))
    }

    static func rawCase(_ index: Int, in fixture: [String: Any]?) -> [String: Any] {
        ((fixture?["cases"] as? [[String: Any]]) ?? [])[index]
    }

    static func frame(_ set: String, _ role: String, in fixture: [String: Any]?) throws -> Frame {
        let frames = try #require(fixture?["frames"] as? [String: Any])
        let pair = try #require(frames[set] as? [String: Any])
        let frame = try #require(pair[role] as? [String: Any])
        let columns = try #require(frame["columns"] as? [[String: Any]])
        return try Frame(
            columns: columns.map { column in
                let name = column["name"] as? String ?? ""
                let values = column["values"] as? [Any] ?? []
                return column["kind"] as? String == "numeric"
                    ? Column(name: name, numbers: values.map(FixtureFiles.double))
                    : Column(name: name, strings: values.map { $0 as? String })
            })
    }

    /// Compares one output column with sklearn's (numbers within 1e-12, or text exactly).
    static func expectColumn(_ frame: Frame, _ name: String, _ expected: [Any], _ label: String) throws {
        let column = try frame.column(named: name)
        #expect(column.count == expected.count, "\(label) \(name) rows")
        switch column.values {
        case .numeric(let numbers):
            let wrong = zip(numbers, expected.map(FixtureFiles.double)).enumerated().filter { !close($1.0, $1.1) }
            #expect(wrong.isEmpty, "\(label) \(name): \(wrong.prefix(3).map { "row \($0): \($1.0) vs \($1.1)" })")
        case .date:
            Issue.record("no fixture column is a date")
        case .categorical(let strings):
            let texts = (0..<strings.count).map { strings[$0] }
            #expect(texts == expected.map { $0 as? String }, "\(label) \(name)")
        }
    }

    static func transform(for raw: [String: Any], fit: Frame) throws -> (FittedTransform, Frame?) {
        let columns = raw["columns"] as? [String]
        switch raw["op"] as? String {
        case "impute":
            let strategy: ImputeStrategy =
                switch raw["strategy"] as? String {
                case "median": .median
                case "most_frequent": .mostFrequent
                case "constant":
                    (raw["fill_value"] as? String).map { .constantString($0) }
                        ?? .constantNumber((raw["fill_value"] as? NSNumber)?.doubleValue ?? 0)
                default: .mean
                }
            return (.impute(try Imputer.fit(fit, strategy: strategy, columns: columns)), nil)
        case "scale":
            switch raw["method"] as? String {
            case "min_max": return (.minMax(try MinMaxScaler.fit(fit, columns: columns)), nil)
            case "robust": return (.robust(try RobustScaler.fit(fit, columns: columns)), nil)
            default: return (.standardize(try Standardizer.fit(fit, columns: columns)), nil)
            }
        case "one_hot": return (.oneHot(try OneHotEncoder.fit(fit, columns: columns)), nil)
        case "ordinal":
            let unknown = (raw["unknown_value"] as? NSNumber)?.doubleValue
            return (.ordinal(try OrdinalEncoder.fit(fit, columns: columns, unknownValue: unknown)), nil)
        default:
            let folds = try #require(raw["folds"] as? [Int])
            let count = (folds.max() ?? 0) + 1
            let rows = (0..<count).map { f in folds.indices.filter { folds[$0] == f } }
            let type: TargetEncoder.TargetType = raw["target_type"] as? String == "binary" ? .binary : .continuous
            let (encoder, encoded) = try TargetEncoder.fitTransform(
                fit, columns: columns, target: raw["target"] as? String ?? "", targetType: type,
                smooth: (raw["smooth"] as? NSNumber)?.doubleValue, folds: rows)
            #expect(close(encoder.targetMean, FixtureFiles.double(raw["target_mean"])))
            return (.target(encoder), encoded)
        }
    }

    @Test(arguments: cases)
    func agreesWithScikitLearn(_ oracle: Case) throws {
        let fixture = Self.fixture
        let raw = Self.rawCase(oracle.index, in: fixture)
        let set = raw["frames"] as? String ?? ""
        let fit = try Self.frame(set, "fit", in: fixture)
        let apply = try Self.frame(set, "apply", in: fixture)
        let (transform, crossFitted) = try Self.transform(for: raw, fit: fit)
        let fitOut = try crossFitted ?? transform.apply(to: fit)
        let applyOut = try transform.apply(to: apply)
        for (role, frame) in [("fit_out", fitOut), ("apply_out", applyOut)] {
            let expected = try #require(raw[role] as? [String: [Any]])
            for (name, values) in expected.sorted(by: { $0.key < $1.key }) {
                try Self.expectColumn(frame, name, values, "\(oracle) \(role)")
            }
        }
        if let names = raw["output_columns"] as? [String] {
            // One-hot columns take the encoded columns' place, in sklearn's order.
            let encoded = applyOut.columnNames.filter { names.contains($0) }
            #expect(encoded == names)
        }
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 30)
        #expect(Set(Self.cases.map(\.op)) == ["impute", "scale", "one_hot", "ordinal", "target"])
    }

    /// Statistics come from the fitting frame only: changing every value of the other frame
    /// changes nothing in the fitted transform.
    @Test func otherFramesDoNotInfluenceTheTransform() throws {
        let fit = try Frame(columns: [
            Column(name: "x", numbers: [1, 2, .nan, 4]), Column(name: "c", strings: ["a", "b", "a", nil]),
            Column(name: "y", numbers: [1, 0, 1, 0]),
        ])
        let test = try Frame(columns: [
            Column(name: "x", numbers: [1000, .nan]), Column(name: "c", strings: ["z", "a"]),
            Column(name: "y", numbers: [1, 1]),
        ])
        let transforms: [FittedTransform] = [
            .impute(try Imputer.fit(fit, strategy: .median, columns: ["x"])),
            .standardize(try Standardizer.fit(fit, columns: ["x"])), .robust(try RobustScaler.fit(fit, columns: ["x"])),
            .oneHot(try OneHotEncoder.fit(fit, columns: ["c"])),
            .target(try TargetEncoder.fit(fit, columns: ["c"], target: "y")),
        ]
        // Applying to a frame of other values and kinds of rows leaves every transform as it was.
        for transform in transforms {
            let before = transform
            _ = try transform.apply(to: test)
            #expect(transform == before)
        }
        let scaled = try transforms[1].apply(to: test)
        let mean = (1.0 + 2 + 4) / 3  // the fit frame's present values only
        #expect(scaled["x"]?.numbers?[0] == (1000 - mean) / (Statistics.standardDeviation([1, 2, 4], ddof: 0) ?? 1))
        let imputed = try transforms[0].apply(to: test)
        #expect(imputed["x"]?.numbers == [1000, 2])  // the fit frame's median, not the test frame's
        let target = try transforms[4].apply(to: test)
        #expect(target["c"]?.numbers?[0] == 0.5)  // unseen `z`: the fit frame's target mean
    }

    /// Cross-fitting: a row's own target never enters its encoding.
    @Test func crossFittingLeavesEachRowOut() throws {
        let frame = try Frame(columns: [
            Column(name: "c", strings: ["a", "a", "b", "b"]), Column(name: "y", numbers: [1, 0, 1, 1]),
        ])
        let (_, encoded) = try TargetEncoder.fitTransform(
            frame, columns: ["c"], target: "y", smooth: 0, folds: [[0], [1], [2], [3]])
        // Row 0 sees only row 1 of `a` (target 0); row 1 sees row 0 (target 1).
        #expect(encoded["c"]?.numbers == [0, 1, 1, 1])
    }

    @Test func targetEncodingRefusesAMulticlassTextTarget() throws {
        let frame = try Frame(columns: [
            Column(name: "c", strings: ["a", "b", "c"]), Column(name: "y", strings: ["p", "q", "r"]),
        ])
        #expect(throws: FrameError.self) { try TargetEncoder.fit(frame, columns: ["c"], target: "y") }
    }

    @Test func transformsRoundTripThroughJSON() throws {
        let fit = try Frame(columns: [
            Column(name: "x", numbers: [1, 2, 3, 10]), Column(name: "c", strings: ["a", "b", "a", nil]),
            Column(name: "y", numbers: [1.5, 0, 2, 7]),
        ])
        let transforms: [FittedTransform] = [
            .robust(try RobustScaler.fit(fit, columns: ["x"])),
            .target(try TargetEncoder.fit(fit, columns: ["c"], target: "y", smooth: 2)),
            .ordinal(try OrdinalEncoder.fit(fit, columns: ["c"], unknownValue: -1)),
        ]
        for transform in transforms {
            let data = try JSONEncoder().encode(transform)
            #expect(try JSONDecoder().decode(FittedTransform.self, from: data) == transform)
        }
    }

    /// A model exported behind its transforms takes raw rows: after a JSON round trip its
    /// predictions on raw rows equal, bit for bit, the trained model's on the transformed rows.
    @Test func exportedModelTakesRawRows() throws {
        let fixture = Self.fixture
        let train = try Self.frame("churn", "fit", in: fixture)
        let test = try Self.frame("churn", "apply", in: fixture)
        let imputer = FittedTransform.impute(try Imputer.fit(train, strategy: .median, columns: ["monthly_charges"]))
        let imputed = try imputer.apply(to: train)
        let folds = try TargetEncoder.folds(
            imputed, target: "churned", targetType: nil, count: 5, shuffle: true, seed: 3)
        let (target, encodedTrain) = try TargetEncoder.fitTransform(
            imputed, columns: ["contract"], target: "churned", folds: folds)
        let oneHot = FittedTransform.oneHot(try OneHotEncoder.fit(encodedTrain, columns: ["payment_method"]))
        let scaler = FittedTransform.robust(try RobustScaler.fit(encodedTrain, columns: ["tenure", "monthly_charges"]))
        let transforms: [FittedTransform] = [imputer, .target(target), oneHot, scaler]
        let prepared = try scaler.apply(to: try oneHot.apply(to: encodedTrain))
        let features = prepared.columnNames.filter { $0 != "churned" }
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "churned", features: features), on: prepared)
        let preparedTest = try transforms.reduce(test) { try $1.apply(to: $0) }
        let exported = model.taking(rawRowsThrough: transforms)
        #expect(exported.version == TrainedModel.transformsVersion)
        let loaded = try TrainedModel.decode(try exported.encoded())
        #expect(loaded == exported)
        let raw = try loaded.predictProbabilities(test)
        let direct = try model.predictProbabilities(preparedTest)
        #expect(raw.map { $0.map(\.bitPattern) } == direct.map { $0.map(\.bitPattern) })
        // A model without transforms keeps version 1 and no `transforms` key.
        let plain = String(decoding: try model.encoded(), as: UTF8.self)
        #expect(model.version == 1 && !plain.contains("\"transforms\""))
        #expect(throws: ModelError.self) { try model.predict(test) }  // the raw rows need the transforms
    }
}
