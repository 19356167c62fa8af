import Foundation
import Testing
@testable import ClauseKit

private let vocabulary = CaseVocabulary(
    treatments: ["esketamine", "iv_ketamine"],
    billingCodes: ["J0013": 0, "G2082": 0, "G2083": 0, "J3490": 1, "96365": 1],
    tiers: ["preferred", "in_network", "out_of_network"])

/// The text of spec/cases/acme-ppo/covered-in-network.json.
private let coveredInNetwork = """
{
  "id": "covered-in-network",
  "patient": {
    "age": 34,
    "pregnant": false
  },
  "diagnoses": [
    "F33.2"
  ],
  "request": {
    "treatment": "esketamine",
    "date": "2026-03-02",
    "sessions": 2,
    "billed_per_session": "900.00"
  },
  "provider": {
    "network": "in_network",
    "rems_certified": true,
    "referral": false
  },
  "authorization": {
    "prior_authorization": "approved",
    "approved_on": "2026-02-20"
  },
  "documents": [
    "PHQ-9 or MADRS score from the last 30 days"
  ],
  "history": {
    "trials": [
      {
        "drug_class": "SSRI",
        "weeks": 8,
        "improvement": "10%"
      },
      {
        "drug_class": "SNRI",
        "weeks": 6,
        "improvement": 0.2
      }
    ],
    "aneurysmal_vascular_disease": false
  },
  "medications": {
    "oral_antidepressant": true
  },
  "sessions": [],
  "plan": {
    "deductible_remaining": "500.00",
    "out_of_pocket_remaining": "4000.00"
  }
}
"""

private let minimalRequest = #""request": {"treatment": "esketamine", "date": "2026-03-02", "sessions": 2}"#

private func decode(_ text: String) throws(CaseError) -> PatientCase {
    try CaseDecoder.decode(bytes: Array(text.utf8), vocabulary: vocabulary)
}

/// Decodes `{ request, <extra> }` with a valid request.
private func decodeWith(_ extra: String) throws(CaseError) -> PatientCase {
    try decode("{\(minimalRequest)\(extra.isEmpty ? "" : ", " + extra)}")
}

/// Decodes `{ "request": { <request> } }`.
private func decodeRequest(_ request: String) throws(CaseError) -> PatientCase {
    try decode("{\"request\": {\(request)}}")
}

private func failure(_ body: () throws(CaseError) -> PatientCase) -> CaseError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

private func day(_ text: String) -> Day? { Day(iso: text) }

@Suite struct CaseDecoderTests {
    @Test func decodesTheFullExampleCase() throws {
        let c = try decode(coveredInNetwork)
        #expect(c.id == "covered-in-network")
        #expect(c.diagnoses == ["F33.2"])
        #expect(c.hasDiagnoses)
        #expect(c.request.treatment == 0)
        #expect(c.request.date == day("2026-03-02"))
        #expect(c.request.sessions == 2)
        #expect(c.request.billedPerSession == Money(cents: 90000))
        #expect(c.request.diagnosis == nil)
        #expect(c.indication == "F33.2")
        #expect(c.network == "in_network")
        #expect(c.referral == false)
        #expect(c.priorAuthorization == .approved)
        #expect(c.approvedOn == day("2026-02-20"))
        #expect(c.documents == ["PHQ-9 or MADRS score from the last 30 days"])
        #expect(c.sessions.isEmpty)
        #expect(c.deductibleRemaining == Money(cents: 50000))
        #expect(c.outOfPocketRemaining == Money(cents: 400000))
        #expect(c.root.value(at: ["patient", "age"]) == .number(34, text: "34"))
        #expect(c.root.value(at: ["provider", "rems_certified"]) == .bool(true))
        #expect(c.root.value(at: ["history", "aneurysmal_vascular_disease"]) == .bool(false))
    }

    @Test func tenThousandParsesOfTheExampleCase() throws {
        let bytes = Array(coveredInNetwork.utf8)
        var sessions = 0
        for _ in 0..<10_000 {
            let c = try CaseDecoder.decode(bytes: bytes, vocabulary: vocabulary)
            sessions += c.request.sessions
        }
        #expect(sessions == 20_000)
    }

    @Test func minimalCaseHasAbsentFields() throws {
        let c = try decodeWith("")
        #expect(c.id == nil)
        #expect(c.diagnoses.isEmpty)
        #expect(!c.hasDiagnoses)
        #expect(c.network == nil && c.referral == nil && c.priorAuthorization == nil && c.approvedOn == nil)
        #expect(c.documents == nil)
        #expect(c.sessions.isEmpty)
        #expect(c.deductibleRemaining == nil && c.outOfPocketRemaining == nil)
        #expect(c.request.billedPerSession == nil)
    }

