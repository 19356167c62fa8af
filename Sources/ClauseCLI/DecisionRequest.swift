import ClauseKit

/// A policy, and a case decoded against it, loaded for a command that decides one case
/// (`eval`, `report`, `appeal`).
struct LoadedCase {
    var policy: CheckedPolicy
    var patientCase: PatientCase
    /// The policy's source, for the line an evaluation error cites.
    var source: SourceFile
    /// The case file as named on the command line (`-` for standard input).
    var casePath: String
}

/// A loaded case and its decision, explained (every rule's trace and the paths to coverage).
struct DecidedCase {
    var loaded: LoadedCase
    var decision: Decision

    var policy: CheckedPolicy { loaded.policy }
    var patientCase: PatientCase { loaded.patientCase }
}

/// The one load-policy / read-case / decide sequence of the commands that decide one case.
/// Every failure is reported on the CLI's `err` in the same words for every command, and the
/// step returns nil: the command then exits 1.
struct DecisionRequest {
    var policyPath: String
    var casePath: String
    /// Colour in the policy's diagnostics (on standard error).
    var color: Bool

    /// Loads and checks the policy (its diagnostics are printed), reads the case (`-` is
    /// standard input) and decodes it against the policy's vocabulary.
    func load(_ cli: CLI) -> LoadedCase? {
        guard let (policy, source) = cli.loadCheckedPolicy(policyPath, color: color) else { return nil }
        let bytes: [UInt8]
        do {
            bytes = casePath == "-" ? readStandardInput() : try Files.read(casePath)
        } catch {
            cli.err.write("error: \(error)\n")
            return nil
        }
        do {
            let patientCase = try CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary)
            for typo in CaseKeyTypos(policy.vocabulary).typos(in: patientCase.root) {
                cli.err.write("warning: \(casePath == "-" ? "<stdin>" : casePath): case key `\(typo.path)` is read by no rule; "
                              + "did you mean `\(typo.suggestedPath)`?\n")
            }
            return LoadedCase(policy: policy, patientCase: patientCase, source: source, casePath: casePath)
        } catch {
            cli.err.write("error: \(CLI.location(casePath, error)): \(error.message)\n")
            return nil
        }
    }

    /// `load`, then the explained decision.
    func decide(_ cli: CLI) -> DecidedCase? {
        guard let loaded = load(cli) else { return nil }
        return DecisionRequest.decide(loaded, cli)
    }

    /// Decides a loaded case with its explanation, through the library's one explaining call
    /// (`CompiledPolicy.decide(_:explain: true)`); an evaluation error cites its policy line.
    static func decide(_ loaded: LoadedCase, _ cli: CLI) -> DecidedCase? {
        do {
            let decision = try CompiledPolicy(loaded.policy).decide(loaded.patientCase, explain: true)
            return DecidedCase(loaded: loaded, decision: decision)
        } catch {
            cli.err.write("error: cannot decide case \(loaded.casePath): \(error.message)\n  --> \(loaded.source.name):\(error.line)\n")
            return nil
        }
    }
}

extension CLI {
    /// Loads and checks a policy and prints its diagnostics; nil when it cannot be read or has
    /// errors (`eval`, `report`, `appeal`, `graph`, `diff`).
    func loadCheckedPolicy(_ path: String, color: Bool) -> (CheckedPolicy, SourceFile)? {
        guard let loaded = loadPolicy(path) else { return nil }
        report(loaded.result.diagnostics, in: loaded.source, color: color)
        guard let policy = loaded.result.policy else { return nil }
        return (policy, loaded.source)
    }
}
