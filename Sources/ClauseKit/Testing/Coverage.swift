/// Test coverage of one policy: which rules and criteria were seen true, false and unknown
/// over a set of decisions, and which rules never determined a decision.
///
/// Coverage counts two items per rule and two per criterion: seen true, and seen false
/// (unknown is reported, not counted). A criterion inside a `define` is one item wherever the
/// define is used. `percent` is covered items over all items.
public struct CoverageReport: Sendable {
    public struct Item: Sendable {
        /// For a rule: its kind and title; for a criterion: its label or source text.
        public var text: String
        public var line: Int
        public var seen: Set<Truth>
        /// Rules only: how many decisions it determined.
        public var decided: Int
        public var isRule: Bool
    }
    public var policy: String
    public var rules: [Item]
    public var criteria: [Item]

    public var total: Int { 2 * (rules.count + criteria.count) }
    public var covered: Int {
        (rules + criteria).reduce(0) { $0 + ($1.seen.contains(.true) ? 1 : 0) + ($1.seen.contains(.false) ? 1 : 0) }
    }
    public var percent: Double { total == 0 ? 100 : Double(covered) * 100 / Double(total) }
    public var rulesNeverDeciding: [Item] { rules.filter { $0.decided == 0 } }
}

/// Accumulates decisions of one policy into a `CoverageReport`.
public struct CoverageCollector: Sendable {
    let policy: CheckedPolicy
    var rules: [CoverageReport.Item] = []
    var criteria: [CoverageReport.Item] = []
    var criterionIndex: [String: Int] = [:]

    public init(policy: CheckedPolicy) {
        self.policy = policy
        for rule in policy.rules {
            let title = rule.title.map { "\(rule.kind.rawValue) \"\($0)\"" } ?? "\(rule.kind.rawValue) rule"
            rules.append(.init(text: title, line: rule.line, seen: [], decided: 0, isRule: true))
            collect(rule.when, top: true)
            if let unless = rule.unless { collect(unless, top: true) }
        }
    }

    static func key(_ line: Int, _ source: String) -> String { "\(line)\u{1}\(source)" }

    /// Registers a criterion (and the entries of its block) the way the explained decision traces it.
    mutating func collect(_ c: ResolvedCriterion, top: Bool) {
        var expr = c.expr
        var source = policy.source.text(c.expr.span)
        var label = c.label
        if case .define(let i) = expr.kind {
            let d = policy.defines[i]
            source = policy.source.text(d.expr.span)
            label = label ?? d.label ?? "\(d.name) (define)"
            expr = d.expr
        }
        let line = policy.source.line(of: c.expr.span)
        var isBlock = false
        if case .block(_, let entries) = expr.kind {
            isBlock = true
            for entry in entries { collect(entry, top: false) }
        }
        guard !(top && isBlock) else { return }
        let key = CoverageCollector.key(line, source)
        if criterionIndex[key] == nil {
            criterionIndex[key] = criteria.count
            criteria.append(.init(text: label ?? source, line: line, seen: [], decided: 0, isRule: false))
        }
    }

    public mutating func record(_ decision: Decision) {
        for trace in decision.reasons where trace.rule < rules.count {
            rules[trace.rule].seen.insert(trace.outcome)
            record(trace.when)
            if let unless = trace.unless { record(unless) }
        }
        for r in decision.decidingRules where r < rules.count { rules[r].decided += 1 }
    }

    mutating func record(_ trace: CriterionTrace) {
        if trace.note == nil, let i = criterionIndex[CoverageCollector.key(trace.line, trace.source)] {
            criteria[i].seen.insert(trace.outcome)
        }
        for child in trace.children { record(child) }
    }

    public var report: CoverageReport {
        CoverageReport(policy: policy.source.name, rules: rules, criteria: criteria.sorted { $0.line < $1.line })
    }
}
