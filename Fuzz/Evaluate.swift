// libFuzzer target: evaluation of mutated cases against the example policies.
// Each input is decoded as a case for every example policy; every case that decodes
// is decided, and the decision is rendered to JSON twice (it must be identical).
import Foundation

nonisolated(unsafe) private var policies: [CheckedPolicy] = []

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>>>) -> CInt {
    policies = FuzzPolicies.load()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvaluate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for policy in policies {
        guard let patientCase = try? CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary) else { continue }
        do {
            let decision = try DecisionEngine.decide(policy, patientCase)
            let first = JSONWriter.write(decision.json)
            let again = try DecisionEngine.decide(policy, patientCase)
            if JSONWriter.write(again.json) != first {
                FileHandle.standardError.write(Data("nondeterministic decision\n".utf8))
                abort()
            }
        } catch {
            _ = error.message
        }
    }
    return 0
}