    @Test func nullCountsAsAbsent() throws {
        let c = try decodeWith(#""id": null, "diagnoses": null, "provider": {"network": null, "referral": null},"#
            + #" "authorization": null, "documents": null, "sessions": null, "plan": {"deductible_remaining": null}"#)
        #expect(c.id == nil && !c.hasDiagnoses && c.network == nil && c.referral == nil)
        #expect(c.priorAuthorization == nil && c.documents == nil && c.sessions.isEmpty && c.deductibleRemaining == nil)
        let e = failure { () throws(CaseError) in try decodeRequest(#""treatment": "esketamine", "date": null, "sessions": 1"#) }
        #expect(e?.path == "request.date")
        #expect(e?.message.hasPrefix("missing") == true)
    }

    @Test func rootMustBeAnObject() {
        let e = failure { () throws(CaseError) in try decode("[1]") }
        #expect(e == CaseError(path: "", message: "expected a JSON object for the case, got a list"))
        let syntax = failure { () throws(CaseError) in try decode("{\"request\": }") }
        #expect(syntax?.line == 1 && syntax?.column == 13)
    }

    @Test func requestIsRequired() {
        let e = failure { () throws(CaseError) in try decode(#"{"id": "x"}"#) }
        #expect(e?.path == "request")
        #expect(e?.description == "`request`: missing; expected an object with `treatment` or `code`, `date` and `sessions`")
        let notObject = failure { () throws(CaseError) in try decode(#"{"request": "esketamine"}"#) }
        #expect(notObject?.path == "request")
        #expect(notObject?.message.hasSuffix("got a string") == true)
    }

    @Test func treatmentByNameOrCode() throws {
        #expect(try decodeRequest(#""treatment": "iv_ketamine", "date": "2026-03-02", "sessions": 1"#).request.treatment == 1)
        #expect(try decodeRequest(#""code": "j3490", "date": "2026-03-02", "sessions": 1"#).request.treatment == 1)
        #expect(try decodeRequest(#""code": "G2083", "treatment": "esketamine", "date": "2026-03-02", "sessions": 1"#)
            .request.treatment == 0)
    }

    @Test func treatmentErrors() {
        let unknown = failure { () throws(CaseError) in try decodeRequest(#""treatment": "psilocybin", "date": "2026-03-02", "sessions": 1"#) }
        #expect(unknown?.path == "request.treatment")
        #expect(unknown?.message == "unknown treatment `psilocybin`; the policy declares `esketamine`, `iv_ketamine`")
        let badCode = failure { () throws(CaseError) in try decodeRequest(#""code": "X1", "date": "2026-03-02", "sessions": 1"#) }
        #expect(badCode?.path == "request.code")
        #expect(badCode?.message == "no treatment of the policy bills code `X1`")
        let disagree = failure { () throws(CaseError) in
            try decodeRequest(#""code": "J3490", "treatment": "esketamine", "date": "2026-03-02", "sessions": 1"#)
        }
        #expect(disagree?.path == "request.code")
        #expect(disagree?.message.contains("`iv_ketamine`") == true)
        let neither = failure { () throws(CaseError) in try decodeRequest(#""date": "2026-03-02", "sessions": 1"#) }
        #expect(neither?.path == "request.treatment")
        #expect(neither?.message.hasPrefix("missing") == true)
        let wrongType = failure { () throws(CaseError) in try decodeRequest(#""treatment": 3, "date": "2026-03-02", "sessions": 1"#) }
        #expect(wrongType?.message == "expected a treatment name string, got a number")
    }

    @Test func requestDate() {
        let invalid = failure { () throws(CaseError) in try decodeRequest(#""treatment": "esketamine", "date": "2026-02-30", "sessions": 1"#) }
        #expect(invalid?.description == "`request.date`: invalid date `2026-02-30`; expected a calendar date YYYY-MM-DD")
        let missing = failure { () throws(CaseError) in try decodeRequest(#""treatment": "esketamine", "sessions": 1"#) }
        #expect(missing?.path == "request.date")
        #expect(missing?.message.contains("YYYY-MM-DD") == true)
        let number = failure { () throws(CaseError) in try decodeRequest(#""treatment": "esketamine", "date": 20260302, "sessions": 1"#) }
        #expect(number?.message == "expected a date string, got a number")
    }

    @Test func requestSessions() throws {
        func sessions(_ json: String) throws(CaseError) -> Int {
            try decodeRequest(#""treatment": "esketamine", "date": "2026-03-02", "sessions": "# + json).request.sessions
        }
        #expect(try sessions("1") == 1)
        #expect(try sessions("12") == 12)
        #expect(try sessions("3.0") == 3)
        // A request is for at least one session (LANGUAGE.md §5, revision 2): 0 is malformed.
        for bad in ["0", "0.0", "2.5", "-1", "\"2\"", "1e3", "99999999999999999999", "true"] {
            let e = failure { () throws(CaseError) in _ = try sessions(bad); return try decodeWith("") }
            #expect(e?.path == "request.sessions", "\(bad)")
            #expect(e?.message.contains("whole number of sessions ≥ 1") == true, "\(bad)")
        }
        let missing = failure { () throws(CaseError) in try decodeRequest(#""treatment": "esketamine", "date": "2026-03-02""#) }
        #expect(missing?.path == "request.sessions")
    }

    @Test func billedPerSession() throws {
        func billed(_ json: String) throws(CaseError) -> Money? {
            try decodeRequest(#""treatment": "esketamine", "date": "2026-03-02", "sessions": 1, "billed_per_session": "# + json)
                .request.billedPerSession
        }
        #expect(try billed(#""900.00""#) == Money(cents: 90000))
        #expect(try billed(#""$900""#) == Money(cents: 90000))
        #expect(try billed(#""1,500.00""#) == Money(cents: 150000))
        #expect(try billed("900") == Money(cents: 90000))
        #expect(try billed("900.5") == Money(cents: 90050))
        #expect(try billed("null") == nil)
        for bad in ["\"900.005\"", "900.123", "\"abc\"", "true", "[]"] {
            let e = failure { () throws(CaseError) in _ = try billed(bad); return try decodeWith("") }
            #expect(e?.path == "request.billed_per_session", "\(bad)")
            #expect(e?.message.contains("amount of money") == true, "\(bad)")
        }
        let negative = failure { () throws(CaseError) in _ = try billed("\"-3.10\""); return try decodeWith("") }
        #expect(negative?.message == "negative amount `-3.10`; expected an amount ≥ 0")
    }

    @Test func requestDiagnosisIsUpperCased() throws {
        let c = try decodeRequest(#""treatment": "esketamine", "date": "2026-03-02", "sessions": 1, "diagnosis": "f33.2""#)
        #expect(c.request.diagnosis == "F33.2")
        #expect(c.indication == "F33.2")
        let e = failure { () throws(CaseError) in try decodeRequest(#""treatment": "esketamine", "date": "2026-03-02", "sessions": 1, "diagnosis": 3"#) }
        #expect(e?.path == "request.diagnosis")
    }

    @Test func diagnoses() throws {
        let c = try decodeWith(#""diagnoses": ["f33.2", "F41"]"#)
        #expect(c.diagnoses == ["F33.2", "F41"])
        #expect(c.hasDiagnoses)
        #expect(try decodeWith(#""diagnoses": []"#).hasDiagnoses)
        let number = failure { () throws(CaseError) in try decodeWith(#""diagnoses": ["F33.2", 3]"#) }
        #expect(number?.description == "`diagnoses[1]`: expected a diagnosis code string, got a number")
        let notCode = failure { () throws(CaseError) in try decodeWith(#""diagnoses": ["F33 2"]"#) }
        #expect(notCode?.path == "diagnoses[0]")
        #expect(notCode?.message.contains("not a diagnosis code") == true)
        let notList = failure { () throws(CaseError) in try decodeWith(#""diagnoses": "F33.2""#) }
        #expect(notList?.path == "diagnoses")
        #expect(notList?.message == "expected a list of diagnosis codes, got a string")
    }

    @Test func provider() throws {
        let c = try decodeWith(#""provider": {"network": "preferred", "referral": true, "npi": 12}"#)
        #expect(c.network == "preferred")
        #expect(c.referral == true)
        let tier = failure { () throws(CaseError) in try decodeWith(#""provider": {"network": "foo"}"#) }
        #expect(tier?.path == "provider.network")
        #expect(tier?.message == "unknown network tier `foo`; the policy declares `preferred`, `in_network`, `out_of_network`")
        let referral = failure { () throws(CaseError) in try decodeWith(#""provider": {"referral": "yes"}"#) }
        #expect(referral?.path == "provider.referral")
        #expect(referral?.message == "expected `true` or `false`, got a string")
        let notObject = failure { () throws(CaseError) in try decodeWith(#""provider": 3"#) }
        #expect(notObject?.path == "provider")
        #expect(notObject?.message.hasSuffix("got a number") == true)
    }

    @Test func authorization() throws {
        for status in PriorAuthorizationStatus.allCases {
            let c = try decodeWith(#""authorization": {"prior_authorization": ""# + status.rawValue + #"", "approved_on": "2024-02-29"}"#)
            #expect(c.priorAuthorization == status)
            #expect(c.approvedOn == day("2024-02-29"))
        }
        let bad = failure { () throws(CaseError) in try decodeWith(#""authorization": {"prior_authorization": "yes"}"#) }
        #expect(bad?.path == "authorization.prior_authorization")
        #expect(bad?.message == "unknown prior authorization status `yes`; expected `approved`, `pending`, `denied`, `none`")
        let date = failure { () throws(CaseError) in try decodeWith(#""authorization": {"approved_on": "2023-02-29"}"#) }
        #expect(date?.path == "authorization.approved_on")
        let notObject = failure { () throws(CaseError) in try decodeWith(#""authorization": []"#) }
        #expect(notObject?.path == "authorization")
    }

    @Test func documents() throws {
        #expect(try decodeWith(#""documents": ["a", "b"]"#).documents == ["a", "b"])
        #expect(try decodeWith(#""documents": []"#).documents == [])
        let e = failure { () throws(CaseError) in try decodeWith(#""documents": ["a", {}]"#) }
        #expect(e?.description == "`documents[1]`: expected a document name string, got an object")
    }

    @Test func pastSessionsAreSortedStably() throws {
        let c = try decodeWith(#""sessions": [{"treatment": "iv_ketamine", "date": "2026-02-10", "plan_paid": "625.00"},"#
            + #" {"treatment": "g2082", "date": "2025-06-02"}, {"treatment": "96365", "date": "2026-02-10", "plan_paid": 1}]"#)
        #expect(c.sessions.map(\.date) == [day("2025-06-02"), day("2026-02-10"), day("2026-02-10")].compactMap { $0 })
        #expect(c.sessions.map(\.treatment) == [0, 1, 1])
        #expect(c.sessions.map(\.planPaid) == [nil, Money(cents: 62500), Money(cents: 100)])
    }

    @Test func pastSessionErrors() {
        let okSession = #"{"treatment": "esketamine", "date": "2026-01-01"}"#
        let unknown = failure { () throws(CaseError) in
            try decodeWith(#""sessions": ["# + okSession + ", " + okSession + #", {"treatment": "psilocybin", "date": "2026-01-01"}]"#)
        }
        #expect(unknown?.path == "sessions[2].treatment")
        #expect(unknown?.message.contains("`psilocybin`") == true)
        let date = failure { () throws(CaseError) in try decodeWith(#""sessions": [{"treatment": "esketamine", "date": "2026-13-01"}]"#) }
        #expect(date?.path == "sessions[0].date")
        let missing = failure { () throws(CaseError) in try decodeWith(#""sessions": [{"date": "2026-01-01"}]"#) }
        #expect(missing?.path == "sessions[0].treatment")
        let paid = failure { () throws(CaseError) in
            try decodeWith(#""sessions": [{"treatment": "esketamine", "date": "2026-01-01", "plan_paid": "-1"}]"#)
        }
        #expect(paid?.path == "sessions[0].plan_paid")
        let notObject = failure { () throws(CaseError) in try decodeWith(#""sessions": ["esketamine"]"#) }
        #expect(notObject?.path == "sessions[0]")
        let notList = failure { () throws(CaseError) in try decodeWith(#""sessions": {}"#) }
        #expect(notList?.path == "sessions")
    }

    @Test func plan() throws {
        let c = try decodeWith(#""plan": {"deductible_remaining": 0, "out_of_pocket_remaining": "$4,000"}"#)
        #expect(c.deductibleRemaining == Money.zero)
        #expect(c.outOfPocketRemaining == Money(cents: 400000))
        let e = failure { () throws(CaseError) in try decodeWith(#""plan": {"out_of_pocket_remaining": "-5"}"#) }
        #expect(e?.path == "plan.out_of_pocket_remaining")
        #expect(e?.message.contains("≥ 0") == true)
        let notObject = failure { () throws(CaseError) in try decodeWith(#""plan": "gold""#) }
        #expect(notObject?.path == "plan")
    }

    @Test func caseId() throws {
        #expect(try decodeWith(#""id": "abc""#).id == "abc")
        #expect(try decodeWith(#""id": 42"#).id == "42")
        let e = failure { () throws(CaseError) in try decodeWith(#""id": [1]"#) }
        #expect(e?.path == "id")
    }

    @Test func unreservedFieldsAreNotValidated() throws {
        let c = try decodeWith(#""patient": 3, "history": [null], "scores": {"phq9": "high"}"#)
        #expect(c.root.value(at: ["scores", "phq9"]) == .string("high"))
        #expect(c.root.value(at: ["patient"]) == .number(3, text: "3"))
    }
}
