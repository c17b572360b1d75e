import QuireEngine
import Testing

/// `Frame.renaming(_:)` as pandas' `rename(columns=…)`: all names at once, each column in its
/// place, values untouched; mistakes name the column.
@Suite struct RenameTests {
    static let frame = try? Frame(columns: [
        Column(name: "a", numbers: [1, 2]), Column(name: "b", strings: ["x", nil]), Column(name: "c", numbers: [3, 4]),
    ])

    @Test func renamesInPlaceAndAllAtOnce() throws {
        let frame = try #require(Self.frame)
        let swapped = try frame.renaming(["a": "b", "b": "a"])
        #expect(swapped.columnNames == ["b", "a", "c"])
        #expect(try swapped.column(named: "b").values == frame.column(named: "a").values)
        #expect(try swapped.column(named: "a").values == frame.column(named: "b").values)
        #expect(try frame.renaming([:]) == frame)
    }

    @Test func unknownAndDuplicateNamesFail() throws {
        let frame = try #require(Self.frame)
        #expect {
            try frame.renaming(["zz": "q", "c_": "d"])
        } throws: { error in
            // The first unknown name in name order, with the closest existing one.
            guard let error = error as? FrameError else { return false }
            return error.code == .unknownColumn && error.message.contains("`c_`") && (error.hint ?? "").contains("c")
        }
        #expect {
            try frame.renaming(["a": "c"])
        } throws: { error in
            (error as? FrameError)?.code == .duplicateColumn
        }
    }
}
