/// The requirements of each cover rule, prepared once per policy: their policy lines, the texts
/// an unmet requirement shows, and the normalised names of required documents; each tier's
/// referral text; and each rule's index as a one-rule list, which a decision shares as its
/// deciding rules instead of allocating one. `unmet` gives what
/// the decision steps need, comparing an ASCII document name byte by byte
/// instead of building normalised copies.
struct CompiledRequirements: Sendable {
    struct Prepared: Sendable {
        var kind: UnmetRequirement.Kind
        var line: Int
        /// For a document: its name lower-cased with blanks collapsed, as UTF-8.
        var document: [UInt8]
        /// For a document or a referral: the text shown when it is unmet.
        var text: String
    }

    /// Per rule index.
    let rules: [[Prepared]]
    /// Per tier index: the text of the tier's own referral requirement.
    let tierReferrals: [String]
    /// Per rule index `i`: `[i]`.
    let ruleLists: [[Int]]

    init(_ policy: CheckedPolicy) {
        rules = policy.rules.map { CompiledRequirements.prepare($0, policy) }
        tierReferrals = policy.tiers.map(CompiledRequirements.tierReferral)
        ruleLists = policy.rules.indices.map { [$0] }
    }

    /// `[rule]`, shared when prepared.
    func list(_ rule: Int) -> [Int] {
        rule >= 0 && rule < ruleLists.count ? ruleLists[rule] : [rule]
    }

    /// A rule's requirements with their lines, unmet texts and normalised document names.
    static func prepare(_ rule: Rule, _ policy: CheckedPolicy) -> [Prepared] {
        rule.requirements.map { r in
            let line = policy.source.line(of: r.span)
            switch r {
            case .document(let d):
                return Prepared(kind: .document, line: line, document: Array(DecisionEngine.normalized(d.value).utf8),
                                text: "document: \(d.value)")
            case .referral:
                return Prepared(kind: .referral, line: line, document: [], text: referral)
            case .priorAuthorization:
                return Prepared(kind: .priorAuthorization, line: line, document: [], text: "")
            }
        }
    }

    static let referral = "referral from the member's primary care provider"

    /// The referral a tier asks for on its own (`requires referral` on the tier).
    static func tierReferral(_ tier: Tier) -> String {
        "\(referral) (required for the \(CoverageWords.tier(tier.name)) tier)"
    }

    /// The unmet requirements of the rule at `rule` on the tier at `tierIndex` (step 6), the
    /// tier's own referral with its prepared text.
    func unmet(rule: Int, tierIndex: Int?, review: ReviewKind, policy: CheckedPolicy, patientCase: PatientCase) -> [UnmetRequirement] {
        var unmet = CompiledRequirements.unmet(rules[rule], rule: rule, review: review, tier: nil, policy: policy,
                                               patientCase: patientCase)
        if let tierIndex, policy.tiers[tierIndex].requiresReferral, patientCase.referral != true,
           !rules[rule].contains(where: { $0.kind == .referral }) {
            unmet.append(UnmetRequirement(kind: .referral, text: tierReferrals[tierIndex], line: policy.tiers[tierIndex].line))
        }
        return unmet
    }

    /// What of the requirements, and of the tier's referral, the case does not meet (step 6).
    /// Whether the rule at `rule` requires prior authorization.
    func requiresPriorAuthorization(_ rule: Int) -> Bool {
        rules[rule].contains { $0.kind == .priorAuthorization }
    }

