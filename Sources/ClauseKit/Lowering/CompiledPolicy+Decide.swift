/// The steps of LANGUAGE.md §4 (`DecisionEngine.decideSteps`) over the outcomes of the lowered
/// rules: fast (the fast lane, falling back to the closures) or explained (the same closures
/// with a recorder, every rule traced).
extension CompiledPolicy {
    func decideCore(_ patientCase: PatientCase) throws(EvaluationError) -> Decision {
        let t = patientCase.request.treatment
        let fdaStatus = fda.status(patientCase)
        var decision = DecisionEngine.blank(policy, patientCase, fdaStatus: fdaStatus)
        let limits = LimitCalculator(limits: policy.limits[t], patientCase: patientCase)
        let review = limits.courses.review

        // Every rule for the treatment is evaluated, as the explained decision does: an
        // evaluation error in any of them refuses the case on both paths.
        var state = FastState(fdaStatus: fdaStatus)
        // One array for both kinds of rule (one allocation), denies first.
        var outcomes: [RuleOutcome] = []
        let denyCount = denyRules[t].count
        outcomes.reserveCapacity(denyCount + coverRules[t].count)
        // By index: `for rule in` would retain and release each rule.
        for i in denyRules[t].indices { outcomes.append(try denyRules[t][i].outcome(patientCase, &state)) }
        // A cover rule for the other review kind is left out.
        for i in coverRules[t].indices where coverRules[t][i].applies(to: review) {
            outcomes.append(try coverRules[t][i].outcome(patientCase, &state))
        }

        try DecisionEngine.decideSteps(&decision, denies: outcomes[..<denyCount], covers: outcomes[denyCount...], policy: policy,
                                       patientCase: patientCase, limits: limits, requirements: requirements, tierRates: tierRates)
        return decision
    }

    /// The decision with every rule for the treatment traced (`Decision.reasons`, in file order).
    func decideExplained(_ patientCase: PatientCase) throws(EvaluationError) -> Decision {
        let t = patientCase.request.treatment
        let fdaStatus = fda.status(patientCase)
        var decision = DecisionEngine.blank(policy, patientCase, fdaStatus: fdaStatus)
        let limits = LimitCalculator(limits: policy.limits[t], patientCase: patientCase)
        let review = limits.courses.review
        let recorder = Recorder()
        var ctx = EvalContext(patientCase, fdaStatus: fdaStatus, recorder: recorder)
        // One array for both kinds of rule, denies first, then put in file order for `reasons`.
        var traces: [RuleTrace] = []
        let denyCount = denyRules[t].count
        traces.reserveCapacity(denyCount + coverRules[t].count)
        for rule in denyRules[t] { traces.append(try rule.explain(&ctx, recorder)) }
        for rule in coverRules[t] where rule.applies(to: review) { traces.append(try rule.explain(&ctx, recorder)) }
        try DecisionEngine.decideSteps(&decision, denies: traces[..<denyCount], covers: traces[denyCount...], policy: policy,
                                       patientCase: patientCase, limits: limits, requirements: requirements, tierRates: tierRates)
        traces.sort { $0.rule < $1.rule }
        decision.reasons = traces
        return decision
    }
}
