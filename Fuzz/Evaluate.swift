// Fuzz target `eval`: mutated cases decided against every example policy. Each input that
// decodes as a case is decided twice and rendered to JSON; the two must be identical.
import Foundation

enum EvaluateTarget {
    static func run(_ bytes: [UInt8], policies: [CheckedPolicy]) {
        for policy in policies {
            guard let patientCase = try? CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary) else { continue }
            do {
                let first = JSONWriter.write(try DecisionEngine.decide(policy, patientCase).json)
                let again = JSONWriter.write(try DecisionEngine.decide(policy, patientCase).json)
                if first != again {
                    FileHandle.standardError.write(Data("fuzz: nondeterministic decision\n".utf8))
                    abort()
                }
            } catch {
                _ = error.message
            }
        }
    }
}
