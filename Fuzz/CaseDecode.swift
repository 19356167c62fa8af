// libFuzzer target: JSON reading and case decoding of arbitrary bytes, against the
// vocabulary of every example policy, then writing the parsed JSON back out.
import Foundation

nonisolated(unsafe) private var policies: [CheckedPolicy] = []

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>>>) -> CInt {
    policies = FuzzPolicies.load()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseDecode(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let json = try? JSONReader.parse(bytes) {
        _ = JSONWriter.write(json)
        _ = JSONWriter.write(json, pretty: false)
    }
    for policy in policies {
        do {
            _ = try CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary)
        } catch {
            _ = error.message
        }
    }
    return 0
}
