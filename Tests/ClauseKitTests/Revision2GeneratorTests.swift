import Foundation
import Testing
@testable import ClauseKit

/// The generators of the differential tests and fuzzers produce revision 2's constructs and
/// the case fields it reads.
@Suite struct Revision2GeneratorTests {
    @Test func generatedPoliciesUseRevision2Constructs() {
        var text = ""
        for i in 0..<200 {
            var source = SplitMix64(seed: GeneratedPolicyDifferentialTests.baseSeed &+ UInt64(i))
            text += PolicyGenerator.text(using: &source)
        }
        for construct in [" for initial when", " for continuation when", " as experimental when", "prior_authorization lasting ",
                          " mg per ", "initial authorization lasts", "continuation authorization lasts",
                          "new course after ", "request.dose_mg", "request.review"] {
            #expect(text.contains(construct), "no generated policy contains `\(construct)`")
        }
    }

    @Test func generatedCasesGiveRevision2Fields() throws {
        var seen = Set<String>()
        for i in 0..<100 {
            var source = SplitMix64(seed: 7 &+ UInt64(i))
            guard let policy = PolicyGenerator.generate(using: &source).policy else { continue }
            for _ in 0..<8 {
                let text = CaseGenerator(policy: policy).caseText(using: &source)
                for field in ["\"review\":", "\"dose_mg\":", "\"denied\""] where text.contains(field) { seen.insert(field) }
            }
        }
        #expect(seen.isSuperset(of: ["\"review\":", "\"dose_mg\":", "\"denied\""]), "\(seen)")
    }
}
