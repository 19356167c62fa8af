import Foundation

/// The decision as an HL7 Da Vinci Coverage Requirements Discovery (CRD) coverage-information
/// extension (FHIR R4 JSON).
///
/// Source: Da Vinci CRD STU 2.1.0, StructureDefinition `ext-coverage-information`
/// (http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information) and its
/// value sets coverageInfo (covered | not-covered | conditional), coveragePaDetail
/// (no-auth | auth-needed | satisfied | performpa | conditional), AdditionalDocumentation
/// (clinical | admin | patient | conditional | no-doc), DocReason (withpa | withclaim |
/// withorder | retain-doc), informationNeeded (performer | location | timeframe |
/// contract-window, and OTH from v3 NullFlavor) and coverageDetail (allowed-quantity,
/// allowed-period, in-network-copay, out-network-copay, …; code system
/// http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp). The invariants crd-ci-q2 (no
/// pa-needed when not-covered), q3 (info-needed iff something is conditional), q5
/// (satisfied-pa-id iff pa-needed is satisfied) and q6 (reason when info-needed is OTH) hold.
///
/// Revision 2: an `experimental` denial and an `authorization_denied` are `not-covered` with no
/// `pa-needed` (crd-ci-q2 forbids it on not-covered; a denied authorization is not one still to
/// be asked for), the reason text saying which. `satisfied-pa-id` carries only the case's own
/// `authorization.id`: without one, `pa-needed` is left out rather than `satisfied` with an
/// invented identifier (crd-ci-q5).
public enum CRDMapper {
    public static let extensionURL = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
    public static let tempCodeSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"
    public static let nullFlavorSystem = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
    static let hcpcsSystem = "https://bluebutton.cms.gov/resources/codesystem/hcpcs"
    static let cptSystem = "http://www.ama-assn.org/go/cpt"

    /// `covered` sub-extension code.
    public static func covered(_ d: Decision) -> String {
        switch d.kind {
        case .covered, .partiallyCovered, .pending: return "covered"
        case .needsInformation: return "conditional"
        case .denied: return "not-covered"
        }
    }

    public static func extensionJSON(decision d: Decision, policy: CheckedPolicy, patientCase c: PatientCase) -> JSONValue {
        var parts: [JSONValue] = []
        func sub(_ url: String, _ key: String, _ value: JSONValue) { parts.append(.obj([("url", .string(url)), (key, value)])) }

        let coverageID = c.root.value(at: ["plan", "coverage_id"]).flatMap { if case .string(let s) = $0 { return s } else { return nil } }
        var reference: [(String, JSONValue)] = []
        if let coverageID { reference.append(("reference", .string("Coverage/\(coverageID)"))) }
        reference.append(("display", .string(policy.title + (policy.version.map { " \($0)" } ?? "")
            + (policy.bulletin.number.map { " (\($0))" } ?? ""))))
        sub("coverage", "valueReference", .obj(reference))

        let coveredCode = covered(d)
        sub("covered", "valueCode", .string(coveredCode))

        let rule = d.decidingRules.first.map { policy.rules[$0] }.flatMap { $0.kind == .cover ? $0 : nil }
        let eligible = [.covered, .partiallyCovered, .pending].contains(d.kind)
        // pa-needed: only when the service is not not-covered (crd-ci-q2).
        var paCode: String?
        // Waiting on a dose only: the cover rule holds and its requirements were checked.
        let satisfiedRule = rule.flatMap { r in d.reasons.contains { $0.rule == r.index && $0.outcome == .true } ? r : nil }
        if eligible || (d.kind == .needsInformation && satisfiedRule != nil), let rule {
            let asksPA = rule.requirements.contains { if case .priorAuthorization = $0 { return true } else { return false } }
            let unmetPA = d.unmet.contains { $0.kind == .priorAuthorization }
            // `satisfied` needs the authorization's identifier (crd-ci-q5); the case may not give one.
            paCode = !asksPA ? "no-auth" : (unmetPA ? "auth-needed" : (authorizationID(c) == nil ? nil : "satisfied"))
        } else if d.kind == .needsInformation {
            let anyPA = policy.coverRules(of: c.request.treatment, for: policy.review(of: c)).contains { r in
                policy.rules[r].requirements.contains { if case .priorAuthorization = $0 { return true } else { return false } }
            }
            paCode = anyPA ? "conditional" : "no-auth"
        }
        if let paCode { sub("pa-needed", "valueCode", .string(paCode)) }

        if eligible {
            let docs = d.unmet.filter { $0.kind == .document }
            sub("doc-needed", "valueCode", .string(docs.isEmpty ? "no-doc" : "clinical"))
            if !docs.isEmpty { sub("doc-purpose", "valueCode", .string(paCode == "auth-needed" ? "withpa" : "withorder")) }
        }

        if d.kind == .needsInformation {
            let info: String
            if d.missing.contains(where: { $0.hasPrefix("provider.") }) { info = "performer" }
            else if d.missing.contains("request.date") { info = "timeframe" }
            else { info = "OTH" }  // the reason (the summary) names the missing facts: crd-ci-q6
            sub("info-needed", "valueCode", .string(info))
        }

        if let code = billingCode(d, policy: policy, patientCase: c) {
            let system = code.allSatisfy(\.isNumber) ? cptSystem : hcpcsSystem
            sub("billingCode", "valueCoding", .obj([("system", .string(system)), ("code", .string(code))]))
        }

        sub("reason", "valueCodeableConcept", .obj([("text", .string(d.summary))]))

        for detail in details(d, policy: policy, patientCase: c) { parts.append(detail) }
        if let link = policyLink(policy.bulletin) { parts.append(link) }

        sub("date", "valueDate", .string(d.requestDate.description))
        let assertion = [d.caseID ?? "case", policy.version ?? "unversioned", d.treatment, d.requestDate.description]
            .joined(separator: "-").replacingOccurrences(of: " ", with: "_")
        sub("coverage-assertion-id", "valueString", .string(assertion))
        if paCode == "satisfied", let id = authorizationID(c) {
            sub("satisfied-pa-id", "valueString", .string(id))
        }
        return .obj([("url", .string(extensionURL)), ("extension", .array(parts))])
    }

