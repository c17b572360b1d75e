import Foundation
import Testing

@testable import QuireEngine

@Suite("Frames")
struct FrameTests {
    static let frame = try! Frame(columns: [
        Column(name: "a", numbers: [1, 2, 3, 4]),
        Column(name: "b", strings: ["x", "y", nil, "x"]),
        Column(name: "c", numbers: [.nan, 0, 1, 2]),
    ])

    @Test func selectDropAndSchema() throws {
        #expect(try Self.frame.selecting(["c", "a"]).columnNames == ["c", "a"])
        #expect(try Self.frame.dropping(["b"]).columnNames == ["a", "c"])
        #expect(Self.frame.schema.kind(of: "b") == .categorical)
        do {
            _ = try Self.frame.selecting(["aa"])
            Issue.record("unknown column accepted")
        } catch let error as FrameError {
            #expect(error.code == .unknownColumn)
            #expect(error.hint == "did you mean `a`?")
        }
        #expect(throws: FrameError.self) { try Self.frame.selecting(["a", "a"]) }
    }

    @Test func rowSubsetsShareCategories() throws {
        let subset = Self.frame.rows([3, 0])
        #expect(subset["a"]?.numbers == [4, 1])
        #expect(subset["b"]?.strings?.categories == Self.frame["b"]?.strings?.categories)
        #expect(subset["b"]?.strings?[0] == "x")
        #expect(Self.frame.rows(1..<3)["c"]?.numbers == [0, 1])
        #expect(Self.frame.rows(where: [true, false, false, true]).rowCount == 2)
        #expect(Self.frame.head(10) == Self.frame)
    }

    @Test func selectionAndSubsetsShareBuffers() throws {
        let address = { (values: [Double]) in values.withUnsafeBufferPointer { $0.baseAddress } }
        let selected = try Self.frame.selecting(["a", "b"])
        #expect(address(selected["a"]!.numbers!) == address(Self.frame["a"]!.numbers!))
        let derived = try Self.frame.deriving("d", "a * 2")
        #expect(address(derived["c"]!.numbers!) == address(Self.frame["c"]!.numbers!))
        let categories = { (frame: Frame) in frame["b"]!.strings!.categories.withUnsafeBufferPointer { $0.baseAddress }
        }
        #expect(categories(Self.frame.rows([2, 1])) == categories(Self.frame))
        #expect(address(Self.frame.rows(0..<4)["a"]!.numbers!) == address(Self.frame["a"]!.numbers!))
    }

    @Test func constructionChecks() {
        #expect(throws: FrameError.self) {
            try Frame(columns: [Column(name: "a", numbers: [1]), Column(name: "b", numbers: [])])
        }
        #expect(throws: FrameError.self) {
            try Frame(columns: [Column(name: "a", numbers: [1]), Column(name: "a", numbers: [2])])
        }
    }

    @Test func missingCounts() {
        #expect(Self.frame["b"]?.missingCount == 1)
        #expect(Self.frame["c"]?.missingCount == 1)
        #expect(Self.frame["c"]?.isMissing(at: 0) == true)
    }
}
