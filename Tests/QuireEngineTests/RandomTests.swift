import Foundation
import Testing

@testable import QuireEngine

/// The generator's random streams against an independent Python implementation (random.json).
@Suite("Random numbers")
struct RandomTests {
    @Test func streamsMatchThePythonImplementation() throws {
        let fixture = try #require(try FixtureFiles.json("random.json") as? [String: Any])
        let streams = fixture["streams"] as! [[String: Any]]
        let u64 = { (values: Any?) in (values as! [NSNumber]).map(\.uint64Value) }
        for stream in streams {
            let seed = (stream["seed"] as! NSNumber).uint64Value
            var splitmix = SplitMix64(seed: seed)
            #expect((0..<4).map { _ in splitmix.next() } == u64(stream["splitmix"]))
            var random = Xoshiro256StarStar(seed: seed)
            #expect((0..<8).map { _ in random.next() } == u64(stream["words"]))
            random = Xoshiro256StarStar(seed: seed)
            #expect((0..<8).map { _ in random.nextUniform().bitPattern } == u64(stream["uniform_bits"]))
            random = Xoshiro256StarStar(seed: seed)
            #expect(u64(stream["int_bounds"]).map { random.nextInt(below: $0) } == u64(stream["ints"]))
            random = Xoshiro256StarStar(seed: seed)
            #expect((0..<16).map { _ in random.nextNormal().bitPattern } == u64(stream["normal_bits"]))
        }
        for entry in fixture["logs"] as! [[String: Any]] {
            let x = FixtureFiles.double(entry["x"])
            #expect(PortableMath.log(x).bitPattern == (entry["bits"] as! NSNumber).uint64Value)
            #expect(
                abs(PortableMath.log(x) - FixtureFiles.double(entry["libm"])) <= 4
                    * abs(x.ulp == 0 ? 1e-16 : FixtureFiles.double(entry["libm"]).ulp) + 1e-300)
        }
    }

    @Test func normalsHaveUnitVariance() {
        var random = Xoshiro256StarStar(seed: 77)
        let values = (0..<100_000).map { _ in random.nextNormal() }
        let mean = Statistics.mean(values)!
        let std = Statistics.standardDeviation(values, ddof: 1)!
        #expect(abs(mean) < 0.02)
        #expect(abs(std - 1) < 0.02)
    }
}

@Suite("Synthetic data")
struct GeneratorTests {
    @Test(arguments: [0, 42, UInt64.max])
    func sameSeedSameBytes(seed: UInt64) throws {
        let spec = ClassificationSpec(samples: 500, features: 8, informative: 3, redundant: 2, classes: 3, flipY: 0.05)
        let a = try DataGenerator.classification(spec, seed: seed)
        let b = try DataGenerator.classification(spec, seed: seed)
        #expect(FrameBinaryFormat.encode(a) == FrameBinaryFormat.encode(b))
        #expect(CSVWriter.text(for: a) == CSVWriter.text(for: b))
        let other = try DataGenerator.classification(spec, seed: seed &+ 1)
        #expect(FrameBinaryFormat.encode(a) != FrameBinaryFormat.encode(other))
    }

    @Test func classificationShapeAndSeparation() throws {
        let frame = try DataGenerator.classification(
            ClassificationSpec(
                samples: 2000, features: 6, informative: 2, redundant: 1, classes: 2, clustersPerClass: 1, classSep: 4,
                flipY: 0),
            seed: 1)
        #expect(frame.columnNames == ["x00", "x01", "x02", "x03", "x04", "x05", "target"])
        let target = frame["target"]!.numbers!
        #expect(target.filter { $0 == 0 }.count == 1000)
        // With one cluster per class and a large separation, class means differ clearly on an
        // informative feature and not on a noise feature.
        let gap = { (name: String) -> Double in
            let x = frame[name]!.numbers!
            let m0 = Statistics.mean(zip(x, target).filter { $0.1 == 0 }.map(\.0))!
            let m1 = Statistics.mean(zip(x, target).filter { $0.1 == 1 }.map(\.0))!
            return abs(m0 - m1)
        }
        #expect(max(gap("x00"), gap("x01")) > 3)
        #expect(gap("x05") < 0.2)
        // The redundant feature is an exact linear combination: its rank adds nothing; check it is
        // not independent noise by correlation with the informative ones.
        #expect(frame.profile().columns[2].std! > 0)
    }

    @Test func labelNoiseFlipsAboutTheRequestedShare() throws {
        let clean = try DataGenerator.classification(
            ClassificationSpec(samples: 20_000, flipY: 0, shuffle: false), seed: 3)
        let noisy = try DataGenerator.classification(
            ClassificationSpec(samples: 20_000, flipY: 0.2, shuffle: false), seed: 3)
        let changed = zip(clean["target"]!.numbers!, noisy["target"]!.numbers!).filter { $0 != $1 }.count
        // A flipped label is redrawn uniformly among 2 classes, so about half of 20 % change.
        #expect(abs(Double(changed) / 20_000 - 0.1) < 0.01)
    }

    @Test func regressionIsLinearWithoutNoise() throws {
        let frame = try DataGenerator.regression(
            RegressionSpec(samples: 200, features: 3, informative: 2, noise: 0, bias: 5), seed: 9)
        #expect(frame.columnNames == ["x00", "x01", "x02", "target"])
        // Recover the coefficients the documented draw order gives.
        var random = Xoshiro256StarStar(seed: 9)
        let c = [100 * random.nextUniform(), 100 * random.nextUniform(), 0]
        for i in 0..<200 {
            var y = 5.0
            for j in 0..<3 { y += frame.columns[j].numbers![i] * c[j] }
            #expect(frame["target"]!.numbers![i] == y)
        }
    }

    @Test func blobsClusterAroundCentres() throws {
        let frame = try DataGenerator.blobs(BlobsSpec(samples: 3000, features: 2, centers: 3, clusterStd: 0.5), seed: 2)
        #expect(frame.rowCount == 3000)
        let profile = frame.profile()
        #expect(profile.columns[2].distinct == 3)
        for k in 0..<3 {
            let rows = frame.rows(where: frame["target"]!.numbers!.map { $0 == Double(k) })
            #expect(rows.rowCount == 1000)
            #expect(abs(Statistics.standardDeviation(rows["x00"]!.numbers!, ddof: 1)! - 0.5) < 0.05)
        }
    }

    @Test func shiftMovesChosenColumns() throws {
        let frame = try DataGenerator.regression(RegressionSpec(samples: 100, features: 2, informative: 2), seed: 1)
        let shifted = try frame.shifting([ColumnShift(column: "x00", shift: 0.5, scale: 1.5)])
        #expect(shifted["x00"]!.numbers! == frame["x00"]!.numbers!.map { $0 * 1.5 + 0.5 })
        #expect(shifted["x01"] == frame["x01"])
        #expect(throws: FrameError.self) { try frame.shifting([ColumnShift(column: "x9")]) }
    }

    @Test func badParametersAreErrors() {
        #expect(throws: FrameError.self) {
            try DataGenerator.classification(ClassificationSpec(features: 3, informative: 2, redundant: 2), seed: 0)
        }
        #expect(throws: FrameError.self) {
            try DataGenerator.classification(ClassificationSpec(informative: 1, classes: 3), seed: 0)
        }
        #expect(throws: FrameError.self) { try DataGenerator.blobs(BlobsSpec(centers: 0), seed: 0) }
    }
}