    /// `authorization.id`, the payer's identifier of the prior authorization, when the case gives one.
    static func authorizationID(_ c: PatientCase) -> String? {
        guard case .string(let id)? = c.root.value(at: ["authorization", "id"]), !id.isEmpty else { return nil }
        return id
    }

    static func billingCode(_ d: Decision, policy: CheckedPolicy, patientCase c: PatientCase) -> String? {
        if case .string(let code)? = c.root.value(at: ["request", "code"]) { return code.uppercased() }
        return policy.treatments[c.request.treatment].billingCodes.first
    }

    /// `detail` sub-extensions: session caps (allowed-quantity), authorization length
    /// (allowed-period) and the tier's cost share (in-network-copay / out-network-copay).
    static func details(_ d: Decision, policy: CheckedPolicy, patientCase c: PatientCase) -> [JSONValue] {
        func detail(_ code: String, _ valueKey: String, _ value: JSONValue, _ qualification: String?) -> JSONValue {
            var inner: [JSONValue] = [
                .obj([("url", .string("code")), ("valueCodeableConcept", .obj([("coding", .array([.obj([
                    ("system", .string(tempCodeSystem)), ("code", .string(code))])]))]))]),
                .obj([("url", .string("value")), (valueKey, value)]),
            ]
            if let qualification { inner.append(.obj([("url", .string("qualification")), ("valueString", .string(qualification))])) }
            return .obj([("url", .string("detail")), ("extension", .array(inner))])
        }
        guard d.kind != .denied || d.denialKind == .limitReached else { return [] }
        var out: [JSONValue] = []
        for limit in d.sessionLimits where limit.applies {
            out.append(detail("allowed-quantity", "valueQuantity",
                              .obj([("value", .int(limit.remaining)), ("unit", .string("sessions"))]),
                              "\(Plural.count(limit.remaining, "more session", "more sessions")) now under '\(limit.text)' (policy line \(limit.line))"))
        }
        if d.kind != .denied, d.coveredSessions > 0 {
            out.append(detail("allowed-quantity", "valueQuantity",
                              .obj([("value", .int(d.coveredSessions)), ("unit", .string("sessions"))]),
                              "\(Plural.count(d.coveredSessions, "session")) covered of the \(d.requestedSessions) requested on \(d.requestDate)"))
        }
        for limit in d.doseLimits where limit.applies {
            // Only a known amount: a past session without its dose leaves what remains unknown.
            let unknown = (d.missing + d.costMissing).contains { path in
                path != "request.dose_mg" && Decision.isDosePath(path)
                    && d.doseLimitsNeeding(path).contains { $0.line == limit.line }
            }
            guard !unknown else { continue }
            out.append(detail("allowed-quantity", "valueQuantity", milligrams(limit.remaining),
                              "\(limit.remaining) mg more now under '\(limit.text)' (policy line \(limit.line))"))
        }
        let rule = d.decidingRules.first, review = d.course?.review ?? .initial
        if requiresPriorAuthorization(d, policy: policy, patientCase: c),
           let lasts = c.authorizationLength(under: policy, rule: rule, review: review),
           let period = c.authorizationPeriod(under: policy, rule: rule, review: review) {
            out.append(detail("allowed-period", "valuePeriod",
                              .obj([("start", .string(period.lowerBound.description)), ("end", .string(period.upperBound.description))]),
                              "authorization lasts \(lasts)" + (authorizationSource(policy, rule: rule, review: review, treatment: c.request.treatment)
                                .map { " (\($0))" } ?? "")))
        }
        if let name = d.tier, let tier = policy.tier(named: name) {
            let code = name.contains("out") ? "out-network-copay" : "in-network-copay"
            // Each part of the cost share carries the tier's whole cost in the one wording.
            let qualification = "the \(CoverageWords.tier(name)) tier: \(tier.costDescription)"
            switch tier.cost {
            case .coinsurance(let p):
                out.append(detail(code, "valueQuantity", percent(p), qualification))
            case .copay(let m):
                out.append(detail(code, "valueQuantity", dollars(m), qualification))
            case .copayThenCoinsurance(let m, let p):
                out.append(detail(code, "valueQuantity", dollars(m), qualification))
                out.append(detail(code, "valueQuantity", percent(p), qualification))
            case .notCovered:
                break
            }
        }
        return out
    }

