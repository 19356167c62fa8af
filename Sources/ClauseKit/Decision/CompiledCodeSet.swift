/// A code set lowered to tables (LANGUAGE.md §4, code patterns), matching exactly what
/// `CodeSet.contains` matches:
/// - an undotted code `F22` matches a code whose part before the first `.` is `F22`;
/// - a dotted code `F43.1` and a prefix `F33.*` / `F10.2*` match by prefix: the code's
///   prefixes of the lengths that occur in the table are looked up;
/// - a range `F32.0-F32.5` compares the code's first bytes with its bounds.
/// Codes are short ASCII, so each pattern and each code prefix is packed into a `UInt64`
/// (bytes big-endian, zero-padded: integer order is byte order) and looked up in sorted
/// arrays, with no hashing or string building. Patterns or codes that do not pack (longer
/// than 8 bytes, not ASCII, a NUL byte) take the pattern-by-pattern match.
final class CompiledCodeSet: Sendable {
    let patterns: [CodePattern]
    /// False when some pattern does not pack: every lookup is then pattern by pattern.
    let packed: Bool
    let undotted: [UInt64]
    let prefixes: [UInt64]
    /// The distinct lengths of the prefixes, ascending.
    let prefixLengths: [Int]
    let ranges: [(low: UInt64, high: UInt64, length: Int)]

    init(_ set: CodeSet) {
        patterns = set.patterns
        var undotted: [UInt64] = [], prefixes: [UInt64] = [], lengths = Set<Int>()
        var ranges: [(low: UInt64, high: UInt64, length: Int)] = []
        var packed = true
        for p in set.patterns {
            switch p.kind {
            case .code(let c):
                guard let key = CompiledCodeSet.pack(Array(c.utf8)) else { packed = false; continue }
                if c.utf8.contains(UInt8(ascii: ".")) {
                    prefixes.append(key)
                    lengths.insert(c.utf8.count)
                } else {
                    undotted.append(key)
                }
            case .prefix(let p):
                guard let key = CompiledCodeSet.pack(Array(p.utf8)) else { packed = false; continue }
                prefixes.append(key)
                lengths.insert(p.utf8.count)
            case .range(let low, let high):
                guard let l = CompiledCodeSet.pack(Array(low.utf8)), let h = CompiledCodeSet.pack(Array(high.utf8)) else {
                    packed = false
                    continue
                }
                ranges.append((l, h, low.utf8.count))
            }
        }
        self.packed = packed
        self.undotted = undotted.sorted()
        self.prefixes = prefixes.sorted()
        self.prefixLengths = lengths.sorted()
        self.ranges = ranges
    }

    /// Up to 8 ASCII bytes without NUL, big-endian and zero-padded; nil otherwise.
    static func pack<C: Collection<UInt8>>(_ bytes: C) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        var key: UInt64 = 0
        var shift: UInt64 = 56
        for b in bytes {
            guard b != 0, b < 0x80 else { return nil }
            key |= UInt64(b) << shift
            shift &-= 8
        }
        return key
    }

    /// The first `length` bytes of a packed code (`length` ≤ 8).
    @inline(__always)
    static func head(_ key: UInt64, _ length: Int) -> UInt64 {
        length <= 0 ? 0 : length >= 8 ? key : key & ~(UInt64.max >> UInt64(length * 8))
    }

    @inline(__always)
    static func sortedContains(_ keys: [UInt64], _ key: UInt64) -> Bool {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key
    }

    /// `diagnosis in SET`: whether any of the case's diagnoses, or the request's diagnosis, is
    /// in the set; nil when the case gives none.
    func containsDiagnosis(of c: PatientCase) -> Bool? {
        guard c.hasDiagnoses || c.request.diagnosis != nil else { return nil }
        if c.diagnoses.contains(where: { contains($0) }) { return true }
        if let d = c.request.diagnosis, !c.diagnoses.contains(d) { return contains(d) }
        return false
    }

    func contains(_ code: String) -> Bool {
        // A native string's bytes in place; any other through its UTF-8 view.
        guard packed, let key = code.utf8.withContiguousStorageIfAvailable(CompiledCodeSet.pack) ?? CompiledCodeSet.pack(code.utf8)
        else { return patterns.contains { $0.matches(code) } }
        let n = code.utf8.count
        if !undotted.isEmpty {
            // The code's part before its first `.` (all of it when it has none), from the key.
            var dot = n
            for i in 0..<n where (key >> UInt64(56 - 8 * i)) & 0xFF == UInt64(UInt8(ascii: ".")) {
                dot = i
                break
            }
            if CompiledCodeSet.sortedContains(undotted, CompiledCodeSet.head(key, dot)) { return true }
        }
        for length in prefixLengths {
            if length > n { break }
            if CompiledCodeSet.sortedContains(prefixes, CompiledCodeSet.head(key, length)) { return true }
        }
        for r in ranges where r.length <= n {
            let h = CompiledCodeSet.head(key, r.length)
            if h >= r.low && h <= r.high { return true }
        }
        return false
    }
}
