/// The rules of the language that every speed of evaluation shares: the lowered closures (which
/// decide and, with a recorder, explain) and the fast lane both call these, so each rule is
/// written once (LANGUAGE.md §3-4).

/// How a block's outcome becomes certain, entry by entry (`{}` needs all, `any {}` one,
/// `at least N of {}` N): true once enough entries hold, false once too few still can.
struct BlockTally {
    let needed: Int
    let count: Int
    private(set) var trues = 0
    private(set) var falses = 0

    init(_ kind: BlockKind, count: Int) {
        self.count = count
        switch kind {
        case .all: needed = count
        case .any: needed = 1
        case .atLeast(let n): needed = n
        }
    }

    init(needed: Int, count: Int) {
        self.needed = needed
        self.count = count
    }

    /// Counts one more entry's truth; true or false once the block's outcome is certain.
    @inline(__always)
    mutating func add(_ truth: Truth) -> Bool? {
        switch truth {
        case .true: trues += 1
        case .false: falses += 1
        case .unknown: break
        }
        if trues >= needed { return true }
        // The entries not false (true, unknown or not yet seen) can no longer make `needed`.
        if count - falses < needed { return false }
        return nil
    }

    /// The outcome after every entry, when `add` never made it certain: a block that needs
    /// none holds; otherwise it is unknown.
    var final: Bool? { needed == 0 ? true : nil }
}

/// A rule's outcome: a cover rule is its `when`; a deny rule is `when and not unless`, and
/// its `unless` is evaluated only when `when` is not false.
enum RuleSemantics {
    /// Combines `when` with `unless` (nil: the rule has none, or `when` is false and it was not
    /// evaluated), with the unknown paths each depends on.
    static func combine(when: Truth, whenMissing: [String], unless: Truth?, unlessMissing: [String])
        -> (outcome: Truth, missing: [String]) {
        var outcome = when
        var missing = when == .unknown ? whenMissing : []
        if let unless, when != .false {
            switch (when, unless) {
            case (_, .true): outcome = .false; missing = []
            case (.true, .false): outcome = .true
            case (.true, .unknown): outcome = .unknown; missing = unlessMissing
            case (.unknown, .unknown): missing += unlessMissing
            default: break
            }
        }
        return (outcome, Recorder.unique(missing))
    }
}
