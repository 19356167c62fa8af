import Foundation
import Testing
@testable import ClauseKit

func letter(_ policy: CheckedPolicy, _ json: String, notice: String? = nil) throws -> (Decision, String) {
    let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
    let d = try CompiledPolicy(policy).decide(c, explain: true)
    return (d, AppealLetter(policy: policy, patientCase: c, decision: d, noticeDate: notice.flatMap { Day(iso: $0) }).render())
}

@Suite struct AppealsBlockTests {
    @Test func parsesEveryItemWithLines() throws {
        let policy = try checked("""
            policy "P" {
              version "1"
              appeals {
                file within 60 days
                urgent decision within 48 hours
                standard decision within 15 days
                external review within 4 months
                address "PO Box 1"
              }
            }
            treatment esketamine "Spravato" { billing hcpcs J0013 }
            """, withHeader: false)
        let a = policy.appeals
        #expect(a.fileWithin.period == .duration(Duration(60, .days)))
        #expect(a.fileWithin.line == 4)
        #expect(a.urgentDecision.period == .hours(48))
        #expect(a.standardDecision.period == .duration(Duration(15, .days)))
        #expect(a.externalReview?.period == .duration(Duration(4, .months)))
        #expect(a.address == "PO Box 1")
        #expect(a.line == 3)
    }

    @Test func defaultsAreTheACARules() throws {
        let a = try checked("cover esketamine when patient.age >= 18").appeals
        #expect(a.fileWithin.period == .duration(Duration(180, .days)))
        #expect(a.fileWithin.line == nil)
        #expect(a.urgentDecision.period == .hours(72))
        #expect(a.standardDecision.period == .duration(Duration(30, .days)))
        #expect(a.externalReview == nil)
    }

    @Test func errorsAreLocated() {
        let ds = diagnostics("""
            policy "P" { appeals { file within 0 days  urgent decision within 3 fortnights } }
            """, withHeader: false)
        #expect(ds.contains { $0.message == "an appeal deadline must be longer than zero" })
        #expect(ds.contains { $0.message.contains("a unit (`hours`, `days`, `weeks`, `months` or `years`) after `3`") })
        let dup = diagnostics("""
            policy "P" { appeals { file within 10 days file within 20 days } }
            """, withHeader: false)
        #expect(dup.contains { $0.message == "duplicate `file` in `appeals`" })
    }

    @Test func appealWordsStayOrdinaryNamesElsewhere() throws {
        let d = try decide("cover esketamine when request.urgent and history.file", caseJSON(extra: #""history": {"file": true}"#))
        #expect(d.kind == .needsInformation)
    }

    @Test func hoursDeadlineRoundsUpToWholeDays() {
        let day = Day(iso: "2026-03-02")!
        #expect(AppealPeriod.hours(72).deadline(from: day) == Day(iso: "2026-03-05"))
        #expect(AppealPeriod.hours(1).deadline(from: day) == Day(iso: "2026-03-03"))
    }
}

@Suite struct AppealLetterTests {
    @Test func deniedLetterCitesPolicyCriteriaEvidenceAndDeadlines() throws {
        let policy = try specPolicy("acme-ppo")
        let (d, text) = try letter(policy, try specCase("acme-ppo", "one-drug-class"), notice: "2026-03-10")
        #expect(d.denialKind == .criteriaNotMet)
        #expect(text.contains(#""Acme Health PPO: Ketamine and Esketamine", version 2026.1 (Acme Health)"#))
        #expect(text.contains(#"rule "Esketamine for treatment-resistant depression" (line 31)"#))
        #expect(text.contains("- **member is 18 or older** (policy line 32): met. The case shows age: 34."))
        #expect(text.contains("(policy line 34): the plan found this not met. [The enclosed records document that the member meets it: failed antidepressants"))
        #expect(text.contains("A table of earlier antidepressant trials"))
        #expect(text.contains("PHQ-9 or MADRS score from the last 30 days"))
        #expect(text.contains("within 180 days of the notice: by 2026-09-06 for a notice dated 2026-03-10 (ACA default)"))
        #expect(text.contains("within 72 hours (ACA default)"))
        #expect(text.contains("within 30 days of receiving it (ACA default)"))
    }

    @Test func exclusionLetterNamesTheExclusionAndWhatMustChange() throws {
        let policy = try specPolicy("acme-ppo")
        let (_, text) = try letter(policy, try specCase("acme-ppo", "pregnancy-excluded"))
        #expect(text.contains(#"The plan applied the exclusion "Contraindications" (policy line 41) because of: pregnancy (policy line 43)."#))
        #expect(text.contains("- [The enclosed records document that this does not apply to the member: pregnancy (policy line 43) — fill in or remove.]"))
    }

    @Test func pendingLetterListsUnmetRequirementsAndPolicyDeadlines() throws {
        let policy = try specPolicy("bayou-medicaid")
        let (d, text) = try letter(policy, try specCase("bayou-medicaid", "suicidal-ideation-pa-pending"), notice: "2026-08-03")
        #expect(d.kind == .pending)
        #expect(text.contains("- prior authorization approved (current status: pending)"))
        #expect(text.contains("within 60 days of the notice: by 2026-10-02 for a notice dated 2026-08-03 (policy line 14)"))
        #expect(text.contains("within 120 days of a final internal denial (policy line 17)"))
        #expect(text.contains("Bayou State Medicaid, Behavioral Health Appeals"))
    }

    @Test func coveredAndNeedsInformationAreNotAppealable() throws {
        let policy = try specPolicy("acme-ppo")
        for (name, expected) in [("covered-in-network", "covered"), ("pregnancy-unknown", "needs information")] {
            let c = try CaseDecoder.decode(bytes: Array(try specCase("acme-ppo", name).utf8), vocabulary: policy.vocabulary)
            let why = AppealLetter.notAppealable(try CompiledPolicy(policy).decide(c, explain: true, paths: false))
            #expect(why?.contains(expected) == true)
        }
    }
}
