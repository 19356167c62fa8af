import Foundation

/// A comparison of a case path with a constant: `patient.age >= 18`, `18 <= patient.age`.
struct Bound {
    var path: String
    var op: BinaryOperator
    /// The constant, as a comparable number: money in cents, dates as day ordinals.
    var value: Decimal
    /// What kind of constant it is (`number`, `money`, `date`), so only like is compared with like.
    var unit: String
    var expr: Expr

    init?(_ e: Expr) {
        guard case .binary(let op, let l, let r) = e.kind,
              [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op) else { return nil }
        if case .path(let names) = l.kind, names.count > 1, let (v, u) = Bound.constant(r) {
            self.init(path: names.map(\.text).joined(separator: "."), op: op, value: v, unit: u, expr: e)
        } else if case .path(let names) = r.kind, names.count > 1, let (v, u) = Bound.constant(l) {
            self.init(path: names.map(\.text).joined(separator: "."), op: Bound.flipped(op), value: v, unit: u, expr: e)
        } else {
            return nil
        }
    }

    init(path: String, op: BinaryOperator, value: Decimal, unit: String, expr: Expr) {
        self.path = path
        self.op = op
        self.value = value
        self.unit = unit
        self.expr = expr
    }

    var key: String { path + "|" + unit }

    static func constant(_ e: Expr) -> (Decimal, String)? {
        switch e.kind {
        case .number(let d, _), .percent(let d): return (d, "number")
        case .money(let m): return (Decimal(m.cents), "money")
        case .date(let d): return (Decimal(d.ordinal), "date")
        case .unary(.negate, let x):
            if let (v, u) = constant(x), u != "date" { return (-v, u) }
            return nil
        default: return nil
        }
    }

    static func flipped(_ op: BinaryOperator) -> BinaryOperator {
        switch op {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return op
        }
    }
}

/// The values a path may take under a conjunction of bounds: an interval, minus some points.
struct Interval {
    var lower: (value: Decimal, inclusive: Bool)?
    var upper: (value: Decimal, inclusive: Bool)?
    var excluded: [Decimal] = []

    mutating func add(_ b: Bound) {
        switch b.op {
        case .greater, .greaterEqual:
            let inclusive = b.op == .greaterEqual
            if let l = lower, l.value > b.value || (l.value == b.value && !l.inclusive) { return }
            lower = (b.value, inclusive)
        case .less, .lessEqual:
            let inclusive = b.op == .lessEqual
            if let u = upper, u.value < b.value || (u.value == b.value && !u.inclusive) { return }
            upper = (b.value, inclusive)
        case .equal:
            add(Bound(path: b.path, op: .greaterEqual, value: b.value, unit: b.unit, expr: b.expr))
            add(Bound(path: b.path, op: .lessEqual, value: b.value, unit: b.unit, expr: b.expr))
        case .notEqual:
            excluded.append(b.value)
        default: break
        }
    }

    var isEmpty: Bool {
        guard let l = lower, let u = upper else { return false }
        if l.value > u.value { return true }
        if l.value == u.value { return !(l.inclusive && u.inclusive) || excluded.contains(l.value) }
        return false
    }

    /// Whether every value in the interval satisfies `op value`.
    func implies(_ op: BinaryOperator, _ v: Decimal) -> Bool {
        switch op {
        case .greaterEqual: return lower.map { $0.value >= v } ?? false
        case .greater: return lower.map { $0.value > v || ($0.value == v && !$0.inclusive) } ?? false
        case .lessEqual: return upper.map { $0.value <= v } ?? false
        case .less: return upper.map { $0.value < v || ($0.value == v && !$0.inclusive) } ?? false
        case .equal:
            guard let l = lower, let u = upper else { return false }
            return l.value == v && u.value == v && l.inclusive && u.inclusive
        case .notEqual:
            return excluded.contains(v) || !Interval.contains(lower: lower, upper: upper, v)
        default: return false
        }
    }

    static func contains(lower: (value: Decimal, inclusive: Bool)?, upper: (value: Decimal, inclusive: Bool)?, _ v: Decimal) -> Bool {
        if let l = lower, v < l.value || (v == l.value && !l.inclusive) { return false }
        if let u = upper, v > u.value || (v == u.value && !u.inclusive) { return false }
        return true
    }
}