    /// `rule` and `review` choose the authorization length that applies (`AuthorizationValidity`).
    static func unmet(_ requirements: [Prepared], rule: Int, review: ReviewKind, tier: Tier?, policy: CheckedPolicy,
                      patientCase: PatientCase) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        var referralAsked = false
        // By index: each requirement is read in place, not copied.
        for k in requirements.indices {
            let line = requirements[k].line
            switch requirements[k].kind {
            case .priorAuthorization:
                if let text = patientCase.authorizationValidity(under: policy, rule: rule, review: review).unmetText {
                    unmet.append(UnmetRequirement(kind: .priorAuthorization, text: text, line: line))
                }
            case .referral:
                referralAsked = true
                if patientCase.referral != true {
                    unmet.append(UnmetRequirement(kind: .referral, text: requirements[k].text, line: line))
                }
            case .document:
                if !hasDocument(patientCase.documents, requirements[k].document) {
                    unmet.append(UnmetRequirement(kind: .document, text: requirements[k].text, line: line))
                }
            }
        }
        if let tier, tier.requiresReferral, !referralAsked, patientCase.referral != true {
            unmet.append(UnmetRequirement(kind: .referral, text: tierReferral(tier), line: tier.line))
        }
        return unmet
    }

    /// Whether one of the case's documents is `wanted` once normalised.
    static func hasDocument(_ documents: [String]?, _ wanted: [UInt8]) -> Bool {
        guard let documents else { return false }
        return wanted.withUnsafeBufferPointer { wanted in documents.contains { normalizedEquals($0, wanted) } }
    }

    /// Whether `DecisionEngine.normalized(s)` is `wanted`: for ASCII text, lower-cased on the
    /// fly with runs of spaces and tabs read as one space and those at the ends dropped.
    static func normalizedEquals(_ s: String, _ wanted: [UInt8]) -> Bool {
        wanted.withUnsafeBufferPointer { normalizedEquals(s, $0) }
    }

    static func normalizedEquals(_ s: String, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let compare = { (bytes: UnsafeBufferPointer<UInt8>) in asciiNormalizedEquals(bytes, wanted) }
        switch s.utf8.withContiguousStorageIfAvailable(compare) ?? Array(s.utf8).withUnsafeBufferPointer(compare) {
        case .equal: return true
        case .different: return false
        case .notASCII: return Array(DecisionEngine.normalized(s).utf8).elementsEqual(wanted)
        }
    }

    enum Comparison { case equal, different, notASCII }

    /// `normalizedEquals` over UTF-8 bytes; `.notASCII` when a byte is not ASCII (then Unicode
    /// lower-casing decides).
    static func asciiNormalizedEquals(_ bytes: UnsafeBufferPointer<UInt8>, _ wanted: UnsafeBufferPointer<UInt8>) -> Comparison {
        // Normalising ASCII text turns tabs into spaces and otherwise only shortens it: a text of
        // the same length is `wanted` exactly when it is byte for byte once lower-cased with its
        // tabs read as spaces (then it has no run of blanks to collapse, none at its ends).
        if bytes.count == wanted.count { return asciiEqualsLowercased(bytes, wanted) }
        var i = 0
        let end = wanted.count
        var pendingSpace = false
        var differs = bytes.count < wanted.count
        for b in bytes {
            if b >= 0x80 { return .notASCII }
            if differs { continue }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                pendingSpace = i > 0
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

    /// Whether `bytes`, lower-cased with tabs read as spaces, are `wanted` (of the same length),
    /// eight bytes at a time; `.notASCII` when a byte of `bytes` is not ASCII.
    static func asciiEqualsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ wanted: UnsafeBufferPointer<UInt8>) -> Comparison {
        let count = min(bytes.count, wanted.count)
        var highBits: UInt64 = 0
        var differs = false
        var i = 0
        if let a = bytes.baseAddress, let w = wanted.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high = ones &* 0x80, low = ones &* 0x7F
            while i + 8 <= count {
                let x = UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
                let y = UnsafeRawPointer(w + i).loadUnaligned(as: UInt64.self)
                highBits |= x
                // For ASCII bytes (below 0x80, so no carry leaves a byte): the high bit of
                // `b + 0x3F` is set from `A` up, that of `b + 0x25` from `[` (just past `Z`) up;
                // that of `tab` exactly where `b` is a tab (a zero byte of `t`).
                let upper = (x &+ ones &* 0x3F) & ~(x &+ ones &* 0x25) & high
                let t = x ^ (ones &* 0x09)
                let tab = ~(((t & low) &+ low) | t | low)
                let lower = (x | (upper >> 2)) &+ (tab >> 7) &* 0x17  // a tab (0x09) becomes 0x20
                if lower != y { differs = true }
                i += 8
            }
        }
        while i < count {
            let b = bytes[i]
            highBits |= UInt64(truncatingIfNeeded: b)
            let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b == UInt8(ascii: "\t") ? UInt8(ascii: " ") : b
            if lower != wanted[i] { differs = true }
            i += 1
        }
        if highBits & 0x8080_8080_8080_8080 != 0 { return .notASCII }
        return differs ? .different : .equal
    }
}
