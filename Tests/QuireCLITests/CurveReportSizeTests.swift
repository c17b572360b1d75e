import Foundation
import TestSupport
import Testing

/// An evaluation on 400,000 rows: its ROC and precision–recall curves are stored and drawn
/// simplified (within 1/1000 of the exact curves), so the report and the cache entry stay small.
/// Before issue 14 the curves kept a point per distinct score: this report was 7.8 MB.
@Suite(.tags(.slow)) struct CurveReportSizeTests {
    @Test func a400kRowEvaluationLeavesASmallReport() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            """
            # Big evaluation

            ```step data
            generate: {kind: classification, n_samples: 404000, n_features: 4, seed: 3}
            ```

            ```step split
            split: {from: data, test_size: 0.99, seed: 1}
            ```

            ```step model
            train: {data: split.train, algorithm: logistic_regression, target: target}
            ```

            ```step quality
            evaluate: {model: model, data: split.test}
            ```

            """, to: "big.md")
        let output = try QuireProcess.run(["run", "--output", "out", "big.md"], in: directory.url)
        #expect(output.status == 0, "\(output.stderr)")
        let report = directory.url.appendingPathComponent("out/big.html")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("on 399,960 rows") || html.contains("on 399960 rows"), "the evaluation has 400k rows")
        #expect(html.utf8.count < 100_000, "the report is \(html.utf8.count) bytes")
        // The ROC and precision–recall polylines: a few dozen points each, not 400,000.
        let polylines = html.components(separatedBy: "<polyline points=\"").dropFirst().map {
            $0.prefix { $0 != "\"" }.split(separator: " ").count
        }
        #expect(polylines.count >= 2 && polylines.allSatisfy { $0 <= 300 }, "\(polylines)")
        // The cache holds the evaluation (its value and its entry's summary) in small files.
        let cache = directory.url.appendingPathComponent(".quire/cache")
        let files = FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)
        var curveFiles: [String: Int] = [:]
        while let file = files?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: file), data.range(of: Data("falsePositiveRate".utf8)) != nil
            else { continue }
            curveFiles[file.lastPathComponent] = data.count
        }
        #expect(!curveFiles.isEmpty, "the evaluation is in the cache")
        #expect(curveFiles.values.allSatisfy { $0 < 50_000 }, "\(curveFiles)")
    }
}
