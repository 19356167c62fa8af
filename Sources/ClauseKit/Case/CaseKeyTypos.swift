/// Case keys that look misspelled: a key no rule reads (`pregant`) that is one or two edits
/// (`isLikelyMisspelling`) from a key the policy does read (`pregnant`). Without this, such a
/// key is silently ignored and the fact it was meant to give stays unknown. `clause eval` and
/// `clause batch` warn on them; the decision is unchanged.
public struct CaseKeyTypos: Sendable {
    /// A key of the case no rule reads, at `path` (dotted, from the case root; list elements
    /// add no segment), and the key it is probably a misspelling of.
    public struct Typo: Sendable, Hashable {
        public var path: String
        public var key: String
        public var suggestion: String
        /// `path` with the key replaced by the suggestion.
        public var suggestedPath: String {
            String(path.dropLast(key.utf8.count)) + suggestion
        }
    }

    let readList: [String]
    /// `readList`'s hashes (the low half of `JSONKeyTable.hash`, as a case object's members
    /// keep them).
    let readHashes: [UInt32]
    /// An open-addressing table of `readList`'s indices by hash (-1 for an empty slot), at most
    /// a quarter full: a key a case gives is found with about one probe and, when its hash
    /// matches, one string comparison, without hashing the string again.
    let slots: [Int32]

    /// The keys read by the policy of `vocabulary`: the reserved fields', every segment and
    /// element field of its paths, and its declared fields (`Checker.caseKeys`).
    public init(_ vocabulary: CaseVocabulary) {
        readList = vocabulary.readKeys
        readHashes = readList.map { UInt32(truncatingIfNeeded: JSONKeyTable.hash($0)) }
        var capacity = 16
        while capacity < readList.count * 4 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (i, h) in readHashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(truncatingIfNeeded: i)  // a policy reads far fewer than 2^31 keys
        }
        self.slots = slots
    }

    /// Whether the policy reads `key`, whose member hash is `hash`.
    func isRead(_ key: String, hash: UInt32) -> Bool {
        withTables { $0.isRead(key, hash: hash) }
    }

    /// The lookup tables, borrowed for a walk: read in place, without retaining the arrays
    /// at each key.
    struct Tables {
        let slots: UnsafeBufferPointer<Int32>
        let hashes: UnsafeBufferPointer<UInt32>
        let keys: UnsafeBufferPointer<String>

        func isRead(_ key: String, hash: UInt32) -> Bool {
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let i = Int(slots[slot])
                if i < 0 { return false }
                if hashes[i] == hash && keys[i] == key { return true }
                slot = (slot + 1) & mask
            }
        }
    }

    func withTables<R>(_ body: (Tables) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            readHashes.withUnsafeBufferPointer { hashes in
                readList.withUnsafeBufferPointer { keys in body(Tables(slots: slots, hashes: hashes, keys: keys)) }
            }
        }
    }

    /// The likely misspelled keys of a case, each once (its first path), in document order.
    /// `clause batch` runs it on every case: a case whose keys are all read costs a table
    /// probe per key and no allocation. Recursive: the reader bounds a case's nesting
    /// (`JSONReader`), so the depth is bounded too.
    public func typos(in root: JSONValue) -> [Typo] {
        let found = withTables { tables in
            var walk = Walk(typos: self, tables: tables)
            walk.visit(root)
            return walk.found
        }
        // The paths are spelt out only now, for the few keys reported.
        return found.map { key, suggestion in
            let path = (CaseKeyTypos.path(to: key, in: root) ?? []).joined(separator: ".")
            return Typo(path: path.isEmpty ? key : path, key: key, suggestion: suggestion)
        }
    }

    /// One walk over a case: the unread keys close to a read one, and the unread keys already
    /// looked at.
    struct Walk {
        let typos: CaseKeyTypos
        let tables: Tables
        var found: [(key: String, suggestion: String)] = []
        var checked: [String: String?] = [:]

        mutating func visit(_ value: JSONValue) {
            switch value {
            case .object(let object):
                object.withEntries { entries in
                    for entry in entries where !tables.isRead(entry.key, hash: entry.hash) {
                        note(entry.key)
                    }
                    for entry in entries {
                        switch entry.value {
                        case .object, .array: visit(entry.value)
                        default: break
                        }
                    }
                }
            case .array(let items):
                for item in items {
                    switch item {
                    case .object, .array: visit(item)
                    default: break
                    }
                }
            default:
                break
            }
        }

        /// An unread key: kept the first time when it is close to a read key.
        mutating func note(_ key: String) {
            guard checked[key] == nil else { return }
            let suggestion = typos.closest(to: key)
            checked[key] = suggestion
            if let suggestion { found.append((key, suggestion)) }
        }
    }

    /// The keys down to the first occurrence of `key`, in the walk's order (an object's keys
    /// before what lies inside them), `key` included.
    static func path(to key: String, in value: JSONValue) -> [String]? {
        switch value {
        case .object(let object):
            if object[key] != nil { return [key] }
            for (k, child) in object.pairs {
                if let rest = path(to: key, in: child) { return [k] + rest }
            }
            return nil
        case .array(let items):
            for item in items {
                if let rest = path(to: key, in: item) { return rest }
            }
            return nil
        default:
            return nil
        }
    }

    /// The read key `key` is most likely a misspelling of (fewest edits, then first read).
    func closest(to key: String) -> String? {
        var best: (String, Int)?
        for candidate in readList where isLikelyMisspelling(key, of: candidate) {
            let d = editDistance(key, candidate)
            if best.map({ d < $0.1 }) ?? true { best = (candidate, d) }
        }
        return best?.0
    }
}

extension CaseKeyTypos {
    /// The typos of many cases (`clause batch`): each distinct key once, with the first path
    /// it was seen at and the number of cases that have it, in order of first appearance.
    public struct Tally: Sendable {
        public private(set) var entries: [(typo: Typo, cases: Int)] = []
        var index: [String: Int] = [:]

        public init() {}

        /// Counts one case's typos.
        public mutating func add(_ typos: [Typo]) {
            for typo in typos { add(typo, cases: 1) }
        }

        /// Adds another tally's counts (of later cases).
        public mutating func merge(_ other: Tally) {
            for (typo, cases) in other.entries { add(typo, cases: cases) }
        }

        mutating func add(_ typo: Typo, cases: Int) {
            if let i = index[typo.key] {
                entries[i].cases += cases
            } else {
                index[typo.key] = entries.count
                entries.append((typo, cases))
            }
        }
    }
}
