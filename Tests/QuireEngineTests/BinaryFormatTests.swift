import Foundation
import TestSupport
import Testing

@testable import QuireEngine

@Suite("Binary frame format", .tags(.slow))
struct BinaryFormatTests {
    static func sample() throws -> Frame {
        try Frame(columns: [
            Column(name: "x", numbers: [1.5, .nan, -0.0, .infinity, 1e-300, 42]),
            Column(name: "naïve name", strings: ["a", nil, "b", "a", "ünï", ""]),
            Column(name: "y", numbers: [0, 1, 2, 3, 4, 5]),
        ])
    }

    @Test func xxhashMatchesReference() throws {
        let cases = try #require(try FixtureFiles.json("xxhash64.json") as? [[String: Any]])
        for entry in cases {
            let n = entry["length"] as! Int
            let bytes: [UInt8] =
                entry["pattern"] as? String == "range"
                ? (0..<n).map { UInt8($0) } : (0..<n).map { UInt8(($0 * 31 + 7) % 256) }
            let seed = (entry["seed"] as! NSNumber).uint64Value
            #expect(XXHash64.hash(bytes, seed: seed) == (entry["digest"] as! NSNumber).uint64Value, "length \(n)")
            // Streaming in uneven pieces gives the same digest.
            var hasher = XXHash64(seed: seed)
            var start = 0
            var step = 1
            while start < n {
                let end = min(n, start + step)
                bytes[start..<end].withUnsafeBytes { hasher.update($0) }
                start = end
                step = step * 3 % 37 + 1
            }
            #expect(hasher.finalize() == (entry["digest"] as! NSNumber).uint64Value)
        }
    }

    @Test func roundTripsInMemoryAndOnDisk() throws {
        let frame = try Self.sample()
        let bytes = FrameBinaryFormat.encode(frame)
        #expect(Array(bytes.prefix(8)) == Array("QUIREFRM".utf8))
        #expect(bytes[8] == 2)
        #expect(bytes.count % 8 == 0)
        #expect(try FrameBinaryFormat.decode(bytes) == frame)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quire-\(UUID().uuidString).qframe")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FrameBinaryFormat.write(frame, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        #expect(try FrameBinaryFormat.read(from: path) == frame)
        let empty = try Frame(columns: [Column(name: "a", numbers: [])])
        #expect(try FrameBinaryFormat.decode(FrameBinaryFormat.encode(empty)) == empty)
    }

    @Test func everyCorruptedByteIsDetected() throws {
        let bytes = FrameBinaryFormat.encode(try Self.sample())
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(throws: FrameError.self, "byte \(position)") { try FrameBinaryFormat.decode(damaged) }
        }
    }

    @Test func aFewColumnsAreReadAndEveryByteIsStillChecked() throws {
        let frame = try Self.sample()
        let bytes = FrameBinaryFormat.encode(frame)
        func decode(_ bytes: [UInt8], _ columns: Set<String>) throws -> Frame {
            try bytes.withUnsafeBytes { try FrameBinaryFormat.decode($0, columns: columns) }
        }
        // The columns asked for, in the file's order; a name the frame lacks is not there.
        #expect(try decode(bytes, ["y", "x"]) == frame.selecting(["x", "y"]))
        #expect(try decode(bytes, ["naïve name", "nope"]) == frame.selecting(["naïve name"]))
        #expect(try decode(bytes, []).columnCount == 0)
        #expect(try decode(bytes, []).rowCount == frame.rowCount)
        // Damage in the header, in the column read (72 bytes and its checksum), in the other
        // columns' descriptions or at the end is found. The data of a column passed over is not
        // read: damage there leaves the columns kept intact.
        // The names of the columns passed over are in the outline too: renaming one cannot hide it.
        func offset(of name: String) -> Int? {
            let needle = Array(name.utf8)
            return bytes.indices.first { bytes[$0...].starts(with: needle) }
        }
        let naive = try #require(offset(of: "naïve name"))
        let y = try #require(offset(of: "y"))
        let checked =
            Array(0..<112) + Array(naive..<naive + 11) + [y] + Array(bytes.count - 16..<bytes.count)
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0x20
            if checked.contains(position) {
                #expect(throws: FrameError.self, "byte \(position)") { try decode(damaged, ["x"]) }
            } else if let read = try? decode(damaged, ["x"]) {
                #expect(try read == frame.selecting(["x"]), "byte \(position)")
            }
        }
    }

    @Test func truncationAndVersionsAreRejected() throws {
        let bytes = FrameBinaryFormat.encode(try Self.sample())
        for length in [0, 7, 16, 40, bytes.count - 1] {
            #expect(throws: FrameError.self) { try FrameBinaryFormat.decode(Array(bytes.prefix(length))) }
        }
        var future = bytes  // version 1 had one checksum at the end; 3 is not made yet
        for version: UInt8 in [1, 3] {
            future[8] = version
            do {
                _ = try FrameBinaryFormat.decode(future)
                Issue.record("version \(version) accepted")
            } catch let error as FrameError {
                #expect(error.message.contains("version \(version)"))
            }
        }
    }

    @Test func largeFrameRoundTrip() throws {
        let frame = try DataGenerator.classification(ClassificationSpec(samples: 50_000, features: 20), seed: 8)
        #expect(try FrameBinaryFormat.decode(FrameBinaryFormat.encode(frame)) == frame)
    }
}
