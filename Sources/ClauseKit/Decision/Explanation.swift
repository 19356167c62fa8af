/// A value an evaluation read from the case: the path and what it held (nil when the case lacks it).
public struct ValueSeen: Sendable, Hashable {
    public var path: String
    public var value: String?
    public init(path: String, value: String?) {
        self.path = path
        self.value = value
    }
}

/// How one criterion evaluated: what it says, what it saw, and its outcome.
public struct CriterionTrace: Sendable {
    /// The author's label, or the define's label for a bare define name.
    public var label: String?
    /// The source text, as written in the policy.
    public var source: String
    /// The `define` this criterion names, if it is a bare define name.
    public var define: String?
    public var line: Int
    public var outcome: Truth
    public var values: [ValueSeen]
    /// Entries of a block (`{}`, `any {}`, `at least N of {}`), directly or through a define.
    public var children: [CriterionTrace]
    /// `all`, `any`, `at least N of` when this is a block.
    public var block: BlockKind?
    /// The unknown paths this criterion's outcome depends on, when unknown.
    public var missing: [String]
    /// Set when the criterion could not be evaluated for display after the outcome was already certain.
    public var note: String?
}

/// How one rule evaluated.
public struct RuleTrace: Sendable {
    public var rule: Int
    public var kind: RuleKind
    public var title: String?
    public var line: Int
    public var outcome: Truth
    public var when: CriterionTrace
    public var unless: CriterionTrace?
    public var missing: [String]
}
