import Foundation
import QuireEngine
import Testing

/// `Frame.joined(with:_:)` against pandas' `merge` (scripts/prepare_fixtures_join.py): every
/// `how`, one and two keys, numeric, decimal and text keys with duplicates and missing values,
/// differently named keys, clashing names and suffixes, empty sides, `validate`; and on the real
/// churn data against a row-by-row reference join.
@Suite struct JoinTests {
    struct Case: Sendable, CustomStringConvertible {
        var leftOn: [String]
        var rightOn: [String]
        var usesOn: Bool
        var how: JoinHow
        var suffixes: (String, String)
        var validate: JoinValidation
        var leftRows: [Int]?
        var rightRows: [Int]?
        var expected: Frame?
        var error: String?
        var matchedLeft: Int
        var matchedRight: Int
        var index: Int

        var description: String {
            "#\(index) \(how.rawValue) on \(leftOn)/\(rightOn) validate \(validate.rawValue)"
                + (leftRows.map { " left rows \($0.count)" } ?? "")
                + (rightRows.map { " right rows \($0.count)" } ?? "")
        }

        var options: JoinOptions {
            usesOn
                ? JoinOptions(on: leftOn, how: how, suffixes: suffixes, validate: validate)
                : JoinOptions(leftOn: leftOn, rightOn: rightOn, how: how, suffixes: suffixes, validate: validate)
        }
    }

    static func frame(_ object: Any?) -> Frame? {
        guard let object = object as? [String: Any], let columns = object["columns"] as? [[String: Any]] else {
            return nil
        }
        let built = columns.map { column -> Column in
            let name = column["name"] as? String ?? ""
            let values = column["values"] as? [Any] ?? []
            if column["kind"] as? String == "numeric" {
                return Column(name: name, numbers: values.map(FixtureFiles.double))
            }
            return Column(name: name, strings: values.map { $0 as? String })
        }
        return try? Frame(columns: built, rowCount: object["rows"] as? Int)
    }

    static let fixture: (left: Frame, right: Frame, cases: [Case])? = {
        let url = FixtureFiles.root.appendingPathComponent("prepare/join.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let left = frame(object["left"]), let right = frame(object["right"]),
            let cases = object["cases"] as? [[String: Any]]
        else { return nil }
        return (
            left, right,
            cases.enumerated().map { index, raw in
                let expected = raw["expected"] as? [String: Any] ?? [:]
                let suffixes = raw["suffixes"] as? [String] ?? ["_x", "_y"]
                let on = raw["on"] as? [String]
                return Case(
                    leftOn: on ?? raw["left_on"] as? [String] ?? [], rightOn: on ?? raw["right_on"] as? [String] ?? [],
                    usesOn: on != nil, how: JoinHow(rawValue: raw["how"] as? String ?? "") ?? .inner,
                    suffixes: (suffixes[0], suffixes[1]),
                    validate: JoinValidation(rawValue: raw["validate"] as? String ?? "") ?? .manyToMany,
                    leftRows: raw["left_rows"] as? [Int], rightRows: raw["right_rows"] as? [Int],
                    expected: frame(expected["frame"]), error: expected["error"] as? String,
                    matchedLeft: expected["matched_left"] as? Int ?? -1,
                    matchedRight: expected["matched_right"] as? Int ?? -1, index: index)
            }
        )
    }()

    @Test(arguments: fixture?.cases ?? [])
    func agreesWithPandas(_ oracle: Case) throws {
        let fixture = try #require(Self.fixture)
        let left = oracle.leftRows.map { fixture.left.rows($0) } ?? fixture.left
        let right = oracle.rightRows.map { fixture.right.rows($0) } ?? fixture.right
        if let side = oracle.error {
            #expect {
                try left.joined(with: right, oracle.options)
            } throws: { error in
                guard let error = error as? FrameError else { return false }
                return error.code == .duplicateKey && error.message.contains("in \(side) rows")
                    && error.argument == "validate"
            }
            return
        }
        let result = try left.joined(with: right, oracle.options)
        let expected = try #require(oracle.expected)
        #expect(result.frame.columnNames == expected.columnNames)
        #expect(result.frame.schema == expected.schema)
        #expect(result.frame.rowCount == expected.rowCount)
        for column in expected.columns {
            #expect(result.frame[column.name] == column, "column \(column.name)")
        }
        #expect(result.matchedLeft == oracle.matchedLeft)
        #expect(result.matchedRight == oracle.matchedRight)
        #expect(result.leftRows == left.rowCount && result.rightRows == right.rowCount)
    }