extension Linter {
    /// A rule whose conjuncts bound one path so that no value satisfies them all.
    mutating func lintContradictions() {
        for rule in rules {
            var intervals: [String: Interval] = [:]
            var first: [String: Bound] = [:]
            for conjunct in conjuncts(rule.when.expr) {
                guard let bound = Bound(conjunct) else { continue }
                intervals[bound.key, default: Interval()].add(bound)
                if first[bound.key] == nil { first[bound.key] = bound }
                if intervals[bound.key]?.isEmpty == true, let earlier = first[bound.key] {
                    let what = rule.kind == .cover ? "this cover rule can never be true" : "this deny rule can never apply"
                    warn(.contradictoryBounds, what, at: conjunct.span,
                         label: "contradicts `\(ExpressionPrinter.render(earlier.expr))` (line \(line(earlier.expr.span)))",
                         help: "no value of `\(bound.path)` satisfies both bounds; fix the numbers or split the rule")
                    break
                }
            }
        }
    }

    /// The bounds each path must satisfy for a cover rule to hold.
    func intervals(of rule: RuleDecl) -> [String: Interval] {
        var result: [String: Interval] = [:]
        for conjunct in conjuncts(rule.when.expr) {
            if let b = Bound(conjunct) { result[b.key, default: Interval()].add(b) }
        }
        return result
    }

    /// A deny (without `unless`) whose `when` holds whenever a cover rule of the same treatment
    /// holds: one of its alternatives is a criterion the cover rule requires, or is implied by
    /// the cover rule's bounds.
    mutating func lintDenyCoveringRules() {
        for deny in rules where deny.kind == .deny && deny.unless == nil {
            let alternatives = disjuncts(deny.when.expr)
            for cover in coverRules(for: deny.treatments) {
                let required = conjuncts(cover.when.expr)
                let requiredKeys = Set(required.map(Linter.key))
                let bounds = intervals(of: cover)
                if bounds.values.contains(where: \.isEmpty) { continue }  // already reported
                // An alternative holds whenever the cover rule does when each of its conjuncts is
                // required by the cover rule or implied by the cover rule's bounds.
                let hit = alternatives.first { alt in
                    conjuncts(alt).allSatisfy { part in
                        if requiredKeys.contains(Linter.key(part)) { return true }
                        guard let b = Bound(part), let interval = bounds[b.key] else { return false }
                        return interval.implies(b.op, b.value)
                    }
                }
                guard let hit else { continue }
                let coverName = cover.title.map { "\"\($0.value)\"" } ?? "on line \(line(cover.span))"
                let span = isBlock(hit) ? (deny.title?.span ?? deny.span) : hit.span
                warn(.denyCoversRule, "deny rule excludes every case that cover rule \(coverName) admits",
                     at: span, label: "holds whenever the cover rule on line \(line(cover.span)) holds",
                     help: "the cover rule can never lead to coverage; narrow the exclusion or add an `unless`")
            }
        }
    }

    /// A tier on which no cover rule can be met (every cover rule restricts `provider.network`
    /// to other tiers), or a `not covered` tier that also requires a referral.
    mutating func lintTiers() {
        let covers = coverRules
        for case .network(let network) in file.declarations {
            for tier in network.tiers {
                if case .notCovered = tier.cost {
                    if tier.requiresReferral {
                        warn(.unreachableTier, "tier `\(tier.name.text)` is not covered, so its referral requirement never applies",
                             at: tier.span, help: "remove `, requires referral`")
                    }
                    continue
                }
                guard !covers.isEmpty else { continue }
                let excludedEverywhere = covers.allSatisfy { cover in
                    conjuncts(cover.when.expr).contains { Linter.excludes($0, tier: tier.name.text) }
                }
                if excludedEverywhere {
                    warn(.unreachableTier, "no cover rule can be met on tier `\(tier.name.text)`", at: tier.name.span,
                         label: "every cover rule restricts `provider.network` to other tiers",
                         help: "write the tier `not covered` if that is the intent, or allow it in a cover rule")
                }
            }
        }
    }

    /// Whether a criterion is false whenever `provider.network` is `tier`.
    static func excludes(_ e: Expr, tier: String) -> Bool {
        guard case .binary(let op, let l, let r) = e.kind else { return false }
        let isNetwork: (Expr) -> Bool = {
            if case .path(let names) = $0.kind { return names.map(\.text) == ["provider", "network"] }
            return false
        }
        let other = isNetwork(l) ? r : (isNetwork(r) ? l : nil)
        guard let other else { return false }
        switch (op, other.kind) {
        case (.equal, .string(let s)): return s != tier
        case (.notEqual, .string(let s)): return s == tier
        case (.in, .list(let items)) where isNetwork(l):
            let names = items.compactMap { item -> String? in
                if case .string(let s) = item.kind { return s }
                return nil
            }
            return names.count == items.count && !names.contains(tier)
        default: return false
        }
    }
}
