import Foundation

/// The kinds of cases whose decision changes between two versions of a policy, found without a
/// solver: for each treatment both versions declare, a baseline case that a version covers is
/// varied at the boundaries of every constant, code set, tier, FDA status, date and limit the
/// two versions mention; each variation is decided under both, and every difference is kept
/// with a witness case.
public struct PolicyDiff {
    /// A case variation: what it sets, and the edits that set it.
    public struct Variation: Sendable {
        /// What is varied, grouping variations of one fact: `patient.age`, `diagnoses`.
        public var subject: String
        /// The value it takes here, for people: `17`, `F31.4`, `[] (no entries)`.
        public var value: String
        public var edits: [CaseEdit]
    }

    /// How a version decided a case, reduced to what a change would be about.
    public struct Outcome: Sendable, Equatable, CustomStringConvertible {
        public var decision: DecisionKind?
        public var denialKind: DenialKind?
        public var requested: Int
        public var covered: Int
        public var missing: [String]
        public var unmet: [String]
        /// What the member pays for the request, when the cost is known.
        public var patientPays: Money?
        /// Set when the version refuses the case (an unknown tier or treatment, an evaluation error).
        public var refused: String?

        public var description: String {
            if let refused { return "refused: \(refused)" }
            guard let decision else { return "refused" }
            var s = decision.rawValue
            if let denialKind { s += " (\(denialKind.rawValue))" }
            if decision == .partiallyCovered { s += " (\(covered) of \(Plural.count(requested, "session")))" }
            if decision == .needsInformation { s += " (missing \(missing.joined(separator: ", ")))" }
            if decision == .pending { s += " (unmet: \(unmet.joined(separator: "; ")))" }
            if let patientPays, decision == .covered || decision == .partiallyCovered { s += ", member pays \(patientPays.dollars)" }
            return s
        }
    }

    /// One kind of case whose decision changes, with a witness.
    public struct Change: Sendable {
        public var treatment: String
        public var subject: String
        /// The values of `subject` at which the decision changes this way.
        public var values: [String]
        public var old: Outcome
        public var new: Outcome
        /// A complete case showing the change (its `id` names it).
        public var witness: JSONValue
        /// The new version's decision of the witness, for `--write-tests`.
        public var newDecision: Decision?
    }

    public let old: CheckedPolicy
    public let new: CheckedPolicy
    /// Both versions lowered once: every variation is decided under each.
    let oldCompiled: CompiledPolicy
    let newCompiled: CompiledPolicy

    public init(old: CheckedPolicy, new: CheckedPolicy) {
        self.old = old
        self.new = new
        oldCompiled = CompiledPolicy(old)
        newCompiled = CompiledPolicy(new)
    }

    /// Treatments only one version declares: no case of them can be compared.
    public var onlyInOld: [String] { old.treatments.map(\.name).filter { new.treatmentIndex(named: $0) == nil } }
    public var onlyInNew: [String] { new.treatments.map(\.name).filter { old.treatmentIndex(named: $0) == nil } }

    /// How many variations were decided (under both versions), after `changes()`.
    public private(set) var casesTried = 0

    public mutating func changes() -> [Change] {
        var result: [Change] = []
        var index: [String: Int] = [:]
        let shared = old.treatments.map(\.name).filter { new.treatmentIndex(named: $0) != nil }
        var tried = 0
        for name in shared {
            let baselines = uniqueBaselines(for: name)
            let variations = boundaries(for: name)
            for (which, base) in baselines {
                // A baseline the two versions already decide differently is itself one kind of
                // change; its variations would only repeat it, so they are tried on the other.
                let baseline = Variation(subject: "a case built to be covered under the \(which) version", value: "", edits: [])
                let differs = PolicyDiff.decide(oldCompiled, base).0 != PolicyDiff.decide(newCompiled, base).0
                for v in differs ? [baseline] : variations {
                    var root = base
                    for e in v.edits { root = root.applying(e) }
                    tried += 1
                    let (o, _) = PolicyDiff.decide(oldCompiled, root)
                    let (n, nd) = PolicyDiff.decide(newCompiled, root)
                    guard o != n else { continue }
                    let key = "\(name)|\(v.subject)|\(o)|\(n)"
                    if let i = index[key] {
                        if !v.value.isEmpty && !result[i].values.contains(v.value) { result[i].values.append(v.value) }
                        continue
                    }
                    index[key] = result.count
                    let id = "diff-\(result.count + 1)-\(name)-" + PolicyDiff.slug(v.subject)
                    if case .object(var obj) = root { obj["id"] = .string(id); root = .object(obj) }
                    result.append(Change(treatment: name, subject: v.subject, values: v.value.isEmpty ? [] : [v.value], old: o, new: n,
                                         witness: root, newDecision: nd))
                }
            }
        }
        casesTried = tried
        return result
    }

    /// Decides a case JSON under a policy, reduced to an outcome (and the full decision).
    static func decide(_ compiled: CompiledPolicy, _ root: JSONValue) -> (Outcome, Decision?) {
        let c: PatientCase
        do {
            c = try CaseDecoder.decode(root, vocabulary: compiled.policy.vocabulary)
        } catch {
            return (Outcome(decision: nil, denialKind: nil, requested: 0, covered: 0, missing: [], unmet: [],
                            patientPays: nil, refused: "`\(error.path)`: \(error.message)"), nil)
        }
        do {
            let d = try compiled.decide(c)
            return (Outcome(decision: d.kind, denialKind: d.denialKind, requested: d.requestedSessions,
                            covered: d.coveredSessions, missing: d.missing.sorted(), unmet: d.unmet.map(\.text).sorted(),
                            patientPays: d.cost?.patientPays, refused: nil), d)
        } catch {
            return (Outcome(decision: nil, denialKind: nil, requested: 0, covered: 0, missing: [], unmet: [],
                            patientPays: nil, refused: error.message), nil)
        }
    }

    static func slug(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if !out.hasSuffix("-") { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(40))
    }
}

extension PolicyDiff.Outcome {
    /// The expected decision in the conformance suite's `.expect.json` style.
    public var expectJSON: JSONValue {
        guard refused == nil, let decision else { return .obj([("error", .bool(true))]) }
        var pairs: [(String, JSONValue)] = [("decision", .string(decision.rawValue))]
        if let denialKind { pairs.append(("denial_kind", .string(denialKind.rawValue))) }
        pairs.append(("sessions", .obj([("requested", .int(requested)), ("covered", .int(covered))])))
        if decision == .needsInformation { pairs.append(("missing_includes", .array(missing.map(JSONValue.string)))) }
        if decision == .pending { pairs.append(("unmet_count", .int(unmet.count))) }
        return .obj(pairs)
    }
}

extension PolicyDiff.Change {
    public var json: JSONValue {
        .obj([("treatment", .string(treatment)), ("subject", .string(subject)),
              ("values", .array(values.map(JSONValue.string))),
              ("old", .string(old.description)), ("new", .string(new.description)),
              ("witness", witness)])
    }
}
