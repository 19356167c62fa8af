/// A code set lowered to hashed tables (LANGUAGE.md §4, code patterns), matching exactly
/// what `CodeSet.contains` matches:
/// - an undotted code `F22` matches a code whose part before the first `.` is `F22`;
/// - a dotted code `F43.1` and a prefix `F33.*` / `F10.2*` match by prefix: the code's
///   prefixes of the lengths that occur in the table are looked up in one hashed set;
/// - ranges, rare, are tried in turn.
/// Codes of up to 15 UTF-8 bytes are small strings, so lookups allocate nothing.
/// A code that is not ASCII falls back to the pattern-by-pattern match.
struct CompiledCodeSet: Sendable {
    let patterns: [CodePattern]
    let undotted: Set<String>
    let prefixes: Set<String>
    /// The distinct lengths of `prefixes`, ascending.
    let prefixLengths: [Int]
    let ranges: [CodePattern]

    init(_ set: CodeSet) {
        patterns = set.patterns
        var undotted = Set<String>()
        var prefixes = Set<String>()
        var ranges: [CodePattern] = []
        var allASCII = true
        for p in set.patterns {
            switch p.kind {
            case .code(let c):
                allASCII = allASCII && c.utf8.allSatisfy { $0 < 0x80 }
                if c.utf8.contains(UInt8(ascii: ".")) { prefixes.insert(c) } else { undotted.insert(c) }
            case .prefix(let p):
                allASCII = allASCII && p.utf8.allSatisfy { $0 < 0x80 }
                prefixes.insert(p)
            case .range:
                ranges.append(p)
            }
        }
        if !allASCII {
            // Unicode prefixes compare by characters: keep the plain pattern match.
            undotted = []
            prefixes = []
            ranges = set.patterns
        }
        self.undotted = undotted
        self.prefixes = prefixes
        self.prefixLengths = Set(prefixes.map(\.utf8.count)).sorted()
        self.ranges = ranges
    }

    func contains(_ code: String) -> Bool {
        let bytes = code.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return patterns.contains { $0.matches(code) } }
        if !undotted.isEmpty {
            let head = bytes.firstIndex(of: UInt8(ascii: ".")).map { String(decoding: bytes[..<$0], as: UTF8.self) } ?? code
            if undotted.contains(head) { return true }
        }
        let n = bytes.count
        for length in prefixLengths {
            if length > n { break }
            if length == n {
                if prefixes.contains(code) { return true }
                break
            }
            if prefixes.contains(String(decoding: bytes.prefix(length), as: UTF8.self)) { return true }
        }
        for r in ranges where r.matches(code) { return true }
        return false
    }
}
