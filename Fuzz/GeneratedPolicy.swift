// Fuzz target `generated`: the input bytes are the choices of PolicyGenerator and
// CaseGenerator (read through ByteSource), so libFuzzer explores random valid policies and the
// cases they read rather than bytes that mostly fail to parse. Each generated policy that
// checks is compiled, and several generated cases are decided by the fast path
// (`decide(c)`) and the explained one (`decide(c, explain: true)`), which must agree on
// everything but the explanation, or throw the same error (`DecisionAgreement`); the batch
// lines of both modes must equal the eval JSON. A disagreement prints the policy, the case and
// what differs, then traps.
import Foundation

enum GeneratedPolicyTarget {
    static func run(_ bytes: [UInt8]) {
        var source = ByteSource(bytes)
        // One draw: a policy that does not check is skipped (it is rare: the generator tracks types).
        var options = PolicyGenerator.Options()
        // Chains of defines up to 400 deep: past the old fast-path limit of 200, which the one
        // nesting limit (the checker's) replaced.
        options.maxChain = 400
        let (text, checked) = PolicyGenerator.generate(using: &source, options: options, attempts: 1)
        guard let checked else { return }
        let compiled = CompiledPolicy(checked)
        let cases = CaseGenerator(policy: checked)
        for k in 0..<4 {
            let caseValue = cases.caseValue(using: &source)
            let line = JSONWriter.write(caseValue, pretty: false)
            guard let c = try? CaseDecoder.decode(bytes: Array(line.utf8), vocabulary: checked.vocabulary) else { continue }
            if let problem = DecisionAgreement.disagreement(compiled, c) ?? DecisionAgreement.batchDisagreement(compiled, caseLine: line) {
                FileHandle.standardError.write(Data("fuzz: the evaluator's paths disagree on case \(k)\n\(problem)\n--- policy\n\(text)--- case\n\(line)\n".utf8))
                abort()
            }
            if source.isExhausted { break }
        }
    }
}
