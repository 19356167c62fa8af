/// A line diff, for `clause fmt --diff` (a unified diff) and `clause diff` (the changed lines of
/// two policy versions): the one line-diff implementation.
public enum LineDiff {
    public enum Edit: Equatable, Sendable {
        case same(String), removed(String), added(String)
    }

    /// The edits turning `old` into `new`: common prefix and suffix, then a longest common
    /// subsequence of the middle (or, when that would be too large to compute, a replacement).
    public static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        var middle: [Edit] = []
        if a.count * b.count > 4_000_000 {
            middle = a.map { .removed($0) } + b.map { .added($0) }
        } else {
            // lcs[i][j]: length of the LCS of a[i...] and b[j...]
            var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, a[i] == b[j] {
                    middle.append(.same(a[i])); i += 1; j += 1
                } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                    middle.append(.removed(a[i])); i += 1
                } else {
                    middle.append(.added(b[j])); j += 1
                }
            }
        }
        return old[..<prefix].map { .same($0) } + middle + old[(old.count - suffix)...].map { .same($0) }
    }

    /// A unified diff with `context` lines around each change; empty when nothing changed.
    public static func unified(_ oldText: String, _ newText: String, name: String, context: Int = 2) -> String {
        let old = lines(oldText), new = lines(newText)
        let all = edits(old, new)
        let changed = all.indices.filter { if case .same = all[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        var out = "--- \(name)\n+++ \(name) (formatted)\n"
        var k = 0
        while k < changed.count {
            var end = k
            while end + 1 < changed.count, changed[end + 1] - changed[end] <= 2 * context + 1 { end += 1 }
            let from = max(0, changed[k] - context), to = min(all.count - 1, changed[end] + context)
            let oldLine = all[..<from].filter { if case .added = $0 { return false } else { return true } }.count + 1
            out += "@@ line \(oldLine) @@\n"
            for edit in all[from...to] {
                switch edit {
                case .same(let s): out += " \(s)\n"
                case .removed(let s): out += "-\(s)\n"
                case .added(let s): out += "+\(s)\n"
                }
            }
            k = end + 1
        }
        return out
    }

    /// One run of changed lines: `old` lines from `oldLine` replaced by `new` lines from `newLine`
    /// (1-based; a side with no lines names the line it sits before).
    public struct Hunk: Equatable, Sendable {
        public var oldLine: Int
        public var old: [String]
        public var newLine: Int
        public var new: [String]
    }

    /// The runs of changed lines turning `old` into `new`, in order.
    public static func hunks(_ old: [String], _ new: [String]) -> [Hunk] {
        var result: [Hunk] = []
        var oldLine = 1, newLine = 1
        var current: Hunk?
        for edit in edits(old, new) {
            switch edit {
            case .same:
                if let c = current { result.append(c); current = nil }
                oldLine += 1; newLine += 1
            case .removed(let s):
                if current == nil { current = Hunk(oldLine: oldLine, old: [], newLine: newLine, new: []) }
                current?.old.append(s); oldLine += 1
            case .added(let s):
                if current == nil { current = Hunk(oldLine: oldLine, old: [], newLine: newLine, new: []) }
                current?.new.append(s); newLine += 1
            }
        }
        if let c = current { result.append(c) }
        return result
    }

    /// The lines of a text, as `edits` and `hunks` take them.
    public static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
