import Foundation
import QuireEngine
import Testing

/// Exported models behind `derive` expressions (``DerivedColumns``), ``TrainedModel/inputs``, the
/// streaming reader and the batch writer `quire score` uses.
@Suite struct RawRowScoringTests {
    static func raw() throws -> Frame {
        try Frame(columns: [
            Column(name: "a", numbers: [1, 2, .nan, 4, 5, 6, 7, 8]),
            Column(name: "b", numbers: [0.5, 1.5, 2, 3, -1, 0, 2.5, 9]),
            Column(name: "city", strings: [" Paris", "lyon", "paris ", nil, "Lyon", "nice", "NICE", "paris"]),
            Column(name: "skip", numbers: [9, 9, 9, 9, 9, 9, 9, 9]),
            Column(name: "y", numbers: [0, 1, 0, 1, 1, 0, 1, 0]),
        ])
    }

    static let entries = [
        DerivedColumns.Entry(name: "ratio", expression: "a / (b + 2)"),
        DerivedColumns.Entry(name: "town", expression: "trim(lower(city))"),
        DerivedColumns.Entry(name: "a", expression: "a * 10"),
        DerivedColumns.Entry(name: "twice", expression: "ratio * 2"),
        DerivedColumns.Entry(name: "unused", expression: "skip + 1"),
    ]

