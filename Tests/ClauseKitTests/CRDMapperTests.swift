import Foundation
import Testing
@testable import ClauseKit

/// Element names, value types and codes of the Da Vinci CRD coverage-information extension, as
/// defined by the implementation guide (CRD STU 2.1.0):
/// https://hl7.org/fhir/us/davinci-crd/StructureDefinition-ext-coverage-information.html
/// (sub-extensions and their value[x] types; invariants crd-ci-q2, q3, q5, q6), and the value sets
/// https://hl7.org/fhir/us/davinci-crd/ValueSet-coverageInfo.html,
/// ValueSet-coveragePaDetail.html, ValueSet-AdditionalDocumentation.html, ValueSet-DocReason.html,
/// ValueSet-informationNeeded.html and ValueSet-coverageDetail.html (code system
/// http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp).
enum CRDSpec {
    static let url = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
    /// Sub-extension url → the value[x] element the IG defines for it ("extension" for complex ones).
    static let valueKey: [String: String] = [
        "coverage": "valueReference", "covered": "valueCode", "pa-needed": "valueCode", "doc-needed": "valueCode",
        "doc-purpose": "valueCode", "info-needed": "valueCode", "billingCode": "valueCoding",
        "reason": "valueCodeableConcept", "detail": "extension", "dependency": "valueReference",
        "questionnaire": "valueCanonical", "date": "valueDate", "coverage-assertion-id": "valueString",
        "satisfied-pa-id": "valueString", "contact": "valueContactPoint",
    ]
    static let required: Set<String> = ["coverage", "covered", "date", "coverage-assertion-id"]
    static let covered: Set<String> = ["covered", "not-covered", "conditional"]
    static let paNeeded: Set<String> = ["no-auth", "auth-needed", "satisfied", "performpa", "conditional"]
    static let docNeeded: Set<String> = ["clinical", "admin", "patient", "conditional", "no-doc"]
    static let docPurpose: Set<String> = ["withpa", "withclaim", "withorder", "retain-doc", "OTH"]
    static let infoNeeded: Set<String> = ["performer", "location", "timeframe", "contract-window", "OTH"]
    static let detailCodes: Set<String> = ["allowed-quantity", "allowed-period", "in-network-copay", "out-network-copay",
                                           "auth-out-network-only", "concurrent-review", "appropriate-use-needed"]
    static let detailSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"
}

/// The sub-extensions of a coverage-information extension, as (url, object) pairs.
func subExtensions(_ ext: JSONValue) throws -> [(String, JSONObject)] {
    guard case .object(let o) = ext, case .string(let url)? = o["url"], url == CRDSpec.url,
          case .array(let items)? = o["extension"] else { throw TestFailure(description: "not a coverage-information extension") }
    return try items.map { item in
        guard case .object(let sub) = item, case .string(let u)? = sub["url"] else { throw TestFailure(description: "bad sub-extension") }
        return (u, sub)
    }
}

func code(_ subs: [(String, JSONObject)], _ url: String) -> String? {
    guard let sub = subs.first(where: { $0.0 == url })?.1, case .string(let c)? = sub["valueCode"] else { return nil }
    return c
}

func crd(_ policyName: String, _ caseName: String) throws -> (Decision, [(String, JSONObject)]) {
    let policy = try specPolicy(policyName)
    let c = try CaseDecoder.decode(bytes: Array(try specCase(policyName, caseName).utf8), vocabulary: policy.vocabulary)
    let d = try CompiledPolicy(policy).decide(c, explain: true, paths: false)
    return (d, try subExtensions(CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c)))
}

@Suite struct CRDMapperTests {
    static let cases: [(String, String)] = [
        ("acme-ppo", "covered-in-network"), ("acme-ppo", "prior-auth-missing"), ("acme-ppo", "document-missing"),
        ("acme-ppo", "pregnancy-unknown"), ("acme-ppo", "pregnancy-excluded"), ("acme-ppo", "induction-cap-partial"),
        ("acme-ppo", "out-of-network-no-referral"), ("valley-hmo", "iv-covered-copay"), ("valley-hmo", "at-least-two-unknown"),
        ("valley-hmo", "iv-benefit-maximum"), ("valley-hmo", "out-of-network"), ("valley-hmo", "iv-documents-missing"),
    ]

