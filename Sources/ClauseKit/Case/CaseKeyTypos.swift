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

    let read: Set<String>
    let readList: [String]

    /// The keys read by the policy of `vocabulary`: the reserved fields', every segment and
    /// element field of its paths, and its declared fields (`Checker.caseKeys`).
    public init(_ vocabulary: CaseVocabulary) {
        readList = vocabulary.readKeys
        read = Set(readList)
    }

    /// The likely misspelled keys of a case, each once (its first path), in document order.
    /// Iterative, so a deeply nested case cannot overflow the stack; a path is spelt out only
    /// for a key reported.
    public func typos(in root: JSONValue) -> [Typo] {
        var found: [Typo] = []
        var checked: [String: String?] = [:]
        // Each object member that holds an object or a list: its key and the member it lies in
        // (-1 at the root). Members with a plain value are not kept: a case's long lists of
        // small objects then cost no memory here.
        var members: [(key: String, parent: Int)] = []
        var stack: [(value: JSONValue, member: Int)] = [(root, -1)]
        func path(_ member: Int, then key: String) -> String {
            var names: [String] = [key]
            var m = member
            while m >= 0 {
                names.append(members[m].key)
                m = members[m].parent
            }
            return names.reversed().joined(separator: ".")
        }
        while let (value, parent) = stack.popLast() {
            switch value {
            case .object(let object):
                var containers: [(value: JSONValue, member: Int)] = []
                object.withEntries { entries in
                    for entry in entries {
                        switch entry.value {
                        case .object, .array:
                            containers.append((entry.value, members.count))
                            members.append((entry.key, parent))
                        default: break
                        }
                        guard !read.contains(entry.key), checked[entry.key] == nil else { continue }
                        let suggestion = closest(to: entry.key)
                        checked[entry.key] = suggestion
                        if let suggestion {
                            found.append(Typo(path: path(parent, then: entry.key), key: entry.key, suggestion: suggestion))
                        }
                    }
                }
                // Pushed in reverse, so members are visited in document order.
                stack += containers.reversed()
            case .array(let items):
                for item in items.reversed() {
                    switch item {
                    case .object, .array: stack.append((item, parent))
                    default: break
                    }
                }
            default:
                break
            }
        }
        return found
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
