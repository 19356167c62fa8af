/// The requirements of each cover rule, prepared once: their policy lines and the normalised
/// names of required documents. `unmet` gives what `DecisionEngine.unmetRequirements` gives,
/// comparing an ASCII document name byte by byte instead of building normalised copies.
struct CompiledRequirements: Sendable {
    struct Prepared: Sendable {
        var requirement: Requirement
        var line: Int
        /// For a document: its name lower-cased with blanks collapsed, as UTF-8.
        var document: [UInt8]?
    }

    /// Per rule index.
    let rules: [[Prepared]]

    init(_ policy: CheckedPolicy) {
        rules = policy.rules.map { CompiledRequirements.prepare($0, policy) }
    }

    /// A rule's requirements with their lines and normalised document names.
    static func prepare(_ rule: Rule, _ policy: CheckedPolicy) -> [Prepared] {
        rule.requirements.map { r in
            var document: [UInt8]?
            if case .document(let d) = r { document = Array(DecisionEngine.normalized(d.value).utf8) }
            return Prepared(requirement: r, line: policy.source.line(of: r.span), document: document)
        }
    }

    func unmet(rule: Rule, tier: Tier?, policy: CheckedPolicy, patientCase: PatientCase) -> [UnmetRequirement] {
        CompiledRequirements.unmet(rules[rule.index], tier: tier, policy: policy, patientCase: patientCase)
    }

    /// What of the requirements, and of the tier's referral, the case does not meet (step 6).
    static func unmet(_ requirements: [Prepared], tier: Tier?, policy: CheckedPolicy, patientCase: PatientCase) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        var referralAsked = false
        for prepared in requirements {
            let line = prepared.line
            switch prepared.requirement {
            case .priorAuthorization:
                let status = patientCase.priorAuthorization
                if status != .approved {
                    let said = status.map { "current status: \($0.rawValue)" } ?? "no status given"
                    unmet.append(UnmetRequirement(kind: .priorAuthorization, text: "prior authorization approved (\(said))", line: line))
                } else if let lasts = policy.limits[patientCase.request.treatment].authorizationLasts {
                    if let approvedOn = patientCase.approvedOn {
                        if let until = lasts.after(approvedOn), patientCase.request.date >= until {
                            unmet.append(UnmetRequirement(kind: .priorAuthorization,
                                text: "prior authorization renewed (approved \(approvedOn), valid for \(lasts): expired on \(until))", line: line))
                        }
                    } else {
                        unmet.append(UnmetRequirement(kind: .priorAuthorization,
                            text: "prior authorization approval date (`authorization.approved_on`), to check it is within \(lasts)", line: line))
                    }
                }
            case .referral:
                referralAsked = true
                if patientCase.referral != true {
                    unmet.append(UnmetRequirement(kind: .referral, text: "referral from the member's primary care provider", line: line))
                }
            case .document(let doc):
                let wanted = prepared.document ?? []
                let have = patientCase.documents ?? []
                if !have.contains(where: { CompiledRequirements.normalizedEquals($0, wanted) }) {
                    unmet.append(UnmetRequirement(kind: .document, text: "document: \(doc.value)", line: line))
                }
            }
        }
        if let tier, tier.requiresReferral, !referralAsked, patientCase.referral != true {
            unmet.append(UnmetRequirement(kind: .referral,
                text: "referral from the member's primary care provider (required for the `\(tier.name)` tier)", line: tier.line))
        }
        return unmet
    }

    /// Whether `DecisionEngine.normalized(s)` is `wanted`: for ASCII text, lower-cased on the
    /// fly with runs of spaces and tabs read as one space and those at the ends dropped.
    static func normalizedEquals(_ s: String, _ wanted: [UInt8]) -> Bool {
        let utf8 = s.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return Array(DecisionEngine.normalized(s).utf8) == wanted }
        var i = 0
        var pendingSpace = false
        for b in utf8 {
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                pendingSpace = i > 0
                continue
            }
            if pendingSpace {
                guard i < wanted.count, wanted[i] == UInt8(ascii: " ") else { return false }
                i += 1
                pendingSpace = false
            }
            let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
            guard i < wanted.count, wanted[i] == lower else { return false }
            i += 1
        }
        return i == wanted.count
    }
}
