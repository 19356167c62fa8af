import Foundation

/// The outcome of one rule for a case, as the decision steps need it.
protocol RuleResult {
    var rule: Int { get }
    var outcome: Truth { get }
    var missing: [String] { get }
}

extension RuleTrace: RuleResult {}

/// The steps of LANGUAGE.md §4 over the outcomes of a treatment's rules, whichever speed of the
/// lowered policy (`CompiledPolicy`) evaluated them.
public enum DecisionEngine {
    /// A decision with the request's facts filled in and nothing decided yet.
    static func blank(_ policy: CheckedPolicy, _ patientCase: PatientCase, fdaStatus: FDAStatus?) -> Decision {
        let request = patientCase.request
        let treatment = policy.treatments[request.treatment]
        return Decision(
            kind: .denied, denialKind: nil, caseID: patientCase.id, treatment: treatment.name,
            treatmentDisplayName: treatment.displayName, requestDate: request.date,
            indication: patientCase.indication, fdaStatus: fdaStatus,
            requestedSessions: request.sessions, coveredSessions: 0, missing: [], unmet: [], cost: nil,
            costMissing: [], reasons: [], decidingRules: [], sessionLimits: [], benefitMaximums: [],
            tier: patientCase.network, nextCoverableDate: nil, policyTitle: policy.title,
            policyVersion: policy.version, effective: policy.effective, expires: policy.expires,
            bulletin: policy.bulletin)
    }

    /// Steps 1-9 of LANGUAGE.md §4 over the outcomes of the treatment's deny and cover rules (in
    /// file order), fast or explained. `requirements` and `tierRates` (the tiers' coinsurance in
    /// fixed form, by tier index) are the per-policy tables a `CompiledPolicy` prepares once.
    /// A denial bills every requested session to the member.
    /// `covers` are the cover rules of the request's review kind (`limits.courses.review`).
    static func decideSteps<Rules: Collection>(_ decision: inout Decision, denies: Rules, covers: Rules, policy: CheckedPolicy,
                                           patientCase: PatientCase, limits: LimitCalculator, requirements: CompiledRequirements,
                                           tierRates: [FixedNumber?]) throws(EvaluationError)
        where Rules.Element: RuleResult {
        decision.course = CourseSummary(limits.courses)
        try decideRules(&decision, denies: denies, covers: covers, policy: policy, patientCase: patientCase,
                        limits: limits, requirements: requirements, tierRates: tierRates)
        if decision.kind == .denied, let billed = patientCase.request.billedPerSession {
            // Sessions not covered are billed to the member in full.
            decision.cost = CostCalculator.uncovered(tier: patientCase.network, billed: billed,
                                                     sessions: patientCase.request.sessions)
        }
    }

    /// Steps 1-9 without the denial's bill.
    static func decideRules<Rules: Collection>(_ decision: inout Decision, denies: Rules, covers: Rules, policy: CheckedPolicy,
                                               patientCase: PatientCase, limits: LimitCalculator, requirements: CompiledRequirements,
                                               tierRates: [FixedNumber?]) throws(EvaluationError)
        where Rules.Element: RuleResult {
        let request = patientCase.request
        // 1. Policy dates.
        if let e = policy.effective, request.date < e {
            return deny(&decision, .policyNotInEffect, rules: [])
        }
        if let x = policy.expires, request.date >= x {
            return deny(&decision, .policyNotInEffect, rules: [])
        }
        // 2. Exclusions.
        if let exclusion = denies.first(where: { $0.outcome == .true }) {
            let kind: DenialKind = policy.rules[exclusion.rule].experimental ? .experimental : .excluded
            return deny(&decision, kind, rules: requirements.list(exclusion.rule))
        }
        // 3. Coverage rules.
        if covers.isEmpty {
            return deny(&decision, .noCoverageRule, rules: [])
        }
        if covers.allSatisfy({ $0.outcome == .false }) {
            // The treatment's cover rules, shared with the policy when they are those evaluated.
            let all = policy.coverRules[request.treatment]
            let same = all.count == covers.count && zip(all, covers).allSatisfy { $0 == $1.rule }
            return deny(&decision, .criteriaNotMet, rules: same ? all : covers.map(\.rule))
        }
        // 4. The provider's tier.
        let tierIndex = patientCase.network.flatMap { name in policy.tiers.firstIndex { $0.name == name } }
        if let tierIndex, case .notCovered = policy.tiers[tierIndex].cost {
            return deny(&decision, .tierNotCovered, rules: [])
        }
        // 5. Unknown facts that could change steps 2-4.
        var missing: [String] = []
        for d in denies where d.outcome == .unknown { missing += d.missing }
        let satisfied = covers.first { $0.outcome == .true }
        if satisfied == nil {
            for c in covers where c.outcome == .unknown { missing += c.missing }
        }
        if tierIndex == nil && !policy.tiers.isEmpty { missing.append("provider.network") }
        guard missing.isEmpty, let satisfied else {
            decision.kind = .needsInformation
            decision.missing = Recorder.unique(missing)
            var deciding: [Int] = []
            for d in denies where d.outcome == .unknown { deciding.append(d.rule) }
            for c in covers where c.outcome == .unknown { deciding.append(c.rule) }
            decision.decidingRules = deciding
            return
        }
        // 6-9. Requirements of the satisfied rule and of the tier, limits, cost.
        try applySatisfied(&decision, rule: satisfied.rule, tierIndex: tierIndex, limits: limits, requirements: requirements,
                           tierRates: tierRates, policy: policy, patientCase: patientCase)
    }

