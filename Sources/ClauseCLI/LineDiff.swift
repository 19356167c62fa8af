/// A line diff for `clause fmt --diff`: hunks of removed and added lines with context.
enum LineDiff {
    enum Edit: Equatable {
        case same(String), removed(String), added(String)
    }

    /// The edits turning `old` into `new`: common prefix and suffix, then a longest common
    /// subsequence of the middle (or, when that would be too large to compute, a replacement).
    static func edits(_ old: [String], _ new: [String]) -> [Edit] {
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
    static func unified(_ oldText: String, _ newText: String, name: String, context: Int = 2) -> String {
        let old = oldText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = newText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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
}
