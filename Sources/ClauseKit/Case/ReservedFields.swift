import Foundation

/// The reserved case fields of LANGUAGE.md §5, one row each: the path, its static type, how the
/// evaluator reads it from the decoded case, and the JSON keys it is spelt with. The checker
/// types paths with this table, the evaluator and its fast lane read through it, the JSON key
/// table interns its keys, and `ReservedFieldsTests` holds the case decoder to it (every row is
/// decoded and checked by `CaseDecoder`).
struct ReservedField: Sendable {
    /// The dotted path: `request.date`.
    let path: String
    let names: [String]
    let type: StaticType
    /// The typed value from the decoded case, nil when the case lacks it. Nil for `sessions`,
    /// which is read from the case's JSON like any other list.
    let value: (@Sendable (PatientCase, CaseVocabulary) -> Value?)?
    /// The string the case gives, for the string fields the decoder keeps as written (the fast
    /// lane compares them in place).
    let text: (@Sendable (PatientCase) -> String?)?

    /// `names` are string literals, so the key table hands out the very strings the decoder
    /// compares keys with (`"request"`, `"billed_per_session"`): equal at a glance, no memcmp.
    init(_ names: [String], _ type: StaticType, text: (@Sendable (PatientCase) -> String?)? = nil,
         value: (@Sendable (PatientCase, CaseVocabulary) -> Value?)?) {
        self.path = names.joined(separator: ".")
        self.names = names
        self.type = type
        self.value = value
        self.text = text
    }
}

enum ReservedFields {
    static let all: [ReservedField] = [
        ReservedField(["request", "treatment"], .string) { c, v in
            v.treatments.indices.contains(c.request.treatment) ? .string(v.treatments[c.request.treatment]) : nil
        },
        ReservedField(["request", "code"], .string) { c, _ in
            if case .string(let s)? = c.root.value(at: ["request", "code"]) { return .string(s.uppercased()) }
            return nil
        },
        ReservedField(["request", "diagnosis"], .string, text: { $0.request.diagnosis }) { c, _ in c.request.diagnosis.map(Value.string) },
        ReservedField(["request", "date"], .date) { c, _ in .date(c.request.date) },
        ReservedField(["request", "sessions"], .number) { c, _ in .number(Decimal(c.request.sessions)) },
        ReservedField(["request", "review"], .string) { c, v in
            // The review kind the decision uses: given, else derived from the courses.
            let gap = v.newCourseAfter.indices.contains(c.request.treatment) ? v.newCourseAfter[c.request.treatment] : nil
            return .string(c.courses(newCourseAfter: gap).review.rawValue)
        },
        ReservedField(["request", "dose_mg"], .number) { c, _ in c.request.dose.map(Value.number) },
        ReservedField(["request", "billed_per_session"], .money) { c, _ in c.request.billedPerSession.map(Value.money) },
        ReservedField(["provider", "network"], .string, text: { $0.network }) { c, _ in c.network.map(Value.string) },
        ReservedField(["provider", "referral"], .bool) { c, _ in c.referral.map(Value.bool) },
        ReservedField(["authorization", "prior_authorization"], .string, text: { $0.priorAuthorization?.rawValue }) { c, _ in
            c.priorAuthorization.map { .string($0.rawValue) }
        },
        ReservedField(["authorization", "approved_on"], .date) { c, _ in c.approvedOn.map(Value.date) },
        ReservedField(["plan", "deductible_remaining"], .money) { c, _ in c.deductibleRemaining.map(Value.money) },
        ReservedField(["plan", "out_of_pocket_remaining"], .money) { c, _ in c.outOfPocketRemaining.map(Value.money) },
        ReservedField(["diagnoses"], .list) { c, _ in c.hasDiagnoses ? .list(c.diagnoses.map(Value.string)) : nil },
        ReservedField(["documents"], .list) { c, _ in c.documents.map { .list($0.map(Value.string)) } },
        ReservedField(["sessions"], .list, value: nil),
    ]

    static let byPath: [String: ReservedField] = Dictionary(uniqueKeysWithValues: all.map { ($0.path, $0) })

    /// The static types by path (the checker's `fields` errors and "did you mean").
    static let types: [String: StaticType] = byPath.mapValues(\.type)

    /// The row for a path given as names, found segment by segment without joining them (the
    /// checker asks for every path it resolves). Names are words: they hold no dot.
    static func field(_ names: [Name]) -> ReservedField? {
        guard names.count <= 2, let first = names.first?.text else { return nil }
        for row in all where row.names.count == names.count && row.names[0] == first {
            if names.count == 1 || row.names[1] == names[1].text { return row }
        }
        return nil
    }

    /// The keys a case spells the reserved fields with, and those of its session history.
    static let jsonKeys: [String] = {
        var keys = ["id", "treatment", "date", "plan_paid", "code", "dose_mg"]
        for row in all { keys += row.names }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }()
}
