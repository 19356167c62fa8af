import ClauseKit

extension CLI {
    // clause report POLICY CASE [-o FILE]
    func runReport(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["-o", "--output", "--color"]) } catch { return usageError(error.message, command: "report") }
        guard options.positional.count == 2 else {
            return usageError("`report` needs a policy file and a case file", command: "report")
        }
        let output = options.values["-o"] ?? options.values["--output"] ?? "-"
        let errColor = colorFor(err, flag: options.values["--color"])
        let request = DecisionRequest(policyPath: options.positional[0], casePath: options.positional[1], color: errColor)
        guard let decided = request.decide(self) else { return 1 }
        let html = HTMLReport(policy: decided.policy, decision: decided.decision, caseName: options.positional[1],
                              patientCase: decided.patientCase).render()
        return emit(html, to: output) ? 0 : 1
    }
}
