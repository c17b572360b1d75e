import Foundation
import Testing

@testable import QuireEngine

@Suite("Split")
struct SplitTests {
    /// Class counts of stratified splits against train_test_split(stratify=y) (splits.json).
    @Test func stratifiedCountsMatchScikitLearn() throws {
        let cases = try #require(try FixtureFiles.json("splits.json") as? [[String: Any]])
        #expect(cases.count >= 4)
        for entry in cases {
            let frame = try FixtureFiles.dataset(entry["dataset"] as! String)
            let size = FixtureFiles.double(entry["test_size"])
            let classes = (entry["classes"] as! [Any]).map { FixtureFiles.double($0) }
            for seed: UInt64 in [0, 1, 99] {
                let split = try frame.split(SplitOptions(testSize: size, seed: seed, stratify: "target"))
                let count = { (f: Frame) in classes.map { c in f["target"]!.numbers!.filter { $0 == c }.count } }
                #expect(count(split.train) == entry["train_counts"] as! [Int], "\(entry["dataset"]!) \(size) train")
                #expect(count(split.test) == entry["test_counts"] as! [Int], "\(entry["dataset"]!) \(size) test")
            }
        }
    }

    static func indexed(_ n: Int) throws -> Frame {
        try Frame(columns: [
            Column(name: "id", numbers: (0..<n).map(Double.init)),
            Column(name: "group", strings: (0..<n).map { $0 % 10 == 0 ? "rare" : "common" }),
        ])
    }

    @Test func randomSplitPartitionsRowsAndIsSeeded() throws {
        let frame = try Self.indexed(101)
        let split = try frame.split(SplitOptions(testSize: 0.2, validSize: 0.1, seed: 5))
        let ids = { (f: Frame) in Set(f["id"]!.numbers!) }
        #expect(split.test.rowCount == 21)  // ceil(0.2 × 101), as scikit-learn
        #expect(split.valid?.rowCount == 11)
        #expect(split.train.rowCount == 69)
        #expect(ids(split.train).union(ids(split.test)).union(ids(split.valid!)).count == 101)
        #expect(split.train["id"]!.numbers! == split.train["id"]!.numbers!.sorted(), "rows keep their order")
        #expect(try frame.split(SplitOptions(testSize: 0.2, validSize: 0.1, seed: 5)) == split)
        #expect(try frame.split(SplitOptions(testSize: 0.2, validSize: 0.1, seed: 6)) != split)
    }

    @Test func stratifiedByTextWithValidation() throws {
        let frame = try Self.indexed(1000)
        let split = try frame.split(SplitOptions(testSize: 0.2, validSize: 0.2, seed: 3, stratify: "group"))
        let rare = { (f: Frame) in (0..<f.rowCount).filter { f["group"]!.strings![$0] == "rare" }.count }
        #expect(rare(split.test) == 20)
        #expect(rare(split.valid!) == 20)
        #expect(rare(split.train) == 60)
        #expect(split.test.rowCount == 200 && split.valid!.rowCount == 200)
    }

    @Test func timeSplitTakesTheLatestRows() throws {
        let frame = try Frame(columns: [
            Column(name: "day", strings: ["2024-01-05", "2024-01-01", "2024-01-04", "2024-01-02", "2024-01-03"]),
            Column(name: "v", numbers: [5, 1, 4, 2, 3]),
        ])
        let split = try frame.split(SplitOptions(testSize: 2, orderBy: "day"))
        #expect(split.train["v"]?.numbers == [1, 2, 3])
        #expect(split.test["v"]?.numbers == [4, 5])
    }

    @Test func badSizesAndColumnsAreErrors() throws {
        let frame = try Self.indexed(10)
        #expect(throws: FrameError.self) { try frame.split(SplitOptions(testSize: 1.5)) }
        #expect(throws: FrameError.self) { try frame.split(SplitOptions(testSize: 0.6, validSize: 0.5)) }
        #expect(throws: FrameError.self) { try frame.split(SplitOptions(stratify: "gruop")) }
        let withHole = try frame.setting(Column(name: "t", numbers: [1, .nan, 3, 4, 5, 6, 7, 8, 9, 10]))
        #expect(throws: FrameError.self) { try withHole.split(SplitOptions(orderBy: "t")) }
    }
}
