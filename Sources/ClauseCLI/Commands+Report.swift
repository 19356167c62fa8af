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
        guard let (policy, decision) = decideForReport(policyPath: options.positional[0], casePath: options.positional[1], color: errColor) else {
            return 1
        }
        let html = HTMLReport(policy: policy, decision: decision, caseName: options.positional[1]).render()
        if output == "-" {
            out.write(html)
            return 0
        }
        do {
            try Files.write(html, to: output)
        } catch {
            err.write("error: \(error)\n")
            return 1
        }
        return 0
    }

    /// Loads and checks the policy, reads the case and decides it; reports every failure on `err`.
    func decideForReport(policyPath: String, casePath: String, color: Bool) -> (CheckedPolicy, Decision)? {
        guard let loaded = loadPolicy(policyPath) else { return nil }
        report(loaded.result.diagnostics, in: loaded.source, color: color)
        guard let policy = loaded.result.policy else { return nil }
        let caseBytes: [UInt8]
        do {
            caseBytes = casePath == "-" ? readStandardInput() : try Files.read(casePath)
        } catch {
            err.write("error: \(error)\n")
            return nil
        }
        do {
            let patientCase = try CaseDecoder.decode(bytes: caseBytes, vocabulary: policy.vocabulary)
            do {
                return (policy, try CompiledPolicy(policy).decide(patientCase, explain: true))
            } catch {
                err.write("error: cannot decide case \(casePath): \(error.message)\n  --> \(loaded.source.name):\(error.line)\n")
                return nil
            }
        } catch {
            err.write("error: \(CLI.location(casePath, error)): \(error.message)\n")
            return nil
        }
    }
}
