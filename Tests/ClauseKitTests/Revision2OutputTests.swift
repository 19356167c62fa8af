import Foundation
import Testing
@testable import ClauseKit

/// The outputs people act on (summary, appeal letter, CRD) for the decisions of spec revision 2:
/// experimental denials, denied prior authorizations, review kinds, dose limits, missing doses.
enum Rev2 {
    /// Line numbers matter: the tests cite them (8 initial rule, 13 its PA, 14 continuation rule,
    /// 19 experimental deny, 20 trial rule, 22-27 the esketamine limits).
    static let policy = """
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
          any { history.failed_antidepressants >= 2 "two failed antidepressant trials"  history.ect "a course of ECT" }
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
                     extra: String = "") -> String {
        """
        {
          "id": "\(id)", "patient": { "age": 34 }, "diagnoses": ["F33.2"],
          "request": { "treatment": "\(treatment)", "date": "\(date)", "sessions": \(sessions),
                       "billed_per_session": "500.00", "clinical_trial": false\(dose.map { ", \"dose_mg\": \($0)" } ?? "") },
          "provider": { "network": "in_network" },
          "authorization": { \(pa) },
          "history": { "failed_antidepressants": 3, "ect": false },
          "scores": { "phq9_improvement": "60%" },
          "plan": { "deductible_remaining": "0.00", "out_of_pocket_remaining": "4000.00" }\(extra.isEmpty ? "" : ",\n  " + extra)
        }
        """
    }

    static let experimental = json(id: "exp", treatment: "iv_ketamine", pa: #""prior_authorization": "none""#)
    static let authorizationDenied = json(id: "pad", pa: #""prior_authorization": "denied""#)
    /// Continuation (two sessions in the course), the dose limit of weeks 1-4 partly used.
    static let continuationDose = json(id: "cont", date: "2026-03-10", sessions: 3, extra: """
        "sessions": [{ "treatment": "esketamine", "date": "2026-03-03", "dose_mg": 56 },
                     { "treatment": "esketamine", "date": "2026-03-06", "dose_mg": 56 }]
        """)
    /// The same with neither the request's dose nor the second session's.
    static let missingDose = json(id: "nodose", date: "2026-03-10", sessions: 3, dose: nil, extra: """
        "sessions": [{ "treatment": "esketamine", "date": "2026-03-03", "dose_mg": 56 },
                     { "treatment": "esketamine", "date": "2026-03-06" }]
        """)

    /// The decision (with paths to coverage), the case and the policy.
    static func decide(_ json: String) throws -> (Decision, PatientCase, CheckedPolicy) {
        let policy = try checked(Rev2.policy, withHeader: false)
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        return (try CompiledPolicy(policy).decide(c, explain: true), c, policy)
    }

    static func letter(_ json: String) throws -> String {
        let (d, c, policy) = try decide(json)
        return AppealLetter(policy: policy, patientCase: c, decision: d, noticeDate: Day(iso: "2026-03-05")).render()
    }

    static func crd(_ json: String) throws -> (text: String, subs: [(String, JSONObject)]) {
        let (d, c, policy) = try decide(json)
        let ext = CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c)
        return (JSONWriter.write(ext, pretty: false), try subExtensions(ext))
    }
}

/// The value of a `detail` sub-extension's qualification, by its code.
func crdDetails(_ subs: [(String, JSONObject)], code wanted: String) -> [String] {
    subs.filter { $0.0 == "detail" }.compactMap { _, sub -> String? in
        guard case .array(let parts)? = sub["extension"] else { return nil }
        var code: String?, qualification: String?, value = ""
        for case .object(let part) in parts {
            if case .string("code")? = part["url"], case .object(let cc)? = part["valueCodeableConcept"],
               case .array(let codings)? = cc["coding"], case .object(let coding)? = codings.first,
               case .string(let c)? = coding["code"] { code = c }
            if case .string("qualification")? = part["url"], case .string(let q)? = part["valueString"] { qualification = q }
            if case .string("value")? = part["url"] { value = JSONWriter.write(.object(part), pretty: false) }
        }
        return code == wanted ? (qualification ?? "") + " " + value : nil
    }
}

@Suite struct Revision2SummaryTests {
    @Test func experimentalIsAboutEvidenceNotHealth() throws {
        let (d, _, _) = try Rev2.decide(Rev2.experimental)
        #expect(d.denialKind == .experimental)
        #expect(d.summary.hasPrefix("Denied: the plan's policy treats Ketamine infusion (IV) as experimental or investigational for this use (diagnosis F33.2), under 'E&I for psychiatric conditions' (line 19): no FDA approval for this use."))
        #expect(d.summary.contains("not about your health"))
        #expect(!d.summary.lowercased().contains("contraindicat"))
        #expect(!d.summary.lowercased().contains("excluded"))
    }

    @Test func deniedAuthorizationSaysAppealTheDenial() throws {
        let (d, _, _) = try Rev2.decide(Rev2.authorizationDenied)
        #expect(d.denialKind == .authorizationDenied)
        #expect(d.summary.contains("the plan denied the prior authorization that 'TRD, initial' (line 8) requires"))
        #expect(d.summary.contains("appeal the prior-authorization denial"))
        // The path does not ask for an authorization as if it were merely missing.
        let path = try #require(d.shownPathsToCoverage.first)
        #expect(d.sentence(of: path) == "Covered if: the plan's denial of the prior authorization reversed on appeal (it is denied now).")
        #expect(!d.sentence(of: path).contains("prior authorization approved"))
    }

    @Test func partialDoseLimitNamesTheMilligramsAndSessions() throws {
        let (d, _, _) = try Rev2.decide(Rev2.continuationDose)
        #expect(d.kind == .partiallyCovered)
        #expect(d.course?.review == .continuation)
        #expect(d.summary.contains("Partially covered: 2 of 3 sessions."))
        #expect(d.summary.contains("The dose limit '168 mg per 7 days during weeks 1-4' (line 24) has 112 mg left: room for 2 more sessions of 56 mg now."))
        let dose = try #require(d.doseLimits.first { $0.applies })
        let status = dose.status(requested: 3)
        #expect(status.fits == .false)
        #expect(status.text == "56 mg given after 2026-03-03 through 2026-03-10, 112 mg left; room for 2 of the 3 requested sessions of 56 mg")
        #expect(dose.status(requested: 2).text.hasSuffix("; 2 sessions of 56 mg fit"))
        var full = dose
        full.remaining = 28
        full.sessionsAllowed = 0
        #expect(full.status(requested: 1).text.hasSuffix("28 mg left; no room for a session of 56 mg"))
    }

    @Test func doseLimitReached() throws {
        let reached = Rev2.json(id: "r", date: "2026-03-10", sessions: 1, dose: "84", extra: """
            "sessions": [{ "treatment": "esketamine", "date": "2026-03-03", "dose_mg": 56 },
                         { "treatment": "esketamine", "date": "2026-03-06", "dose_mg": 84 },
                         { "treatment": "esketamine", "date": "2026-03-08", "dose_mg": 56 }]
            """)
        let (d, _, _) = try Rev2.decide(reached)
        #expect(d.denialKind == .limitReached)
        #expect(d.summary.hasPrefix("Denied: the dose limit '168 mg per 7 days during weeks 1-4' (line 24) is reached: 140 mg given after 2026-03-03, and a session of 84 mg does not fit in the 28 mg left. The next session can be covered from 2026-03-13."))
        #expect(try Rev2.letter(reached).contains("The plan found the limit '168 mg per 7 days during weeks 1-4' (policy line 24) reached."))
    }

    @Test func missingDoseSaysWhichLimitNeedsWhichDose() throws {
        let (d, _, _) = try Rev2.decide(Rev2.missingDose)
        #expect(d.kind == .needsInformation)
        #expect(Set(d.missing) == ["request.dose_mg", "sessions[1].dose_mg"])
        #expect(d.summary.contains("The dose limit '168 mg per 7 days during weeks 1-4' (line 24) needs the dose of each requested session (request.dose_mg) and of each past session in its window: the case lacks sessions[1].dose_mg."))
        #expect(d.doseLimitsNeeding("request.dose_mg").map(\.line) == [24])
        #expect(d.doseLimitsNeeding("sessions[1].dose_mg").map(\.line) == [24])
        // What a limit has used is not known without the dose: never "fits".
        let dose = try #require(d.doseLimits.first { $0.applies })
        let status = dose.status(requested: 3)
        #expect(status.fits == .unknown)
        #expect(status.text == "no dose_mg for sessions[1] in the window after 2026-03-03 through 2026-03-10, so the mg used and left are not known")
        var counted = dose
        counted.used = 56
        #expect(counted.status(requested: 3).text
            == "at least 56 mg given after 2026-03-03 through 2026-03-10 (no dose_mg for sessions[1]), so the mg left are not known")
        // A path that changes nothing is not shown.
        #expect(d.shownPathsToCoverage.allSatisfy { !$0.changes.isEmpty })
    }

    @Test func onlyTheRequestDoseMissing() throws {
        let (d, _, _) = try Rev2.decide(Rev2.json(id: "d", date: "2026-03-10", sessions: 1, dose: nil))
        #expect(d.kind == .needsInformation)
        #expect(d.missing == ["request.dose_mg"])
        #expect(d.summary.hasSuffix("The dose limit '168 mg per 7 days during weeks 1-4' (line 24) needs the dose of each requested session (request.dose_mg)."))
        let status = try #require(d.doseLimits.first { $0.applies }).status(requested: 1)
        #expect(status.fits == .unknown)
        #expect(status.text.hasSuffix("; the dose of each requested session (request.dose_mg) is needed"))
    }

    @Test func pendingWithoutADoseSaysHowManyIsUnknown() throws {
        let (d, _, _) = try Rev2.decide(Rev2.json(id: "p", dose: nil, pa: #""prior_authorization": "pending""#))
        #expect(d.kind == .pending)
        #expect(d.summary.contains("How many sessions can be covered is not known yet: the dose limit '168 mg per 7 days during weeks 1-4' (line 24) needs the dose of each requested session (request.dose_mg)."))
    }
}

@Suite struct Revision2AppealLetterTests {
    @Test func experimentalLetterArguesEvidenceNeverAContraindication() throws {
        let text = try Rev2.letter(Rev2.experimental)
        #expect(!text.lowercased().contains("contraindicat"))
        #expect(text.contains("**Re:** Denial of Ketamine infusion (IV) (J3490) as experimental or investigational"))
        #expect(text.contains("## The reason given, and why the treatment is medically necessary"))
        #expect(text.contains(#"under its policy statement "E&I for psychiatric conditions" (policy line 19), because of: no FDA approval for this use"#))
        #expect(text.contains("not a finding about the member's health"))
        #expect(text.contains("- **Evidence for this use:** [cite the peer-reviewed studies"))
        #expect(text.contains("- **Treatments already tried:** ["))
        #expect(text.contains("Peer-reviewed evidence for the treatment in this use"))
        // The trial exception is offered for the clinician to keep or delete, never claimed.
        #expect(text.contains("The policy does not apply it when enrolled in an approved clinical trial (policy line 19) holds. [If this applies"))
        #expect(!text.contains("Enclosed is documentation showing"))
        #expect(!text.contains("## The coverage criteria and how they are met"))
    }

    @Test func deniedAuthorizationLetterAppealsThePADenialStatingOnlyTrueCriteria() throws {
        let text = try Rev2.letter(Rev2.authorizationDenied)
        #expect(text.contains("**Re:** Denial of prior authorization for Spravato (esketamine) nasal spray (J0013)"))
        #expect(text.contains("I appeal the plan's denial of the prior authorization"))
        #expect(text.contains(#"The plan denied the prior authorization that its rule "TRD, initial" (policy line 8) requires (policy line 13)."#))
        #expect(text.contains("- **The reason the plan gave for denying the authorization:** ["))
        #expect(text.contains("The plan's notice denying the prior authorization"))
        // Each criterion by its label with one line number; the `any` block met through its true entry only.
        let criteria = text.components(separatedBy: "\n").filter { $0.hasPrefix("- **") && $0.contains("(policy line ") }
        #expect(criteria.contains("- **member is 18 or older** (policy line 9): met. The case shows age: 34."))
        #expect(criteria.contains("- **depressive disorder** (policy line 10): met. The case shows diagnoses: F33.2."))
        let anyLine = try #require(criteria.first { $0.hasPrefix("- **any the following**") || $0.contains("Met through") })
        #expect(anyLine.contains("Met through: two failed antidepressant trials."))
        #expect(!anyLine.contains("ECT"))
        for line in criteria { #expect(line.components(separatedBy: "(policy line ").count == 2, "\(line)") }
        #expect(!text.contains("a course of ECT** (policy line"))
        #expect(!text.lowercased().contains("obtain prior authorization"))
    }
}

@Suite struct Revision2CRDTests {
    @Test func experimentalIsNotCoveredWithoutPA() throws {
        let (text, subs) = try Rev2.crd(Rev2.experimental)
        #expect(code(subs, "covered") == "not-covered")
        #expect(code(subs, "pa-needed") == nil)
        #expect(code(subs, "doc-needed") == nil)
        #expect(!text.contains("satisfied-pa-id"))
        #expect(!subs.contains { $0.0 == "detail" })
        #expect(text.contains("experimental or investigational"))
    }

    @Test func deniedAuthorizationIsNotCoveredNotAuthNeeded() throws {
        let (text, subs) = try Rev2.crd(Rev2.authorizationDenied)
        #expect(code(subs, "covered") == "not-covered")
        #expect(code(subs, "pa-needed") == nil)  // crd-ci-q2; and never auth-needed: the PA was denied, not missing
        #expect(!text.contains("auth-needed"))
        #expect(!text.contains("satisfied-pa-id"))
        #expect(text.contains("denied the prior authorization"))
    }

    @Test func noSatisfiedPAIdentifierUnlessTheCaseHasOne() throws {
        var (text, subs) = try Rev2.crd(Rev2.continuationDose)
        #expect(code(subs, "covered") == "covered")
        #expect(code(subs, "pa-needed") == nil)
        #expect(!text.contains("satisfied-pa-id"))
        #expect(!text.contains("approved-2026"))
        let withID = Rev2.json(id: "id", date: "2026-03-10", sessions: 1,
                               pa: #""prior_authorization": "approved", "approved_on": "2026-02-20", "id": "PA-778""#)
        (text, subs) = try Rev2.crd(withID)
        #expect(code(subs, "pa-needed") == "satisfied")
        #expect(subs.first { $0.0 == "satisfied-pa-id" }?.1["valueString"] == .string("PA-778"))
    }

    @Test func allowedPeriodUsesTheLengthThatApplies() throws {
        // Continuation: the block's continuation line (6 months), from approved_on.
        var (_, subs) = try Rev2.crd(Rev2.continuationDose)
        let continuation = crdDetails(subs, code: "allowed-period")
        #expect(continuation.count == 1)
        #expect(continuation.first?.contains("authorization lasts 6 months (for continuation requests, policy line 27)") == true)
        #expect(continuation.first?.contains(#""start":"2026-02-20","end":"2026-08-19""#) == true)
        // Initial: the rule's own `lasting 4 weeks` (line 13).
        (_, subs) = try Rev2.crd(Rev2.json(id: "i", sessions: 1))
        let initial = crdDetails(subs, code: "allowed-period")
        #expect(initial.first?.contains("authorization lasts 4 weeks (the rule's own length, policy line 13)") == true)
        #expect(initial.first?.contains(#""start":"2026-02-20","end":"2026-03-19""#) == true)
    }

    @Test func doseLimitIsAnAllowedQuantityInMilligrams() throws {
        let (_, subs) = try Rev2.crd(Rev2.continuationDose)
        let quantities = crdDetails(subs, code: "allowed-quantity")
        #expect(quantities.contains { $0.contains("112 mg more now under '168 mg per 7 days during weeks 1-4' (policy line 24)")
            && $0.contains(#""value":112,"unit":"mg""#) })
    }

    @Test func missingDoseIsConditionalWithoutAnUnknownMilligramAmount() throws {
        let (text, subs) = try Rev2.crd(Rev2.missingDose)
        #expect(code(subs, "covered") == "conditional")
        #expect(code(subs, "info-needed") == "OTH")
        #expect(code(subs, "pa-needed") == nil)  // the rule holds and its PA is approved; the case has no PA id
        #expect(!text.contains(#""unit":"mg""#))
        #expect(text.contains("request.dose_mg"))
    }

    @Test func revision2CasesKeepTheExtensionsInvariants() throws {
        for json in [Rev2.experimental, Rev2.authorizationDenied, Rev2.continuationDose, Rev2.missingDose] {
            let (_, subs) = try Rev2.crd(json)
            if code(subs, "covered") == "not-covered" { #expect(code(subs, "pa-needed") == nil) }
            let conditional = ["covered", "pa-needed", "doc-needed"].contains { code(subs, $0) == "conditional" }
            #expect(conditional == (code(subs, "info-needed") != nil))
            #expect((code(subs, "pa-needed") == "satisfied") == subs.contains { $0.0 == "satisfied-pa-id" })
        }
    }
}
