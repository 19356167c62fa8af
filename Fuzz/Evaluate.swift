// Fuzz target `eval`: mutated cases decided against every example policy. Each input that
// decodes as a case is decided twice by the interpreter and rendered to JSON; the two must be
// identical. It is also decided by the compiled evaluator (fast lane and closures), whose
// decision must be the interpreter's less the explanation, or the same error.
import Foundation

enum EvaluateTarget {
    nonisolated(unsafe) static var compiled: [CompiledPolicy] = []

    static func run(_ bytes: [UInt8], policies: [CheckedPolicy]) {
        if compiled.count != policies.count { compiled = policies.map { CompiledPolicy($0) } }
        for (policy, fast) in zip(policies, compiled) {
            guard let patientCase = try? CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary) else { continue }
            do {
                let first = JSONWriter.write(try CompiledPolicy(policy).decide(patientCase, explain: true, paths: false).json)
                let again = JSONWriter.write(try CompiledPolicy(policy).decide(patientCase, explain: true, paths: false).json)
                if first != again {
                    FileHandle.standardError.write(Data("fuzz: nondeterministic decision\n".utf8))
                    abort()
                }
                let interpreted = withoutExplanation(try CompiledPolicy(policy).decide(patientCase, explain: true, paths: false))
                guard let compiledDecision = try? fast.decide(patientCase),
                      withoutExplanation(compiledDecision) == interpreted else {
                    FileHandle.standardError.write(Data("fuzz: compiled decision differs from the interpreter's\n".utf8))
                    abort()
                }
            } catch {
                _ = error.message
                // The compiled evaluator must refuse the case with the same error.
                do {
                    _ = try fast.decide(patientCase)
                    FileHandle.standardError.write(Data("fuzz: compiled evaluator decided a case the interpreter refused\n".utf8))
                    abort()
                } catch let compiledError {
                    if compiledError.message != error.message {
                        FileHandle.standardError.write(Data("fuzz: compiled error differs: \(compiledError.message)\n".utf8))
                        abort()
                    }
                }
            }
        }
    }

    /// The decision's JSON without the explanation (`reasons`, and the `summary` quoting it).
    static func withoutExplanation(_ d: Decision) -> String {
        guard case .object(var o) = d.json else { return "not an object" }
        o["reasons"] = nil
        o["summary"] = nil
        return JSONWriter.write(.object(o), pretty: false)
    }
}