    /// Steps 6-9 for the satisfied cover rule `rule` (an index into `policy.rules`) on the tier
    /// at `tierIndex`.
    static func applySatisfied(_ decision: inout Decision, rule: Int, tierIndex: Int?, limits: LimitCalculator,
                               requirements: CompiledRequirements, tierRates: [FixedNumber?], policy: CheckedPolicy,
                               patientCase: PatientCase) throws(EvaluationError) {
        let ruleIndex = policy.rules[rule].index
        let deciding = requirements.list(ruleIndex)
        decision.decidingRules = deciding
        // 6. A prior authorization the payer denied denies the request.
        if patientCase.priorAuthorization == .denied, requirements.requiresPriorAuthorization(ruleIndex) {
            return deny(&decision, .authorizationDenied, rules: deciding)
        }
        let unmet = requirements.unmet(rule: ruleIndex, tierIndex: tierIndex, review: limits.courses.review, policy: policy,
                                       patientCase: patientCase)
        var rate: FixedNumber?
        if let tierIndex { rate = tierRates[tierIndex] }
        try applyRequirementsAndLimits(&decision, rules: deciding, tierIndex: tierIndex, unmet: unmet, rate: rate,
                                       limits: limits, policy: policy, patientCase: patientCase)
    }

    /// Steps 6-9 once a cover rule is satisfied: pending on unmet requirements, else the limits
    /// (limit_reached, partially_covered) and the cost. `rules` is the satisfied
    /// rule's index as a list, `tierIndex` the provider's tier in `policy.tiers`.
    static func applyRequirementsAndLimits(_ decision: inout Decision, rules: [Int], tierIndex: Int?, unmet: [UnmetRequirement],
                                           rate: FixedNumber?, limits: LimitCalculator, policy: CheckedPolicy,
                                           patientCase: PatientCase) throws(EvaluationError) {
        let request = patientCase.request
        decision.unmet = unmet
        decision.sessionLimits = limits.sessionChecks()
        var allowed = Int.max
        for check in decision.sessionLimits where check.applies { allowed = min(allowed, check.remaining) }
        // Dose limits need the doses: of the request, and of the past sessions they count.
        var doseMissing: [String] = []
        decision.doseLimits = limits.doseChecks(missing: &doseMissing)
        for check in decision.doseLimits { if let fits = check.sessionsAllowed { allowed = min(allowed, fits) } }
        let covered = max(0, min(request.sessions, allowed))
        decision.benefitMaximums = try limits.benefitChecks()

        if !decision.unmet.isEmpty {
            decision.kind = .pending
            if doseMissing.isEmpty {
                decision.cost = CostCalculator.cost(policy: policy, patientCase: patientCase, tierIndex: tierIndex,
                                                    covered: covered, benefits: decision.benefitMaximums, rate: rate,
                                                    missing: &decision.costMissing)
                decision.cost?.ifRequirementsMet = true
            } else {
                // How many sessions the dose limits allow is not known: nor is the cost.
                decision.costMissing = Recorder.unique(doseMissing)
            }
            return
        }
        if !doseMissing.isEmpty {
            // Eligible, but the dose limits cannot be applied without the doses.
            decision.kind = .needsInformation
            decision.missing = Recorder.unique(doseMissing)
            return
        }

        let benefitExhausted = decision.benefitMaximums.contains { $0.remaining.cents <= 0 }
        if allowed == 0 || benefitExhausted {
            deny(&decision, .limitReached, rules: rules)
            decision.nextCoverableDate = limits.nextCoverableDate(covered: 0)
            return
        }
        decision.coveredSessions = covered
        decision.cost = CostCalculator.cost(policy: policy, patientCase: patientCase, tierIndex: tierIndex, covered: covered,
                                            benefits: decision.benefitMaximums, rate: rate, missing: &decision.costMissing)
        var cutByMaximum = false
        var planPays = Money.zero
        if let cost = decision.cost {
            cutByMaximum = cost.sessions.contains { $0.overMaximum.cents > 0 }
            planPays = cost.planPays
        }
        if covered < request.sessions || cutByMaximum {
            decision.kind = .partiallyCovered
            decision.nextCoverableDate = limits.nextCoverableDate(covered: covered, paidNow: planPays)
        } else {
            decision.kind = .covered
        }
    }

    static func deny(_ d: inout Decision, _ kind: DenialKind, rules: [Int]) {
        d.kind = .denied
        d.denialKind = kind
        d.decidingRules = rules
        d.coveredSessions = 0
    }

    static func normalized(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
