import Foundation
import Testing
import ClauseCLI

/// `clause eval` (text), `clause report` and `clause appeal` on the decisions of spec revision 2,
/// through the CLI, on a small policy and cases written to a temporary directory.
struct Rev2Files {
    let dir: URL
    var policy: String { dir.appendingPathComponent("rev2.clause").path }
    func file(_ name: String) -> String { dir.appendingPathComponent("\(name).json").path }

    /// Line numbers cited below: 8 initial rule, 13 its PA, 14 continuation rule, 19 the
    /// experimental deny, 22-27 the esketamine limits.
    static let policyText = """
        policy "Rev2 PPO" { payer "Acme" version "2" effective 2026-01-01 }
        codes depression = icd10 { F32.*, F33.* }
        treatment esketamine "Spravato (esketamine) nasal spray" {
          billing hcpcs J0013
          fda approved for depression since 2019-03-05
        }
        treatment iv_ketamine "Ketamine infusion (IV)" { billing hcpcs J3490 }
        cover esketamine "TRD, initial" for initial when {
          patient.age >= 18                   "member is 18 or older"
          diagnosis in depression             "depressive disorder"
          history.failed_antidepressants >= 2 "two failed antidepressant trials"
        }
          requires prior_authorization lasting 4 weeks
        cover esketamine "TRD, continuation" for continuation when {
          patient.age >= 18                   "member is 18 or older"
          scores.phq9_improvement >= 50%      "response: PHQ-9 improved by half"
        }
          requires prior_authorization
        deny iv_ketamine "E&I for psychiatric conditions" as experimental when fda off_label "no FDA approval for this use" unless request.clinical_trial "enrolled in an approved clinical trial"
        cover iv_ketamine "Ketamine in a clinical trial" when request.clinical_trial "enrolled in an approved clinical trial"
        limit esketamine {
          8 sessions per 28 days during weeks 1-4
          4 sessions per 28 days from week 5
          168 mg per 7 days during weeks 1-4
          84 mg per 7 days from week 5
          initial authorization lasts 4 weeks
          continuation authorization lasts 6 months
          new course after 6 months without sessions
        }
        network {
          tier in_network coinsurance 20%
        }
        """

    static func json(id: String, treatment: String = "esketamine", date: String = "2026-03-02", sessions: Int = 2,
                     dose: String? = "56", pa: String = #""prior_authorization": "approved", "approved_on": "2026-02-20""#,
                     past: String = "[]") -> String {
        """
        {
          "id": "\(id)", "patient": { "age": 34 }, "diagnoses": ["F33.2"],
          "request": { "treatment": "\(treatment)", "date": "\(date)", "sessions": \(sessions),
                       "billed_per_session": "500.00", "clinical_trial": false\(dose.map { ", \"dose_mg\": \($0)" } ?? "") },
          "provider": { "network": "in_network" },
          "authorization": { \(pa) },
          "history": { "failed_antidepressants": 3 },
          "scores": { "phq9_improvement": "60%" },
          "sessions": \(past),
          "plan": { "deductible_remaining": "0.00", "out_of_pocket_remaining": "4000.00" }
        }
        """
    }

    static let twoPast = """
        [{ "treatment": "esketamine", "date": "2026-03-03", "dose_mg": 56 }, { "treatment": "esketamine", "date": "2026-03-06", "dose_mg": 56 }]
        """

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("clause-rev2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Rev2Files.policyText.write(toFile: policy, atomically: true, encoding: .utf8)
        let cases: [(String, String)] = [
            ("experimental", Rev2Files.json(id: "exp", treatment: "iv_ketamine", pa: #""prior_authorization": "none""#)),
            ("pa-denied", Rev2Files.json(id: "pad", pa: #""prior_authorization": "denied""#)),
            ("continuation-dose", Rev2Files.json(id: "cont", date: "2026-03-10", sessions: 3, past: Rev2Files.twoPast)),
            ("missing-dose", Rev2Files.json(id: "nodose", date: "2026-03-10", sessions: 3, dose: nil, past: """
                [{ "treatment": "esketamine", "date": "2026-03-03", "dose_mg": 56 }, { "treatment": "esketamine", "date": "2026-03-06" }]
                """)),
        ]
        for (name, text) in cases { try text.write(toFile: file(name), atomically: true, encoding: .utf8) }
    }

    func eval(_ name: String) -> String { run(["eval", policy, file(name)]).out }
    func report(_ name: String) -> String { run(["report", policy, file(name)]).out }
    func remove() { try? FileManager.default.removeItem(at: dir) }
}

@Suite struct Revision2TextTests {
    @Test func experimentalTextIsAboutEvidence() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let text = files.eval("experimental")
        #expect(text.hasPrefix("Denied: the plan's policy treats Ketamine infusion (IV) as experimental or investigational for this use"))
        #expect(text.contains(#"✓ deny "E&I for psychiatric conditions"  line 19  ← decides  experimental or investigational here"#))
        #expect(text.contains("What happens next\n  The plan treats this treatment as experimental or investigational for this use: a statement about the\n  evidence for it, not about the patient's health."))
        #expect(text.contains("The policy does not apply this statement when: enrolled in an approved clinical trial (line 19)."))
        #expect(!text.lowercased().contains("contraindicat"))
        #expect(!text.contains("exclusion applies"))
    }

    @Test func deniedAuthorizationTextSaysAppealNotObtain() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let text = files.eval("pa-denied")
        #expect(text.contains("Review:     initial request, starting a course of treatment"))
        #expect(text.contains("Requirements\n  ✗ prior authorization: denied by the plan  line 13\n"))
        #expect(text.contains("then appeal the prior-authorization denial"))
        #expect(text.contains("1. Covered if: the plan's denial of the prior authorization reversed on appeal (it is denied now)."))
        #expect(!text.contains("Covered if: prior authorization approved"))
        #expect(!text.lowercased().contains("obtain prior authorization"))
        #expect(text.contains(#"– cover "TRD, continuation"  line 14  left out (not evaluated): it is for continuation requests, and this is an initial request"#))
    }

    @Test func continuationWithPartlyUsedDoseLimit() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let text = files.eval("continuation-dose")
        #expect(text.hasPrefix("Partially covered: 2 of 3 sessions."))
        #expect(text.contains("The dose limit '168 mg per 7 days during weeks 1-4' (line 24) has 112 mg left: room for 2 more sessions of 56 mg now. More sessions can be covered from 2026-03-13."))
        #expect(text.contains("Review:     continuation request, week 2 of the course that began 2026-03-03 (2 sessions so far)"))
        #expect(text.contains(#"– cover "TRD, initial"  line 8  left out (not evaluated): it is for initial requests, and this is a continuation request"#))
        #expect(!text.contains(#"cover "TRD, initial"  line 8  ← decides"#))
        #expect(text.contains("✗ 168 mg per 7 days during weeks 1-4  line 24  56 mg given after 2026-03-03 through 2026-03-10, 112 mg left; room for 2 of the 3 requested sessions of 56 mg"))
        #expect(text.contains("– 84 mg per 7 days from week 5  line 25  does not apply in week 2 of treatment"))
    }

    @Test func missingDoseNamesTheLimitAndTheDose() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let text = files.eval("missing-dose")
        #expect(text.hasPrefix("Needs information: the decision depends on facts the case does not give: sessions[1].dose_mg, request.dose_mg."))
        #expect(text.contains("☐ request.dose_mg  needed for: the dose limit '168 mg per 7 days during weeks 1-4' (line 24), which needs the dose of each requested session"))
        #expect(text.contains("☐ sessions[1].dose_mg  needed for: the dose limit '168 mg per 7 days during weeks 1-4' (line 24), which adds up the dose of each session after 2026-03-03 through 2026-03-10"))
        #expect(text.contains("? 168 mg per 7 days during weeks 1-4  line 24  no dose_mg for sessions[1]"))
        #expect(!text.contains("fits"))
        #expect(!text.contains("nothing changes"))
    }
}

