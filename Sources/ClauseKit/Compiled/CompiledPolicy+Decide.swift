/// The steps of LANGUAGE.md §4 over rule outcomes from compiled closures. This mirrors
/// `DecisionEngine.decideCore` step for step, without traces; `CompiledEquivalenceTests`
/// compares the two on every example, conformance and generated case.
extension CompiledPolicy {
    func decideCore(_ patientCase: PatientCase) throws(EvaluationError) -> Decision {
        let request = patientCase.request
        let t = request.treatment
        let treatment = policy.treatments[t]
        var decision = Decision(
            kind: .denied, denialKind: nil, caseID: patientCase.id, treatment: treatment.name,
            treatmentDisplayName: treatment.displayName, requestDate: request.date,
            indication: patientCase.indication, fdaStatus: fda.status(patientCase),
            requestedSessions: request.sessions, coveredSessions: 0, missing: [], unmet: [], cost: nil,
            costMissing: [], reasons: [], decidingRules: [], sessionLimits: [], benefitMaximums: [],
            tier: patientCase.network, nextCoverableDate: nil, policyTitle: policy.title,
            policyVersion: policy.version, effective: policy.effective, expires: policy.expires)

        // Every rule for the treatment is evaluated, as the interpreter does: an evaluation
        // error in any of them refuses the case on both paths.
        var ctx = EvalContext(patientCase)
        var denies: [RuleOutcome] = []
        var covers: [RuleOutcome] = []
        denies.reserveCapacity(denyRules[t].count)
        covers.reserveCapacity(coverRules[t].count)
        for rule in denyRules[t] { denies.append(try rule.evaluate(&ctx)) }
        for rule in coverRules[t] { covers.append(try rule.evaluate(&ctx)) }

        // 1. Policy dates.
        if let e = policy.effective, request.date < e {
            return DecisionEngine.denied(decision, .policyNotInEffect, rules: [])
        }
        if let x = policy.expires, request.date >= x {
            return DecisionEngine.denied(decision, .policyNotInEffect, rules: [])
        }
        // 2. Exclusions.
        if let deny = denies.first(where: { $0.outcome == .true }) {
            return DecisionEngine.denied(decision, .excluded, rules: [deny.rule])
        }
        // 3. Coverage rules.
        if covers.isEmpty {
            return DecisionEngine.denied(decision, .noCoverageRule, rules: [])
        }
        if covers.allSatisfy({ $0.outcome == .false }) {
            return DecisionEngine.denied(decision, .criteriaNotMet, rules: covers.map(\.rule))
        }
        // 4. The provider's tier.
        let tier = patientCase.network.flatMap { policy.tier(named: $0) }
        if let tier, case .notCovered = tier.cost {
            return DecisionEngine.denied(decision, .tierNotCovered, rules: [])
        }
        // 5. Unknown facts that could change steps 2-4.
        var missing: [String] = []
        for d in denies where d.outcome == .unknown { missing += d.missing }
        let satisfied = covers.first { $0.outcome == .true }
        if satisfied == nil {
            for c in covers where c.outcome == .unknown { missing += c.missing }
        }
        if tier == nil && !policy.tiers.isEmpty { missing.append("provider.network") }
        if !missing.isEmpty || satisfied == nil {
            decision.kind = .needsInformation
            decision.missing = Interpreter.unique(missing)
            decision.decidingRules = denies.filter { $0.outcome == .unknown }.map(\.rule)
                + covers.filter { $0.outcome == .unknown }.map(\.rule)
            return decision
        }
        guard let satisfied else { return decision }
        let rule = policy.rules[satisfied.rule]
        decision.decidingRules = [rule.index]

        // 6-9. Requirements, limits and cost, exactly as the interpreter's decision does them.
        let unmet = requirements.unmet(rule: rule, tier: tier, policy: policy, patientCase: patientCase)
        try DecisionEngine.applyRequirementsAndLimits(&decision, rule: rule, tier: tier, unmet: unmet, policy: policy,
                                                      patientCase: patientCase)
        return decision
    }
}
