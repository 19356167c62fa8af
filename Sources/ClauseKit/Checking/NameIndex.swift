/// A table from the names a policy declares to their indices, with a dictionary's subscript.
///
/// Unlike `[String: Int]`, each slot keeps half of its key's hash, so a lookup compares strings
/// only when those agree: in a policy with thousands of long names (which are not stored
/// inline in their `String`), the probes of a `Dictionary` compare many of them byte by byte.
/// Keys are compared with `==`; the hash is over their UTF-8 bytes, so two spellings of one text
/// in different Unicode normal forms are two keys (names are ASCII words, so this never arises).
struct NameIndex: Sendable {
    /// Eight bytes, so the table of a large policy stays small enough for the caches: its
    /// lookups are scattered, and each one that misses the caches costs a trip to memory.
    private struct Slot: Sendable {
        /// The high half of the key's hash (the low bits choose the slot).
        var tag: UInt32
        /// Index into `keys` and `values`; -1 when the slot is empty.
        var entry: Int32
    }

    private var slots: [Slot]
    /// The keys, in the order they were added.
    private(set) var keys: [String] = []
    private var values: [Int] = []

    init() {
        slots = Array(repeating: Slot(tag: 0, entry: -1), count: 16)
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
                add(key, value, hash: hash, at: slot)
            case (let entry?, nil):
                keys.remove(at: entry)
                values.remove(at: entry)
                rebuild(capacity: slots.count)
            case (nil, nil):
                break
            }
        }
    }

    /// Adds `key` with `value` unless it is there already; returns the value it already had
    /// (and then changes nothing). One search, where `self[key] == nil` and a store are two.
    mutating func insert(_ key: String, _ value: Int) -> Int? {
        let hash = NameIndex.hash(key)
        let (slot, entry) = find(key, hash)
        if let entry { return values[entry] }
        add(key, value, hash: hash, at: slot)
        return nil
    }

    private mutating func add(_ key: String, _ value: Int, hash: UInt64, at slot: Int) {
        slots[slot] = Slot(tag: NameIndex.tag(hash), entry: Int32(truncatingIfNeeded: keys.count))
        keys.append(key)
        values.append(value)
        if keys.count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
    }

    mutating func reserveCapacity(_ count: Int) {
        var capacity = slots.count
        while capacity < count * 2 { capacity *= 2 }
        if capacity > slots.count { rebuild(capacity: capacity) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: String, _ hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        let tag = NameIndex.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let probe = slots[slot]
            if probe.entry < 0 { return (slot, nil) }
            let entry = Int(truncatingIfNeeded: probe.entry)  // a widening: never changes the value
            if probe.tag == tag, keys[entry] == key { return (slot, entry) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func rebuild(capacity: Int) {
        var table = Array(repeating: Slot(tag: 0, entry: -1), count: capacity)
        for (entry, key) in keys.enumerated() {
            let hash = NameIndex.hash(key)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while table[slot].entry >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Slot(tag: NameIndex.tag(hash), entry: Int32(truncatingIfNeeded: entry))
        }
        slots = table
    }

    private static func tag(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash >> 32) }

    static func hash(_ key: String) -> UInt64 { TextHash.hash(key) }
}

extension NameIndex: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (String, Int)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
