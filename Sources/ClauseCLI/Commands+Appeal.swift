import Foundation
import ClauseKit

/// A policy, and a case decoded against it, loaded for a command; nil after reporting an error.
struct LoadedCase {
    var policy: CheckedPolicy
    var patientCase: PatientCase
    var source: SourceFile
}

extension CLI {
    func loadPolicyAndCase(_ policyPath: String, _ casePath: String, color: Bool) -> LoadedCase? {
        guard let loaded = loadPolicy(policyPath) else { return nil }
        report(loaded.result.diagnostics, in: loaded.source, color: color)
        guard let policy = loaded.result.policy else { return nil }
        let bytes: [UInt8]
        do {
            bytes = casePath == "-" ? readStandardInput() : try Files.read(casePath)
        } catch {
            err.write("error: \(error)\n")
            return nil
        }
        do {
            let c = try CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary)
            return LoadedCase(policy: policy, patientCase: c, source: loaded.source)
        } catch {
            err.write("error: \(CLI.location(casePath, error)): \(error.message)\n")
            return nil
        }
    }

    /// Writes `text` to `path`, or to standard output when `path` is nil or `-`.
    func emit(_ text: String, to path: String?) -> Bool {
        guard let path, path != "-" else {
            out.write(text)
            return true
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return true
        } catch {
            err.write("error: cannot write \(path): \(error.localizedDescription)\n")
            return false
        }
    }

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
        guard let loaded = loadPolicyAndCase(options.positional[0], options.positional[1], color: color) else { return 1 }
        let decision: Decision
        do {
            decision = try CompiledPolicy(loaded.policy).decide(loaded.patientCase, explain: true)
        } catch {
            err.write("error: cannot decide case \(options.positional[1]): \(error.message)\n  --> \(loaded.source.name):\(error.line)\n")
            return 1
        }
        if let why = AppealLetter.notAppealable(decision) {
            err.write("error: no appeal for \(options.positional[1]): \(why)\n")
            return 1
        }
        let letter = AppealLetter(policy: loaded.policy, patientCase: loaded.patientCase, decision: decision, noticeDate: notice)
        return emit(letter.render(), to: options.values["-o"] ?? options.values["--output"]) ? 0 : 1
    }
}