    /// Clause's own code system for details the CRD coverage-detail codes lack (the binding of
    /// `detail.code` is extensible): `policy-link`, the bulletin's address.
    public static let clauseDetailSystem = "urn:clause:coverage-detail"

    /// The `detail` that links the bulletin the policy is written from (`source` in the
    /// header), on every decision: CRD's detail categories name "reference to policy" under
    /// `cat-other` (coverageDetailCategories, CRD 2.2), but no detail code for it, so the code is
    /// Clause's own. The qualification gives the bulletin's number and dates.
    static func policyLink(_ bulletin: PolicyBulletin) -> JSONValue? {
        guard let url = bulletin.source else { return nil }
        var inner: [JSONValue] = [
            .obj([("url", .string("code")), ("valueCodeableConcept", .obj([("coding", .array([.obj([
                ("system", .string(clauseDetailSystem)), ("code", .string("policy-link"))])]))]))]),
            .obj([("url", .string("value")), ("valueUrl", .string(url))]),
        ]
        let qualification = [bulletin.number, bulletin.dates].compactMap { $0 }.joined(separator: ", ")
        if !qualification.isEmpty { inner.append(.obj([("url", .string("qualification")), ("valueString", .string(qualification))])) }
        return .obj([("url", .string("detail")), ("extension", .array(inner))])
    }

    /// Whether the decision's cover rule (or, undecided, any rule for the request's review kind)
    /// asks for prior authorization: only then does an authorization period mean something.
    static func requiresPriorAuthorization(_ d: Decision, policy: CheckedPolicy, patientCase c: PatientCase) -> Bool {
        func asks(_ r: Int) -> Bool {
            policy.rules[r].requirements.contains { if case .priorAuthorization = $0 { return true } else { return false } }
        }
        if let r = d.decidingRules.first, policy.rules.indices.contains(r), policy.rules[r].kind == .cover { return asks(r) }
        return policy.coverRules(of: c.request.treatment, for: d.course?.review ?? policy.review(of: c)).contains(where: asks)
    }

    /// Where the authorization length comes from: the rule's `lasting`, the block's line for the
    /// review kind, or its plain line.
    static func authorizationSource(_ policy: CheckedPolicy, rule: Int?, review: ReviewKind, treatment: Int) -> String? {
        if let rule, policy.rules.indices.contains(rule), policy.rules[rule].authorizationLasts != nil,
           let pa = policy.rules[rule].requirements.first(where: { if case .priorAuthorization = $0 { return true } else { return false } }) {
            return "the rule's own length, policy line \(policy.source.line(of: pa.span))"
        }
        guard policy.limits.indices.contains(treatment) else { return nil }
        let limits = policy.limits[treatment]
        if let own = limits.reviewAuthorizationLasts[review] { return "for \(review.rawValue) requests, policy line \(own.line)" }
        return limits.authorizationLine.map { "policy line \($0)" }
    }

    static func milligrams(_ mg: Decimal) -> JSONValue {
        .obj([("value", .number(mg, text: Value.format(mg))), ("unit", .string("mg")),
              ("system", .string("http://unitsofmeasure.org")), ("code", .string("mg"))])
    }

    static func percent(_ p: Decimal) -> JSONValue {
        let v = p * 100
        return .obj([("value", .number(v, text: Value.format(v))), ("unit", .string("%")),
                     ("system", .string("http://unitsofmeasure.org")), ("code", .string("%"))])
    }

    static func dollars(_ m: Money) -> JSONValue {
        .obj([("value", .number(Decimal(m.cents) / 100, text: m.formatted())), ("unit", .string("USD")),
              ("system", .string("urn:iso:std:iso:4217")), ("code", .string("USD"))])
    }
}
