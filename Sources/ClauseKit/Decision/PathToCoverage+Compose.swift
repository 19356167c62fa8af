import Foundation

/// Puts a path together from the decision's steps (LANGUAGE.md §4): the policy's dates, every
/// deny that must not apply, one cover rule's criteria, a covered tier, the requirements of
/// that rule and tier, and, for limits, the date the next session becomes coverable.
extension CriterionSolver {
    func compose(decision: Decision) -> [CoveragePath] {
        let t = patientCase.request.treatment
        let date = patientCase.request.date

        // Limits: the case is eligible and its requirements are met; only time (or asking for
        // fewer sessions) helps.
        if decision.kind == .partiallyCovered || decision.denialKind == .limitReached {
            var paths: [CoveragePath] = []
            if let wait = waitChanges(decision) { paths.append(CoveragePath(changes: wait)) }
            if decision.kind == .partiallyCovered, decision.coveredSessions < decision.requestedSessions {
                let n = decision.coveredSessions
                paths.append(CoveragePath(changes: [CoverageChange(
                    kind: .sessions, text: "at most \(Plural.count(n, "session")) requested now (the limits allow \(n))",
                    path: "request.sessions", edits: [.set(["request", "sessions"], .int(n))])]))
            }
            return paths
        }

        var prefix: [CoverageChange] = []
        if let e = policy.effective, date < e {
            prefix.append(CoverageChange(kind: .date, text: "the request dated on or after \(e), when the policy takes effect",
                                         path: "request.date", edits: [.set(["request", "date"], .string(e.description))]))
        } else if let x = policy.expires, date >= x, let last = x.addingDays(-1) {
            prefix.append(CoverageChange(kind: .date, text: "the request dated before \(x), when the policy expires",
                                         path: "request.date", edits: [.set(["request", "date"], .string(last.description))]))
        }

        var denyFix: Alternatives = [[]]
        for r in policy.denyRules[t] {
            denyFix = CriterionSolver.product(denyFix, notApplying(policy.rules[r]))
        }
        var paths: [CoveragePath] = []
        for r in policy.coverRules(of: t, for: review) {
            let rule = policy.rules[r]
            let criteria = CriterionSolver.product(denyFix, solve(rule.when, want: true))
            for (tier, tierChange) in tierOptions(decision) {
                var extra = tierChange.map { [$0] } ?? []
                extra += requirementChanges(rule, tier: tier)
                for alt in criteria {
                    var changes = prefix
                    for c in alt + extra where !changes.contains(where: { $0.text == c.text }) { changes.append(c) }
                    paths.append(CoveragePath(rule: r, ruleTitle: rule.title, ruleLine: rule.line, changes: changes))
                }
            }
        }
        // Keep the smallest: a path containing another path's changes is not a smallest one.
        let sets = paths.map { Set($0.changes.map(\.text)) }
        return paths.enumerated().filter { i, p in
            !sets.enumerated().contains { j, s in j != i && s.isSubset(of: sets[i]) && (s.count < sets[i].count || j < i) }
        }.map(\.element)
    }

    /// A deny must not apply: its `when` false, or its `unless` true.
    func notApplying(_ rule: Rule) -> Alternatives {
        let whenTruth = truth(rule.when.expr)
        if whenTruth == .false { return [[]] }
        if let unless = rule.unless, truth(unless.expr) == .true { return [[]] }
        var parts = [solve(rule.when, want: false)]
        if let unless = rule.unless { parts.append(solve(unless, want: true)) }
        return CriterionSolver.union(parts)
    }

    /// The tiers a path may use: the case's own when it is covered, else each covered tier.
    func tierOptions(_ decision: Decision) -> [(Tier?, CoverageChange?)] {
        guard !policy.tiers.isEmpty else { return [(nil, nil)] }
        if let name = patientCase.network, let tier = policy.tier(named: name) {
            if case .notCovered = tier.cost {} else { return [(tier, nil)] }
        }
        let covered = policy.tiers.filter { if case .notCovered = $0.cost { return false } else { return true } }
        return covered.map { tier in
            let change: CoverageChange
            if let current = patientCase.network {
                change = CoverageChange(kind: .network, text: "a provider on the `\(tier.name)` tier (now `\(current)`, not covered)",
                                        words: "a provider on the plan's \(CoverageWords.tier(tier.name)) tier (this one is "
                                            + "\(CoverageWords.tier(current)), which the policy does not cover)",
                                        line: tier.line, path: "provider.network",
                                        edits: [.set(["provider", "network"], .string(tier.name))])
            } else {
                change = CoverageChange(kind: .missingFact, text: "provider.network given: a covered tier such as `\(tier.name)`",
                                        words: "the provider's network tier (not given): a covered one such as \(CoverageWords.tier(tier.name))",
                                        line: tier.line, path: "provider.network",
                                        edits: [.set(["provider", "network"], .string(tier.name))])
            }
            return (tier, change)
        }
    }

    /// The unmet requirements of a cover rule on a tier, as changes with their edits.
    func requirementChanges(_ rule: Rule, tier: Tier?) -> [CoverageChange] {
        let tierIndex = tier.flatMap { t in policy.tiers.firstIndex { $0.name == t.name } }
        let unmet = compiled.requirements.unmet(rule: rule.index, tierIndex: tierIndex, review: review,
                                                policy: policy, patientCase: patientCase)
        // An authorization approved on the request date is valid on it (`AuthorizationValidity`).
        let approval = AuthorizationValidity.approvedFields(on: patientCase.request.date).map { CaseEdit.set(["authorization", $0.0], $0.1) }
        return unmet.map { u in
            switch u.kind {
            case .priorAuthorization:
                return CoverageChange(kind: .requirement, text: u.text, criterion: "requires prior_authorization", line: u.line,
                                      path: "authorization.prior_authorization",
                                      edits: approval)
            case .referral:
                return CoverageChange(kind: .requirement, text: u.text, words: CoverageWords.untick(u.text), criterion: "requires referral", line: u.line,
                                      path: "provider.referral", edits: [.set(["provider", "referral"], .bool(true))])
            case .document:
                let title = u.text.hasPrefix("document: ") ? String(u.text.dropFirst("document: ".count)) : u.text
                return CoverageChange(kind: .requirement, text: "document on file: \(title)", criterion: "requires document",
                                      line: u.line, path: "documents", edits: [.append(["documents"], .string(title))])
            }
        }
    }
}
