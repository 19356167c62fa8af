/// The steps of LANGUAGE.md §4 over rule outcomes from compiled closures: the same
/// `DecisionEngine.decideSteps` as the interpreter's, without traces; `CompiledEquivalenceTests`
/// compares the two on every example, conformance and generated case.
extension CompiledPolicy {
    func decideCore(_ patientCase: PatientCase) throws(EvaluationError) -> Decision {
        let t = patientCase.request.treatment
        let fdaStatus = fda.status(patientCase)
        var decision = DecisionEngine.blank(policy, patientCase, fdaStatus: fdaStatus)

        // Every rule for the treatment is evaluated, as the interpreter does: an evaluation
        // error in any of them refuses the case on both paths. The fast lane answers a rule
        // when it can tell it with certainty; otherwise the rule's closures evaluate it, and
        // they give the missing paths and the errors.
        var state = FastState(fdaStatus: fdaStatus)
        // One array for both kinds of rule (one allocation), denies first.
        var outcomes: [RuleOutcome] = []
        let denyCount = denyRules[t].count
        outcomes.reserveCapacity(denyCount + coverRules[t].count)
        // By index: `for rule in` would retain and release each rule.
        for i in denyRules[t].indices { outcomes.append(try denyRules[t][i].outcome(patientCase, &state)) }
        for i in coverRules[t].indices { outcomes.append(try coverRules[t][i].outcome(patientCase, &state)) }

        try DecisionEngine.decideSteps(&decision, denies: outcomes[..<denyCount], covers: outcomes[denyCount...], policy: policy,
                                       patientCase: patientCase, requirements: requirements, tierRates: tierRates)
        return decision
    }
}