    @Test func everyElementNameValueTypeAndCodeIsTheGuides() throws {
        for (p, n) in CRDMapperTests.cases {
            let (_, subs) = try crd(p, n)
            for (url, sub) in subs {
                let key = try #require(CRDSpec.valueKey[url], "\(n): unknown sub-extension \(url)")
                #expect(sub[key] != nil, "\(n): \(url) must carry \(key)")
                #expect(sub.count == 2, "\(n): \(url) has one value and its url")
            }
            #expect(CRDSpec.required.isSubset(of: Set(subs.map(\.0))), "\(n)")
            for url in CRDSpec.required { #expect(subs.filter { $0.0 == url }.count == 1, "\(n): one \(url)") }
            #expect(CRDSpec.covered.contains(code(subs, "covered") ?? ""), "\(n)")
            if let c = code(subs, "pa-needed") { #expect(CRDSpec.paNeeded.contains(c), "\(n)") }
            if let c = code(subs, "doc-needed") { #expect(CRDSpec.docNeeded.contains(c), "\(n)") }
            if let c = code(subs, "doc-purpose") { #expect(CRDSpec.docPurpose.contains(c), "\(n)") }
            if let c = code(subs, "info-needed") { #expect(CRDSpec.infoNeeded.contains(c), "\(n)") }
            for (url, sub) in subs where url == "detail" {
                guard case .array(let inner)? = sub["extension"] else { Issue.record("\(n): detail without parts"); continue }
                let parts = inner.compactMap { v -> (String, JSONObject)? in
                    guard case .object(let o) = v, case .string(let u)? = o["url"] else { return nil }
                    return (u, o)
                }
                #expect(Set(parts.map(\.0)).isSubset(of: ["code", "value", "qualification"]))
                let codeObj = try #require(parts.first { $0.0 == "code" }?.1)
                guard case .object(let cc)? = codeObj["valueCodeableConcept"], case .array(let codings)? = cc["coding"],
                      case .object(let coding)? = codings.first else { Issue.record("\(n): detail code"); continue }
                #expect(coding["system"] == .string(CRDSpec.detailSystem))
                if case .string(let dc)? = coding["code"] { #expect(CRDSpec.detailCodes.contains(dc), "\(n): \(dc)") }
            }
            // Invariants of the extension.
            if code(subs, "covered") == "not-covered" { #expect(code(subs, "pa-needed") == nil, "crd-ci-q2 \(n)") }
            let conditional = ["covered", "pa-needed", "doc-needed"].contains { code(subs, $0) == "conditional" }
            #expect(conditional == (code(subs, "info-needed") != nil), "crd-ci-q3 \(n)")
            #expect((code(subs, "pa-needed") == "satisfied") == subs.contains { $0.0 == "satisfied-pa-id" }, "crd-ci-q5 \(n)")
            if code(subs, "info-needed") == "OTH" { #expect(subs.contains { $0.0 == "reason" }, "crd-ci-q6 \(n)") }
        }
    }

    @Test func decisionsMapToTheirCodes() throws {
        var (_, subs) = try crd("acme-ppo", "covered-in-network")
        #expect(code(subs, "covered") == "covered")
        // Approved, but the case gives no authorization.id: no `satisfied` without its identifier (crd-ci-q5).
        #expect(code(subs, "pa-needed") == nil)
        #expect(!subs.contains { $0.0 == "satisfied-pa-id" })
        #expect(code(subs, "doc-needed") == "no-doc")
        (_, subs) = try crd("acme-ppo", "prior-auth-missing")
        #expect(code(subs, "covered") == "covered")
        #expect(code(subs, "pa-needed") == "auth-needed")
        (_, subs) = try crd("acme-ppo", "document-missing")
        #expect(code(subs, "doc-needed") == "clinical")
        #expect(code(subs, "doc-purpose") == "withorder")
        (_, subs) = try crd("acme-ppo", "pregnancy-unknown")
        #expect(code(subs, "covered") == "conditional")
        #expect(code(subs, "info-needed") == "OTH")
        (_, subs) = try crd("acme-ppo", "pregnancy-excluded")
        #expect(code(subs, "covered") == "not-covered")
        #expect(code(subs, "pa-needed") == nil)
    }

    @Test func detailsCarryQuantityPeriodAndCostShare() throws {
        let policy = try specPolicy("valley-hmo")
        let c = try CaseDecoder.decode(bytes: Array(try specCase("valley-hmo", "iv-covered-copay").utf8), vocabulary: policy.vocabulary)
        let d = try CompiledPolicy(policy).decide(c, explain: true, paths: false)
        let text = JSONWriter.write(CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c), pretty: false)
        #expect(text.contains(#""code":"in-network-copay"}]}},{"url":"value","valueQuantity":{"value":40.00,"unit":"USD""#))
        #expect(text.contains(#""code":"allowed-quantity"}]}},{"url":"value","valueQuantity":{"value":3,"unit":"sessions"}"#))
        #expect(text.contains(#""code":"allowed-period""#))
    }
}
