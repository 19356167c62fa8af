// The libFuzzer entry points of the one fuzz binary Scripts/fuzz.sh builds from the ClauseKit
// sources and Fuzz/*.swift with `swiftc -sanitize=fuzzer,address` (outside SwiftPM).
// CLAUSE_FUZZ_TARGET selects the target (parse, case, eval, generated); CLAUSE_FUZZ_POLICIES the
// directory of example policies. Any crash, trap, sanitizer report, timeout or
// out-of-memory is a finding.
import Foundation

nonisolated(unsafe) private var target = "parse"
nonisolated(unsafe) private var policies: [CheckedPolicy] = []

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>>>) -> CInt {
    target = ProcessInfo.processInfo.environment["CLAUSE_FUZZ_TARGET"] ?? "parse"
    guard ["parse", "case", "eval", "generated"].contains(target) else {
        FileHandle.standardError.write(Data("fuzz: unknown CLAUSE_FUZZ_TARGET \(target)\n".utf8))
        exit(2)
    }
    if target == "case" || target == "eval" { policies = FuzzPolicies.load() }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch target {
    case "case": CaseDecodeTarget.run(bytes, policies: policies)
    case "eval": EvaluateTarget.run(bytes, policies: policies)
    case "generated": GeneratedPolicyTarget.run(bytes)
    default: ParseCheckTarget.run(bytes)
    }
    return 0
}