@Suite struct Revision2ReportTests {
    @Test func experimentalPageIsAboutEvidence() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let html = files.report("experimental")
        #expect(html.contains("This is a judgement about the evidence for the treatment, not about your health."))
        #expect(html.contains("An appeal argues that the treatment is medically necessary for you, with published (peer-reviewed) evidence"))
        #expect(html.contains("The policy makes an exception when: enrolled in an approved clinical trial <a class=\"line-ref\" href=\"#L19\">line 19</a>"))
        #expect(!html.lowercased().contains("contraindicat"))
        #expect(html.contains("<tr id=\"L19\" class=\"hl\">"))
    }

    @Test func deniedAuthorizationPageSaysAppealAndAskForTheReason() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let html = files.report("pa-denied")
        #expect(html.contains("Your case meets the criteria of “TRD, initial” (line 8), but the plan denied the prior authorization that rule requires (line 13)."))
        #expect(html.contains("Ask the plan for the reason for the prior-authorization denial in writing, and for the deadline to appeal it."))
        #expect(html.contains("Appeal the prior-authorization denial."))
        #expect(html.contains("<span class=\"tag\">denied by the plan</span>"))
        #expect(html.contains("<tr><th>Review</th><td>initial request, starting a course of treatment</td></tr>"))
        #expect(!html.contains("The provider asks the plan for prior authorization."))
    }

    @Test func continuationPageShowsReviewLeftOutRuleAndDoseLimits() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let html = files.report("continuation-dose")
        #expect(html.contains("<tr><th>Review</th><td>continuation request, week 2 of the course that began 2026-03-03 (2 sessions so far)</td></tr>"))
        #expect(html.contains("left out (not evaluated): it is for initial requests, and this is a continuation request"))
        #expect(html.contains("<td>168 mg per 7 days during weeks 1-4</td><td><a class=\"line-ref\" href=\"#L24\">line 24</a></td><td>56 mg given after 2026-03-03 through 2026-03-10, 112 mg left; room for 2 of the 3 requested sessions of 56 mg</td>"))
        #expect(html.contains("The dose limit &#39;168 mg per 7 days during weeks 1-4&#39; (line 24) has 112 mg left, room for 2 sessions of 56 mg."))
        // The binding dose limit is among the lines that decided it.
        #expect(html.contains("<tr id=\"L24\" class=\"hl\">"))
    }

    @Test func missingDosePageSaysWhichLimitNeedsIt() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let html = files.report("missing-dose")
        #expect(html.contains("<code>request.dose_mg</code> <span class=\"why\">needed for the dose limit &#39;168 mg per 7 days during weeks 1-4&#39; (line 24), which needs the dose of each requested session</span>"))
        #expect(html.contains("no dose_mg for sessions[1]"))
    }
}

@Suite struct Revision2AppealCLITests {
    @Test func experimentalAppealHasClinicianPlaceholders() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let r = run(["appeal", files.policy, files.file("experimental"), "--notice-date", "2026-03-05"])
        #expect(r.code == 0)
        #expect(r.out.contains("- **Evidence for this use:** [cite the peer-reviewed studies"))
        #expect(!r.out.lowercased().contains("contraindicat"))
    }

    @Test func missingDoseIsNotAppealable() throws {
        let files = try Rev2Files()
        defer { files.remove() }
        let r = run(["appeal", files.policy, files.file("missing-dose")])
        #expect(r.code == 1)
        #expect(r.err.contains("add sessions[1].dose_mg, request.dose_mg to the case"))
    }
}
