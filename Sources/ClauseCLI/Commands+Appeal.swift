import ClauseKit

extension CLI {
    // clause appeal POLICY CASE [-o FILE] [--notice-date DATE]
    func runAppeal(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["-o", "--output", "--notice-date", "--color"]) } catch {
            return usageError(error.message, command: "appeal")
        }
        guard options.positional.count == 2 else {
            return usageError("`appeal` needs a policy file and a case file", command: "appeal")
        }
        var notice: Day?
        if let text = options.values["--notice-date"] {
            guard let day = Day(iso: text) else {
                return usageError("`--notice-date` needs a date such as `2026-03-10`, found `\(text)`", command: "appeal")
            }
            notice = day
        }
        let color = colorFor(err, flag: options.values["--color"])
        let request = DecisionRequest(policyPath: options.positional[0], casePath: options.positional[1], color: color)
        guard let decided = request.decide(self) else { return 1 }
        let decision = decided.decision
        if let why = AppealLetter.notAppealable(decision) {
            err.write("error: no appeal for \(options.positional[1]): \(why)\n")
            return 1
        }
        let letter = AppealLetter(policy: decided.policy, patientCase: decided.patientCase, decision: decision, noticeDate: notice)
        return emit(letter.render(), to: options.values["-o"] ?? options.values["--output"]) ? 0 : 1
    }
}
