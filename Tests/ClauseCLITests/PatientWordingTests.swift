import Foundation
import Testing
@testable import ClauseCLI
import ClauseKit

/// The patient-facing wording of summaries, reports and letters on the example cases: no
/// internal names (`fda off_label`, `out_of_network`), and no page telling a patient that a
/// wait makes the whole request covered (issue #17).
@Suite struct PatientWordingTests {
    func eval(_ policy: String, _ c: String, _ command: String = "eval") -> String {
        run([command, path("Policies/\(policy).clause"), path("Policies/cases/\(policy)/\(c).json")]).out
    }

    @Test func anUnlabelledFDACriterionIsSaidInWords() {
        let offLabel = eval("acme-ppo", "iv-ketamine-off-label")
        #expect(offLabel.contains("FDA status off-label for this use"), "\(offLabel)")
        #expect(!offLabel.components(separatedBy: "\n")[0].contains("off_label"))
        let ptsd = eval("valley-hmo", "ptsd-investigational")
        #expect(ptsd.components(separatedBy: "\n")[0].contains("FDA status investigational for this use"), "\(ptsd)")
    }

    @Test func networkTiersAreNamedInWords() {
        let denied = eval("valley-hmo", "out-of-network")
        #expect(denied.contains("the provider's network tier (out of network)"), "\(denied)")
        let pending = eval("acme-ppo", "out-of-network-no-referral")
        #expect(pending.contains("(required for the out of network tier)"), "\(pending)")
        #expect(!pending.contains("`out_of_network`"))
        let letter = eval("valley-hmo", "out-of-network", "appeal")
        #expect(!letter.contains("`out_of_network`"), "\(letter)")
    }

    @Test func aPartialReportSaysWhatAWaitGivesNotThatAllIsCovered() {
        let page = eval("acme-ppo", "induction-cap-partial", "report")
        let patient = page.components(separatedBy: "<details").first ?? page
        #expect(patient.contains("helps with the sessions not covered now"), "\(patient)")
        #expect(patient.contains("the sessions not covered now would be covered then"))
        #expect(!patient.contains("would make it covered"))
    }
}