    /// The model trained on derived and imputed columns predicts, from the raw rows through the
    /// exported transforms (after a JSON round trip), what it predicts on the prepared rows, bit
    /// for bit; the unused derived column and the column only it reads are left out.
    @Test func derivedColumnsTravelWithTheModel() throws {
        let raw = try Self.raw()
        let derive = FittedTransform.derive(try DerivedColumns(Self.entries, schema: raw.schema))
        let derived = try raw.deriving(Self.entries.map { ($0.name, $0.expression) })
        #expect(try derive.apply(to: raw) == derived)
        let imputer = FittedTransform.impute(try Imputer.fit(derived, strategy: .median, columns: ["a", "twice"]))
        let prepared = try imputer.apply(to: derived)
        let model = try ModelTrainer.fit(
            ModelSpec(
                algorithm: .logisticRegression, target: "y", features: ["twice", "a", "town", "b"],
                preprocess: [.oneHot(), .standardize()]), on: prepared)
        let exported = model.taking(rawRowsThrough: [derive, imputer])
        #expect(exported.version == TrainedModel.deriveVersion)
        let text = String(decoding: try exported.encoded(), as: UTF8.self)
        #expect(text.contains("\"kind\":\"derive\"") && !text.contains("unused") && !text.contains("skip"))
        let loaded = try TrainedModel.decode(try exported.encoded())
        #expect(loaded == exported)
        let fromRaw = try loaded.predictProbabilities(raw)
        let direct = try model.predictProbabilities(prepared)
        #expect(fromRaw.map { $0.map(\.bitPattern) } == direct.map { $0.map(\.bitPattern) })
        // The inputs: what the expressions read first (with their kinds), then the features that
        // no transform made; `skip` is not one.
        #expect(
            loaded.inputs == [
                ModelInput(name: "a", kind: .numeric), ModelInput(name: "b", kind: .numeric),
                ModelInput(name: "city", kind: .categorical),
            ])
        // scoredColumns gives what predictLabels and predictProbabilities give.
        let columns = try loaded.scoredColumns(raw, threads: 2)
        #expect(columns.map(\.name) == ["prediction", "probability_0", "probability_1"])
        let labels = try loaded.predictLabels(raw)
        #expect((0..<raw.rowCount).map { columns[0].strings?[$0] } == labels)
        #expect(columns[2].numbers?.map(\.bitPattern) == fromRaw.map { $0[1].bitPattern })
        // A row of the wrong kind is named.
        let wrong = try raw.setting(Column(name: "b", strings: (0..<8).map { _ in "x" }))
        #expect(throws: ModelError.self) { try loaded.predict(wrong) }
        // A Quire that reads version 3 refuses version 4 by its number.
        let newer = text.replacingOccurrences(of: "\"version\":3", with: "\"version\":4")
        #expect(throws: ModelError.self) { try TrainedModel.decode(Data(newer.utf8)) }
    }

    @Test func windowFunctionsAreFound() throws {
        let raw = try Self.raw()
        let rowWise = try DerivedColumns(Self.entries, schema: raw.schema)
        #expect(rowWise.windowFunction == nil)
        let windowed = try DerivedColumns(
            Self.entries + [.init(name: "prev", expression: "if(lag(a) > 1, cumsum(b), 0)")], schema: raw.schema)
        #expect(windowed.windowFunction?.column == "prev" && windowed.windowFunction?.function == "lag")
    }

    @Test func inputsOfTransformsFollowTheRow() throws {
        let frame = try Self.raw()
        let model = try ModelTrainer.fit(
            ModelSpec(algorithm: .logisticRegression, target: "y", features: ["a", "b"], preprocess: [.impute(nil)]),
            on: frame)
        #expect(model.inputs == [ModelInput(name: "a", kind: .numeric), ModelInput(name: "b", kind: .numeric)])
        let encoder = try OneHotEncoder.fit(frame, columns: ["city"])
        let encoded = try encoder.apply(to: frame)
        let names = encoded.columnNames.filter { $0.hasPrefix("city_") }
        let onEncoded = try ModelTrainer.fit(
            ModelSpec(
                algorithm: .logisticRegression, target: "y", features: ["b"] + names, preprocess: [.impute(nil)]),
            on: encoded)
        let exported = onEncoded.taking(rawRowsThrough: [.oneHot(encoder)])
        #expect(exported.version == TrainedModel.transformsVersion)
        #expect(
            exported.inputs == [ModelInput(name: "city", kind: .categorical), ModelInput(name: "b", kind: .numeric)])
    }

    /// The writer's rows are CSVWriter's, value for value (dates aside: each in its own form).
    @Test func rowBytesAreWhatCSVWriterWrites() throws {
        let frame = try Frame(columns: [
            Column(name: "x", numbers: [0.1, -0.0, .nan, 1e-300, .infinity, 12345678.125, 3]),
            Column(name: "t", strings: ["plain", "a,b", "say \"hi\"", nil, "", " pad", "line\nbreak"]),
        ])
        let text = CSVWriter.text(for: frame)
        let bytes = CSVWriter.headerBytes(frame.columnNames) + CSVWriter.rowBytes(frame, threads: 3)
        #expect(String(decoding: bytes, as: UTF8.self) == text)
        let big = try Frame(columns: [
            Column(name: "n", numbers: (0..<10_000).map { Double($0) / 7 }),
            Column(name: "s", strings: (0..<10_000).map { "v\($0 % 13)" }),
        ])
        #expect(CSVWriter.rowBytes(big, threads: 1) == CSVWriter.rowBytes(big, threads: 4))
        #expect(
            String(decoding: CSVWriter.headerBytes(big.columnNames) + CSVWriter.rowBytes(big), as: UTF8.self)
                == CSVWriter.text(for: big))
    }

    /// Blocks of any size give the rows the whole-file reader gives (with the same kinds).
    @Test func batchReaderReadsWhatTheReaderReads() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-batch-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = "id,x,when,c\n"
        for i in 0..<3_000 {
            text += "r\(i),\(i % 17 == 0 ? "" : "\(Double(i) / 3)"),2024-01-\(String(format: "%02d", i % 28 + 1)),"
            text += i % 5 == 0 ? "\"q,\(i % 3)\"\n" : "k\(i % 4)\n"
        }
        let path = directory.appendingPathComponent("d.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let columns: [(name: String, kind: ColumnKind)] = [("c", .categorical), ("x", .numeric), ("when", .date)]
        var options = CSVOptions(types: ["c": .categorical, "x": .numeric, "when": .date])
        let whole = try CSVReader.read(contentsOf: path, options: options)
        for block in [64, 1000, 1 << 20] {
            options = CSVOptions(threads: 2, blockSize: block)
            let reader = try CSVBatchReader(path: path, columns: columns, options: options)
            var x: [Double] = []
            var c: [String?] = []
            var when: [Double] = []
            while let batch = try reader.next() {
                #expect(batch.columnNames == ["c", "x", "when"])
                x += batch["x"]?.numbers ?? []
                when += batch["when"]?.dates ?? []
                let strings = try #require(batch["c"]?.strings)
                c += (0..<strings.count).map { strings[$0] }
            }
            #expect(reader.rowsRead == 3_000)
            #expect(x.map(\.bitPattern) == whole["x"]?.numbers?.map(\.bitPattern))
            #expect(when == whole["when"]?.dates)
            let wholeStrings = try #require(whole["c"]?.strings)
            #expect(c == (0..<wholeStrings.count).map { wholeStrings[$0] })
            #expect(reader.location(row: 2_999, column: "x")?.line == 3_001)
        }
        #expect(throws: CSVError.self) {
            try CSVBatchReader(path: path, columns: [("y", .numeric)])
        }
    }
}
