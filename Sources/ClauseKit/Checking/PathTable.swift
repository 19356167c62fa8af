/// The case paths a policy reads (`patient.age`, `history.trials`), each made once: every
/// occurrence of a path shares one `[String]`.
///
/// A policy reads the same few paths in rule after rule; without this, each occurrence is an
/// array of its own to allocate, keep and free (six per rule in a large generated policy).
/// Sharing is invisible to readers: `[String]` is a value.
struct PathTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        /// Index into `paths`; -1 when the slot is empty.
        var entry: Int
    }

    private var slots = Array(repeating: Slot(hash: 0, entry: -1), count: 64)
    private var paths: [[String]] = []
    /// Every segment of the paths, each once, in the order first seen.
    private(set) var segments: [String] = []
    private var seenSegments: Set<String> = []

    /// The texts of `names`, shared with every earlier path of the same texts.
    mutating func path(_ names: [Name]) -> [String] {
        let hash = PathTable.hash(names)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let probe = slots[slot]
            if probe.entry < 0 { break }
            if probe.hash == hash, PathTable.same(paths[probe.entry], names) { return paths[probe.entry] }
            slot = (slot + 1) & mask
        }
        let texts = names.map(\.text)
        for t in texts where seenSegments.insert(t).inserted { segments.append(t) }
        slots[slot] = Slot(hash: hash, entry: paths.count)
        paths.append(texts)
        if paths.count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
        return texts
    }

    private static func same(_ texts: [String], _ names: [Name]) -> Bool {
        guard texts.count == names.count else { return false }
        for i in texts.indices where texts[i] != names[i].text { return false }
        return true
    }

    private mutating func rebuild(capacity: Int) {
        var table = Array(repeating: Slot(hash: 0, entry: -1), count: capacity)
        for (entry, texts) in paths.enumerated() {
            let hash = PathTable.hash(texts)
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while table[slot].entry >= 0 { slot = (slot + 1) & (capacity - 1) }
            table[slot] = Slot(hash: hash, entry: entry)
        }
        slots = table
    }

    private static func hash(_ names: [Name]) -> UInt64 {
        var hash = TextHash.seed
        for name in names { hash = mix(hash, name.text) }
        return TextHash.finish(hash)
    }

    private static func hash(_ texts: [String]) -> UInt64 {
        var hash = TextHash.seed
        for text in texts { hash = mix(hash, text) }
        return TextHash.finish(hash)
    }

    /// Each segment's bytes, with its length (so `a.bc` and `ab.c` differ).
    @inline(__always)
    private static func mix(_ hash: UInt64, _ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { TextHash.mix(hash, UnsafeRawBufferPointer($0)) }
    }
}
