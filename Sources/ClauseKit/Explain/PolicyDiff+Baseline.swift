import Foundation

/// Baseline cases: for each version, a case that version covers (or comes as close as its paths
/// to coverage can take it), built from a skeleton by applying verified paths to coverage.
extension PolicyDiff {
    /// The request date the baselines use: on or after both versions' effective dates.
    var baseDate: Day {
        let dates = [old.effective, new.effective].compactMap { $0 }
        return dates.max() ?? Day(iso: "2026-01-01") ?? Day.minimum
    }

    func skeleton(for treatment: String) -> JSONValue {
        let date = baseDate.description
        var documents: [String] = []
        for policy in [old, new] {
            for rule in policy.rules {
                for case .document(let doc) in rule.requirements where !documents.contains(doc.value) { documents.append(doc.value) }
            }
        }
        let tier = (new.tiers + old.tiers).first { t in
            if case .notCovered = t.cost { return false }
            return new.tier(named: t.name) != nil && old.tier(named: t.name) != nil
        }
        // Under a dose limit a request needs its dose: half the smallest cap of either version.
        let caps = [old, new].flatMap { p in p.treatmentIndex(named: treatment).map { p.limits[$0].doses.map(\.milligrams) } ?? [] }
        let dose = caps.min().map { max(1, NSDecimalNumber(decimal: $0 / 2).intValue) }
        var provider: [(String, JSONValue)] = [("referral", .bool(true))]
        if let tier { provider.insert(("network", .string(tier.name)), at: 0) }
        return .obj([
            ("id", .string("diff-baseline")),
            ("patient", .obj([])),
            ("diagnoses", .array([])),
            ("request", .obj([("treatment", .string(treatment)), ("date", .string(date)), ("sessions", .int(1)),
                              ("billed_per_session", .string("100.00"))] + (dose.map { [("dose_mg", JSONValue.int($0))] } ?? []))),
            ("provider", .obj(provider)),
            ("authorization", .obj(AuthorizationValidity.approvedFields(on: baseDate))),
            ("documents", .array(documents.map(JSONValue.string))),
            ("sessions", .array([])),
            ("plan", .obj([("deductible_remaining", .string("0.00")), ("out_of_pocket_remaining", .string("10000.00"))])),
        ])
    }

    /// The skeleton taken towards coverage under `policy`, a verified path at a time.
    func baseline(for treatment: String, under compiled: CompiledPolicy) -> JSONValue {
        var root = skeleton(for: treatment)
        for _ in 0..<6 {
            guard let c = try? CaseDecoder.decode(root, vocabulary: compiled.policy.vocabulary),
                  let d = try? compiled.decide(c), d.kind != .covered else { break }
            let paths = PathToCoverage.find(compiled, patientCase: c, decision: d)
            guard let path = paths.first(where: { $0.verified == true })
                    ?? paths.first(where: { p in p.changes.allSatisfy { !$0.edits.isEmpty } }) else { break }
            for e in path.changes.flatMap(\.edits) { root = root.applying(e) }
        }
        return root
    }

    /// The baselines of both versions, without duplicates.
    func uniqueBaselines(for treatment: String) -> [(String, JSONValue)] {
        let a = baseline(for: treatment, under: oldCompiled)
        let b = baseline(for: treatment, under: newCompiled)
        return a == b ? [("old", a)] : [("old", a), ("new", b)]
    }
}
