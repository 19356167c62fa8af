extension PolicyDiff {
    /// A change to the policy's text (one run of changed lines, or several when only together
    /// they change a decision) with the kinds of case it changes.
    public struct ChangeGroup: Sendable {
        /// The changed lines, old and new, that cause `kinds`.
        public var hunks: [LineDiff.Hunk]
        /// The declarations the changed lines belong to, named as output names them: "cover
        /// rule \"Title\"", "define `adult`", "limits of `esketamine`", "network tier `x`".
        public var declarations: [String] = []
        /// The kinds of case whose decision this change changes; empty for a change (a comment,
        /// a version string) under which no tried case is decided differently.
        public var kinds: [Change]
    }

    /// The kinds of case whose decision changes, grouped by the change in the policy text that
    /// causes them. Each run of changed lines is applied alone to the old version; a kind of case
    /// belongs to the runs that alone give its new outcome (failing that, the runs that alone
    /// change its old outcome; failing that, all runs together). Witness ids are numbered in the
    /// order of the groups.
    public mutating func changeGroups(oldText: String, newText: String) -> [ChangeGroup] {
        let kinds = changes()
        let oldLines = LineDiff.lines(oldText)
        let hunks = LineDiff.hunks(oldLines, LineDiff.lines(newText))
        let alone: [CompiledPolicy?] = hunks.map { h in
            let start = h.oldLine - 1
            let lines: [String] = Array(oldLines[..<start]) + h.new + Array(oldLines[(start + h.old.count)...])
            let text = lines.joined(separator: "\n")
            let result = Checker.check(source: SourceFile(name: "old version with one change", text: text))
            guard let policy = result.policy, !result.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
            return CompiledPolicy(policy)
        }
        var groups: [(causes: [Int], kinds: [Change])] = hunks.indices.map { ([$0], []) }
        for kind in kinds {
            let outcomes = alone.map { $0.map { PolicyDiff.decide($0, kind.witness).0 } }
            var causes = hunks.indices.filter { outcomes[$0] == kind.new }
            if causes.isEmpty { causes = hunks.indices.filter { outcomes[$0].map { $0 != kind.old } ?? false } }
            if causes.isEmpty { causes = Array(hunks.indices) }
            if causes.count == 1, let only = causes.first {
                groups[only].kinds.append(kind)
            } else if let i = groups.firstIndex(where: { $0.causes == causes }) {
                groups[i].kinds.append(kind)
            } else {
                groups.append((causes, [kind]))
            }
        }
        // Changes with kinds of case first, in the order of their lines; then those without.
        let ordered = groups.filter { !$0.causes.isEmpty }.sorted {
            ($0.kinds.isEmpty ? 1 : 0, $0.causes.first ?? 0) < ($1.kinds.isEmpty ? 1 : 0, $1.causes.first ?? 0)
        }
        var number = 0
        return ordered.map { g in
            let named = g.causes.flatMap { PolicyDiff.declarations(of: hunks[$0], oldText: oldText, newText: newText) }
            var seen = Set<String>()
            return ChangeGroup(hunks: g.causes.map { hunks[$0] }, declarations: named.filter { seen.insert($0).inserted }, kinds: g.kinds.map { kind in
                number += 1
                var kind = kind
                if case .object(var obj) = kind.witness {
                    obj["id"] = .string("diff-\(number)-\(kind.treatment)-" + PolicyDiff.slug(kind.subject))
                    kind.witness = .object(obj)
                }
                return kind
            })
        }
    }
}

extension LineDiff.Hunk {
    /// "line 27" or "lines 27-28" of one side; a side with no lines says where they would be.
    static func range(_ first: Int, _ count: Int) -> String {
        switch count {
        case 0: return "none (before line \(first))"
        case 1: return "line \(first)"
        default: return "lines \(first)-\(first + count - 1)"
        }
    }

    /// The old side's place: "line 7", "lines 27-28".
    public var oldRange: String { Self.range(oldLine, old.count) }
    /// The new side's place.
    public var newRange: String { Self.range(newLine, new.count) }
}

extension PolicyDiff.ChangeGroup {
    public var json: JSONValue {
        func side(_ first: Int, _ lines: [String]) -> [JSONValue] {
            lines.enumerated().map { .obj([("line", .int(first + $0.offset)), ("text", .string($0.element))]) }
        }
        return .obj([("declaration", declarations.isEmpty ? .null : .string(declarations.joined(separator: "; "))),
                     ("declarations", .array(declarations.map(JSONValue.string))),
                     ("old", .array(hunks.flatMap { side($0.oldLine, $0.old) })),
                     ("new", .array(hunks.flatMap { side($0.newLine, $0.new) })),
                     ("kinds", .array(kinds.map(\.json)))])
    }
}
