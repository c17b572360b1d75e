/// An open-addressing hash table from 64-bit keys to dense codes (0, 1, 2, … in order of first
/// insertion): how `join` matches key values and `aggregate` numbers its groups, without hashing
/// a string per row (keys are bit patterns, category codes, or pairs of codes).
///
/// Keys and codes sit side by side in slots of raw memory the table owns (freed with it), so the
/// hot loops index them without bounds or uniqueness checks; the table stays at most half full
/// and doubles when it would not.
final class CodeTable {
    /// The key that is never stored (a missing value).
    static let none = UInt64.max

    private var keys: UnsafeMutablePointer<UInt64>
    private var codes: UnsafeMutablePointer<Int32>
    private var size: Int
    /// The number of keys stored.
    private(set) var count = 0

    /// A table sized for `capacity` keys (it grows past them when it must).
    init(capacity: Int = 512) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        self.size = size
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        codes = .allocate(capacity: size)
        codes.initialize(repeating: -1, count: size)
    }

    deinit {
        keys.deallocate()
        codes.deallocate()
    }

    /// SplitMix64's finaliser: every key bit moves every slot bit, so pairs of small codes and
    /// doubles (which differ in their high bits) spread alike.
    @inline(__always)
    static func hash(_ key: UInt64) -> UInt64 {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The code of `key`, the next one when it is new.
    @inline(__always)
    func code(for key: UInt64) -> Int32 {
        if 2 * (count + 1) > size { grow() }
        let mask = size - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let code = codes[slot]
            if code < 0 {
                let new = Int32(truncatingIfNeeded: count)
                keys[slot] = key
                codes[slot] = new
                count += 1
                return new
            }
            if keys[slot] == key { return code }
            slot = (slot + 1) & mask
        }
    }

    /// Whether `key` was new (it is in the table afterwards).
    @inline(__always)
    func insert(_ key: UInt64) -> Bool {
        let before = count
        _ = code(for: key)
        return count > before
    }

    /// The code of `key`, or -1 when it is not in the table.
    @inline(__always)
    func find(_ key: UInt64) -> Int32 {
        let mask = size - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let code = codes[slot]
            if code < 0 || keys[slot] == key { return code }
            slot = (slot + 1) & mask
        }
    }

    /// The keys in code order.
    var keysByCode: [UInt64] {
        var out = [UInt64](repeating: 0, count: count)
        for slot in 0..<size where codes[slot] >= 0 { out[Int(codes[slot])] = keys[slot] }
        return out
    }

    private func grow() {
        let oldKeys = keys
        let oldCodes = codes
        let oldSize = size
        size *= 2
        keys = .allocate(capacity: size)
        keys.initialize(repeating: 0, count: size)
        codes = .allocate(capacity: size)
        codes.initialize(repeating: -1, count: size)
        let mask = size - 1
        for old in 0..<oldSize where oldCodes[old] >= 0 {
            var slot = Int(truncatingIfNeeded: Self.hash(oldKeys[old])) & mask
            while codes[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[old]
            codes[slot] = oldCodes[old]
        }
        oldKeys.deallocate()
        oldCodes.deallocate()
    }
}
