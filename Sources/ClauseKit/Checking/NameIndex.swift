/// A table from the names a policy declares to their indices, with a dictionary's subscript.
///
/// Unlike `[String: Int]`, each slot keeps its key's hash, so a lookup compares strings only
/// when the hashes agree: in a policy with thousands of long names (which are not stored
/// inline in their `String`), the probes of a `Dictionary` compare many of them byte by byte.
/// Keys are compared with `==`; the hash is over their UTF-8 bytes, so two spellings of one text
/// in different Unicode normal forms are two keys (names are ASCII words, so this never arises).
struct NameIndex: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        /// Index into `keys` and `values`; -1 when the slot is empty.
        var entry: Int
    }

    private var slots: [Slot]
    /// The keys, in the order they were added.
    private(set) var keys: [String] = []
    private var values: [Int] = []

    init() {
        slots = Array(repeating: Slot(hash: 0, entry: -1), count: 16)
    }

    var count: Int { keys.count }

    subscript(key: String) -> Int? {
        get {
            let (_, entry) = find(key, NameIndex.hash(key))
            return entry.map { values[$0] }
        }
        set {
            let hash = NameIndex.hash(key)
            let (slot, entry) = find(key, hash)
            switch (entry, newValue) {
            case (let entry?, let value?):
                values[entry] = value
            case (nil, let value?):
                slots[slot] = Slot(hash: hash, entry: keys.count)
                keys.append(key)
                values.append(value)
                if keys.count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
            case (let entry?, nil):
                keys.remove(at: entry)
                values.remove(at: entry)
                rebuild(capacity: slots.count)
            case (nil, nil):
                break
            }
        }
    }

    mutating func reserveCapacity(_ count: Int) {
        var capacity = slots.count
        while capacity < count * 2 { capacity *= 2 }
        if capacity > slots.count { rebuild(capacity: capacity) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: String, _ hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let probe = slots[slot]
            if probe.entry < 0 { return (slot, nil) }
            if probe.hash == hash, keys[probe.entry] == key { return (slot, probe.entry) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func rebuild(capacity: Int) {
        var table = Array(repeating: Slot(hash: 0, entry: -1), count: capacity)
        for (entry, key) in keys.enumerated() {
            let hash = NameIndex.hash(key)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while table[slot].entry >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Slot(hash: hash, entry: entry)
        }
        slots = table
    }

    /// FNV-1a over the UTF-8 bytes, with the bits mixed at the end (the table uses the low ones).
    static func hash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(truncatingIfNeeded: byte)) &* 0x100_0000_01b3 }
        return hash ^ (hash >> 29)
    }
}

extension NameIndex: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (String, Int)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
