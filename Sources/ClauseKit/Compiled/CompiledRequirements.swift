/// The requirements of each cover rule, prepared once per policy: their policy lines, the texts
/// an unmet requirement shows, and the normalised names of required documents; and each tier's
/// referral text. `unmet` gives what `DecisionEngine.unmetRequirements` gives, comparing an
/// ASCII document name byte by byte instead of building normalised copies.
struct CompiledRequirements: Sendable {
    struct Prepared: Sendable {
        var requirement: Requirement
        var line: Int
        /// For a document: its name lower-cased with blanks collapsed, as UTF-8.
        var document: [UInt8]?
        /// For a document or a referral: the text shown when it is unmet.
        var text: String
    }

    /// Per rule index.
    let rules: [[Prepared]]
    /// Per tier index: the text of the tier's own referral requirement.
    let tierReferrals: [String]

    init(_ policy: CheckedPolicy) {
        rules = policy.rules.map { CompiledRequirements.prepare($0, policy) }
        tierReferrals = policy.tiers.map(CompiledRequirements.tierReferral)
    }

    /// A rule's requirements with their lines, unmet texts and normalised document names.
    static func prepare(_ rule: Rule, _ policy: CheckedPolicy) -> [Prepared] {
        rule.requirements.map { r in
            var document: [UInt8]?
            var text = ""
            switch r {
            case .document(let d):
                document = Array(DecisionEngine.normalized(d.value).utf8)
                text = "document: \(d.value)"
            case .referral:
                text = referral
            case .priorAuthorization:
                break
            }
            return Prepared(requirement: r, line: policy.source.line(of: r.span), document: document, text: text)
        }
    }

    static let referral = "referral from the member's primary care provider"

    /// The referral a tier asks for on its own (`requires referral` on the tier).
    static func tierReferral(_ tier: Tier) -> String {
        "\(referral) (required for the `\(tier.name)` tier)"
    }

    /// The unmet requirements of the rule at `rule` on the tier at `tierIndex` (step 6).
    func unmet(rule: Int, tierIndex: Int?, policy: CheckedPolicy, patientCase: PatientCase) -> [UnmetRequirement] {
        guard let tierIndex else {
            return CompiledRequirements.unmet(rules[rule], tier: nil, tierText: nil, policy: policy, patientCase: patientCase)
        }
        return CompiledRequirements.unmet(rules[rule], tier: policy.tiers[tierIndex], tierText: tierReferrals[tierIndex],
                                          policy: policy, patientCase: patientCase)
    }

    /// What of the requirements, and of the tier's referral, the case does not meet (step 6).
    /// `tierText` is `tierReferral(tier)` when prepared; otherwise it is built if needed.
    static func unmet(_ requirements: [Prepared], tier: Tier?, tierText: String?, policy: CheckedPolicy,
                      patientCase: PatientCase) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        var referralAsked = false
        for prepared in requirements {
            let line = prepared.line
            switch prepared.requirement {
            case .priorAuthorization:
                let status = patientCase.priorAuthorization
                if status != .approved {
                    unmet.append(UnmetRequirement(kind: .priorAuthorization, text: notApproved(status), line: line))
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
                    unmet.append(UnmetRequirement(kind: .referral, text: prepared.text, line: line))
                }
            case .document:
                if !hasDocument(patientCase.documents, prepared.document ?? []) {
                    unmet.append(UnmetRequirement(kind: .document, text: prepared.text, line: line))
                }
            }
        }
        if let tier, tier.requiresReferral, !referralAsked, patientCase.referral != true {
            unmet.append(UnmetRequirement(kind: .referral, text: tierText ?? tierReferral(tier), line: tier.line))
        }
        return unmet
    }

    /// The text of an unapproved prior authorization, for each status the case can give.
    static func notApproved(_ status: PriorAuthorizationStatus?) -> String {
        switch status {
        case nil: return "prior authorization approved (no status given)"
        case .approved?: return "prior authorization approved (current status: approved)"
        case .pending?: return "prior authorization approved (current status: pending)"
        case .denied?: return "prior authorization approved (current status: denied)"
        case PriorAuthorizationStatus.none?: return "prior authorization approved (current status: none)"
        }
    }

    /// Whether one of the case's documents is `wanted` once normalised.
    static func hasDocument(_ documents: [String]?, _ wanted: [UInt8]) -> Bool {
        guard let documents else { return false }
        for d in documents where normalizedEquals(d, wanted) { return true }
        return false
    }

    /// Whether `DecisionEngine.normalized(s)` is `wanted`: for ASCII text, lower-cased on the
    /// fly with runs of spaces and tabs read as one space and those at the ends dropped.
    static func normalizedEquals(_ s: String, _ wanted: [UInt8]) -> Bool {
        let fast = s.utf8.withContiguousStorageIfAvailable { bytes in
            wanted.withUnsafeBufferPointer { asciiNormalizedEquals(bytes, $0) }
        }
        switch fast ?? asciiNormalizedEquals(Array(s.utf8), wanted) {
        case .equal: return true
        case .different: return false
        case .notASCII: return Array(DecisionEngine.normalized(s).utf8) == wanted
        }
    }

    enum Comparison { case equal, different, notASCII }

    /// `normalizedEquals` over ASCII bytes; `.notASCII` as soon as a byte is not ASCII (then
    /// Unicode lower-casing decides), unless the bytes already differ before it.
    static func asciiNormalizedEquals<S: Collection<UInt8>, W: RandomAccessCollection<UInt8>>(_ bytes: S, _ wanted: W) -> Comparison
        where W.Index == Int {
        var i = wanted.startIndex
        let end = wanted.endIndex
        var pendingSpace = false
        var differs = false
        for b in bytes {
            if b >= 0x80 { return .notASCII }
            if differs { continue }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                pendingSpace = i > wanted.startIndex
                continue
            }
            if pendingSpace {
                guard i < end, wanted[i] == UInt8(ascii: " ") else { differs = true; continue }
                i += 1
                pendingSpace = false
            }
            let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
            guard i < end, wanted[i] == lower else { differs = true; continue }
            i += 1
        }
        return differs || i != end ? .different : .equal
    }
}
