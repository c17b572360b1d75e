import Foundation
import QuireEngine
import Testing

/// `Frame.concatenating(_:source:)` against pandas' `concat(frames, ignore_index=True)`
/// (scripts/prepare_fixtures_reshape.py): columns aligned by name in order of first appearance,
/// missing ones null, text with different category lists merged by string, an empty and a
/// one-row frame, the same frame twice, and the source column.
@Suite struct ConcatTests {
    struct Case: Sendable, CustomStringConvertible {
        var frames: [String]
        var index: Int
        var description: String { frames.joined(separator: " + ") }
    }

    static let frames: [String: Frame] = {
        let written = ReshapeFixture.section("concat")["frames"] as? [String: Any] ?? [:]
        return written.compactMapValues { try? ReshapeFixture.frame($0) }
    }()
    static let cases = ReshapeFixture.cases("concat").enumerated().map {
        Case(frames: $0.element["frames"] as? [String] ?? [], index: $0.offset)
    }

    @Test(arguments: cases)
    func agreesWithPandas(_ oracle: Case) throws {
        let inputs = try oracle.frames.map { name in (name: name, frame: try #require(Self.frames[name])) }
        let expected = try ReshapeFixture.frame(ReshapeFixture.cases("concat")[oracle.index]["result"])
        let result = try Frame.concatenating(inputs, source: "source")
        #expect(result.columnNames == expected.columnNames)
        #expect(result == expected)
        for column in result.columns {
            if let strings = column.strings { #expect(Set(strings.categories).count == strings.categories.count) }
        }
    }

    @Test func fixtureIsThere() {
        #expect(Self.cases.count >= 5 && Self.frames.count == 4)
    }

    @Test func kindMismatchNamesBothFrames() throws {
        let jan = try Frame(columns: [Column(name: "zip", numbers: [1, 2])])
        let feb = try Frame(columns: [Column(name: "zip", strings: ["02134", nil])])
        #expect {
            try Frame.concatenating([("jan", jan), ("feb", feb)])
        } throws: { error in
            guard let error = error as? FrameError else { return false }
            return error.code == .wrongKind && error.message.contains("`jan`") && error.message.contains("`feb`")
                && (error.hint ?? "").contains("cast") && error.argument == "frames"
        }
        // A frame without rows adds its columns but does not decide their kind.
        let none = feb.rows([])
        let joined = try Frame.concatenating([("none", none), ("jan", jan)])
        #expect(joined.schema == jan.schema)
        #expect(joined == jan)
    }

    @Test func sourceColumnClashAndNoFrames() throws {
        let jan = try Frame(columns: [Column(name: "month", numbers: [1])])
        #expect {
            try Frame.concatenating([("jan", jan)], source: "month")
        } throws: { error in
            (error as? FrameError)?.code == .duplicateColumn && (error as? FrameError)?.argument == "source"
        }
        #expect(throws: FrameError.self) { try Frame.concatenating([]) }
    }
}