    @Test func fixtureCoversEveryHow() {
        let cases = Self.fixture?.cases ?? []
        #expect(cases.count >= 40)
        #expect(Set(cases.map(\.how)) == Set(JoinHow.allCases))
        #expect(cases.contains { $0.error == "left" } && cases.contains { $0.error == "right" })
    }

    // MARK: Real data

    /// churn.csv's customers joined to a plans table made from its `contract` column (one plan
    /// the data lacks, one contract the plans lack), for every `how`, against a reference join
    /// that compares every pair of rows.
    @Test(arguments: JoinHow.allCases)
    func churnWithPlans(_ how: JoinHow) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks/data/churn.csv").path
        let customers = try CSVReader.read(contentsOf: path)
        let contracts = try #require(customers["contract"]?.strings)
        var names = Array(Set(contracts.categories)).sorted()
        #expect(names.count >= 2)
        names.removeLast()  // a contract without a plan
        let plans = try Frame(columns: [
            Column(name: "contract", strings: names + ["lifetime", nil]),
            Column(name: "fee", numbers: names.indices.map { Double($0) * 10 + 5 } + [99, 1]),
        ])
        let result = try customers.joined(with: plans, JoinOptions(on: ["contract"], how: how))
        let reference = Self.referenceJoin(customers, plans, key: "contract", how: how)
        #expect(result.frame.rowCount == reference.count)
        let fee = result.frame["fee"]?.numbers ?? []
        let ids = try #require(result.frame["customer_id"]?.strings)
        let keys = try #require(result.frame["contract"]?.strings)
        let leftIds = try #require(customers["customer_id"]?.strings)
        let planFees = try #require(plans["fee"]?.numbers)
        let planNames = try #require(plans["contract"]?.strings)
        var agree = true
        for (k, pair) in reference.enumerated() where k < result.frame.rowCount {
            let expectedId = pair.left.flatMap { leftIds[$0] }
            let expectedFee = pair.right.map { planFees[$0] } ?? .nan
            let expectedKey = pair.left.map { contracts[$0] } ?? pair.right.flatMap { planNames[$0] }
            if how == .semi || how == .anti {
                agree = agree && ids[k] == expectedId
            } else {
                agree =
                    agree && ids[k] == expectedId && keys[k] == expectedKey
                    && (fee[k] == expectedFee || (fee[k].isNaN && expectedFee.isNaN))
            }
        }
        #expect(agree)
    }

    /// The pairs of (left row, right row) a join gives, by comparing every pair, in Quire's order.
    static func referenceJoin(_ left: Frame, _ right: Frame, key: String, how: JoinHow) -> [(left: Int?, right: Int?)] {
        let l = left[key]?.strings
        let r = right[key]?.strings
        func match(_ i: Int, _ j: Int) -> Bool {
            guard let a = l?[i], let b = r?[j] else { return false }
            return Array(a.utf8) == Array(b.utf8)
        }
        var pairs: [(left: Int?, right: Int?)] = []
        switch how {
        case .right:
            for j in 0..<right.rowCount {
                let found = (0..<left.rowCount).filter { match($0, j) }
                pairs += found.isEmpty ? [(nil, j)] : found.map { ($0, j) }
            }
        case .semi, .anti:
            for i in 0..<left.rowCount where (0..<right.rowCount).contains(where: { match(i, $0) }) == (how == .semi) {
                pairs.append((i, nil))
            }
        default:
            for i in 0..<left.rowCount {
                let found = (0..<right.rowCount).filter { match(i, $0) }
                if found.isEmpty {
                    if how != .inner { pairs.append((i, nil)) }
                } else {
                    pairs += found.map { (i, $0) }
                }
            }
            if how == .outer {
                for j in 0..<right.rowCount where !(0..<left.rowCount).contains(where: { match($0, j) }) {
                    pairs.append((nil, j))
                }
            }
        }
        return pairs
    }

    // MARK: Keys

    @Test func negativeZeroMatchesZeroAndMissingKeysNeverMatch() throws {
        let left = try Frame(columns: [
            Column(name: "k", numbers: [-0.0, .nan, 2]), Column(name: "a", numbers: [1, 2, 3]),
        ])
        let right = try Frame(columns: [Column(name: "k", numbers: [0.0, .nan]), Column(name: "b", numbers: [7, 8])])
        let result = try left.joined(with: right, JoinOptions(on: ["k"], how: .outer))
        #expect(result.frame["b"]?.numbers?.map { $0.isNaN ? -1 : $0 } == [7, -1, -1, 8])
        #expect(result.frame["a"]?.numbers?.map { $0.isNaN ? -1 : $0 } == [1, 2, 3, -1])
        #expect(result.matchedLeft == 1 && result.matchedRight == 1)
        #expect(result.unmatchedLeft == 2 && result.unmatchedRight == 1)
    }

    /// Text compares as a frame's categories do: by the strings (not by the codes, which the two
    /// frames assign differently), canonically equivalent strings being equal.
    @Test func textKeysCompareStringsNotCodes() throws {
        let left = try Frame(columns: [Column(name: "t", strings: ["b", "a", "\u{E9}", nil, "x"])])
        let right = try Frame(columns: [
            Column(name: "t", strings: ["e\u{301}", "a", "b", "c"]), Column(name: "n", numbers: [1, 2, 3, 4]),
        ])
        let result = try left.joined(with: right, JoinOptions(on: ["t"], how: .outer))
        #expect(result.frame["n"]?.numbers?.map { $0.isNaN ? -1 : $0 } == [3, 2, 1, -1, -1, 4])
        let keys = try #require(result.frame["t"]?.strings)
        #expect((0..<keys.count).map { keys[$0] } == ["b", "a", "\u{E9}", nil, "x", "c"])
    }

    @Test func keysOfDifferentKindsAreAnError() throws {
        let left = try Frame(columns: [Column(name: "plan_id", numbers: [1])])
        let right = try Frame(columns: [Column(name: "plan", strings: ["1"])])
        #expect {
            try left.joined(with: right, JoinOptions(leftOn: ["plan_id"], rightOn: ["plan"]))
        } throws: { error in
            guard let error = error as? FrameError else { return false }
            return error.code == .wrongKind && error.message.contains("`plan_id`") && error.message.contains("`plan`")
                && error.message.contains("numeric") && error.message.contains("categorical")
                && (error.hint ?? "").contains("cast") && error.argument == "left_on"
        }
    }

    @Test func unknownKeyNamesTheFrameAndTheClosestColumn() throws {
        let left = try Frame(columns: [Column(name: "plan_id", numbers: [1])])
        let right = try Frame(columns: [Column(name: "plan_id", numbers: [1])])
        #expect {
            try left.joined(with: right, JoinOptions(on: ["plan_di"]))
        } throws: { error in
            guard let error = error as? FrameError else { return false }
            return error.code == .unknownColumn && error.message.contains("left frame")
                && (error.hint ?? "").contains("`plan_id`") && error.argument == "on"
        }
    }

    @Test func validateNamesTheKeyAndBothRows() throws {
        let left = try Frame(columns: [Column(name: "k", numbers: [1, 2])])
        let plans = try Frame(columns: [Column(name: "k", numbers: [2, .nan, 3, .nan, 2])])
        #expect {
            try left.joined(with: plans, JoinOptions(on: ["k"], how: .left, validate: .manyToOne))
        } throws: { error in
            guard let error = error as? FrameError else { return false }
            return error.code == .duplicateKey && error.message.contains("`k` = 2")
                && error.message.contains("right rows 1 and 5") && error.argument == "validate"
        }
        // Missing keys never match, so they may repeat.
        let unique = try Frame(columns: [Column(name: "k", numbers: [.nan, 2, .nan])])
        #expect(
            try left.joined(with: unique, JoinOptions(on: ["k"], how: .left, validate: .oneToOne)).frame.rowCount == 2)
    }

    @Test func suffixesThatCollideAreAnErrorAboutSuffixes() throws {
        let left = try Frame(columns: [Column(name: "k", numbers: [1]), Column(name: "v", numbers: [1])])
        let right = try Frame(columns: [Column(name: "k", numbers: [1]), Column(name: "v", numbers: [1])])
        #expect {
            try left.joined(with: right, JoinOptions(on: ["k"], suffixes: ("", "")))
        } throws: { error in
            (error as? FrameError)?.code == .duplicateColumn && (error as? FrameError)?.argument == "suffixes"
        }
    }

    @Test func gatherWithMissingRows() throws {
        let frame = try Frame(columns: [Column(name: "x", numbers: [1, 2]), Column(name: "t", strings: ["a", nil])])
        let picked = frame.rows(orMissing: [1, -1, 0])
        #expect(picked["x"]?.numbers?.map { $0.isNaN ? -1 : $0 } == [2, -1, 1])
        #expect(picked["t"]?.strings.map { s in (0..<s.count).map { s[$0] } } == [nil, nil, "a"])
    }
}
