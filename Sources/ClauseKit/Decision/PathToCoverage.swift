import Foundation

/// A concrete edit to a case's JSON that carries out a change (so the change can be tried).
public enum CaseEdit: Sendable, Equatable {
    /// Set the value at a path, creating objects on the way.
    case set([String], JSONValue)
    /// Append an element to the list at a path (creating the list).
    case append([String], JSONValue)
    /// Remove the value at a path.
    case remove([String])
    /// Create an empty list at a path when there is nothing there.
    case ensureList([String])
}

extension CaseEdit {
    /// The case path the edit writes.
    public var path: [String] {
        switch self {
        case .set(let p, _), .append(let p, _), .remove(let p), .ensureList(let p): return p
        }
    }
}

/// One change to a case's facts or to what it has done, that a path to coverage needs.
public struct CoverageChange: Sendable, Equatable {
    /// The `criterion` of a wait: the request dated when the limits next allow a session.
    public static let waitCriterion = "limits"

    public enum Kind: String, Sendable, Hashable {
        /// A fact of the case must have another value.
        case fact
        /// A fact the case lacks must be supplied (with the value that decides for coverage).
        case missingFact = "missing_fact"
        /// A requirement of the cover rule or tier (prior authorization, referral, document).
        case requirement
        /// The provider must be on another network tier.
        case network
        /// The request must be made on or after (or before) a date.
        case date
        /// The request must ask for fewer sessions.
        case sessions
    }
    public var kind: Kind
    /// What must change, as the policy's author reads it, with the case path: "patient.age at
    /// least 18 (now 16)". JSON's `detail`.
    public var text: String
    /// What must change in plain words, for everyone else (`CoverageWords`): "age of at least 18
    /// (the record shows 16)". Every renderer shows these; JSON's `change`.
    public var words: String
    /// The criterion (label or source text) or requirement this change answers.
    public var criterion: String?
    /// The policy line of that criterion or requirement.
    public var line: Int?
    /// The case path the change is about, when there is one.
    public var path: String?
    /// The edits that carry the change out; empty when no single value can be named
    /// (e.g. "a second antidepressant class documented" is a clinical fact, not a field value).
    public var edits: [CaseEdit]

    /// Who can bring a change about: someone acting on the case, or a clinician documenting it.
    public enum Nature: String, Sendable, Hashable {
        /// Something someone can do: obtain a prior authorization, submit a document, get a
        /// referral, use a covered tier, wait until a date, ask for fewer sessions, or send a
        /// fact the case does not give.
        case action
        /// A fact only a clinician can document: a diagnosis, a score, history, a patient
        /// attribute, past sessions, or any value the case already gives.
        case clinicalFact = "clinical_fact"
    }

    /// The case paths that belong to the clinical record: a change to them, or an edit of
    /// them, is never an action (a missing fact there too is the clinician's to document).
    static let clinicalRoots: Set<String> = ["diagnoses", "history", "scores", "sessions"]

    /// Whether the case path (`history.trials`, `sessions[0].dose_mg`, `request.diagnosis`)
    /// is part of the clinical record. A past session's missing dose is information to send;
    /// the list of past sessions itself is history.
    static func isClinicalRecord(_ path: String) -> Bool {
        if path == "request.diagnosis" { return true }
        let root = path.split(whereSeparator: { $0 == "." || $0 == "[" }).first.map(String.init) ?? path
        guard clinicalRoots.contains(root) else { return false }
        return root != "sessions" || !path.hasPrefix("sessions[")
    }

    /// Whether the change is something someone can do or a clinical fact. The one place this
    /// is decided: a fact the case gives with another value is clinical; so is anything about
    /// (or editing) diagnoses, history, scores or past sessions, except the wait's bookkeeping
    /// of the sessions covered now as taken. Requirements, tiers, dates, fewer sessions and
    /// other missing facts are actions.
    public var nature: Nature {
        if kind == .fact { return .clinicalFact }
        if let path, CoverageChange.isClinicalRecord(path) { return .clinicalFact }
        if criterion != CoverageChange.waitCriterion,
           edits.contains(where: { CoverageChange.isClinicalRecord($0.path.joined(separator: ".")) }) {
            return .clinicalFact
        }
        return .action
    }

    /// Whether someone can carry the change out (`nature == .action`).
    public var isAction: Bool { nature == .action }

    public init(kind: Kind, text: String, words: String? = nil, criterion: String? = nil, line: Int? = nil,
                path: String? = nil, edits: [CaseEdit] = []) {
        self.kind = kind
        self.text = text
        self.words = words ?? text
        self.criterion = criterion
        self.line = line
        self.path = path
        self.edits = edits
    }
}

/// One smallest set of changes that makes the treatment covered.
public struct CoveragePath: Sendable {
    /// The cover rule the path satisfies, when one is involved.
    public var rule: Int?
    public var ruleTitle: String?
    public var ruleLine: Int?
    public var changes: [CoverageChange]
    /// Whether the path was tried on the case: true when applying its edits made the
    /// decision covered (or, for a wait, let sessions be covered again); nil when some
    /// change has no concrete edit and the path could not be tried.
    public var verified: Bool?
    /// The decision the changed case received, when tried.
    public var verifiedDecision: DecisionKind?

    /// Whether every change is an action (nothing a clinician must document).
    public var isActionable: Bool { changes.allSatisfy(\.isAction) }

    /// `.action` when every change is an action, else `.clinicalFact`.
    public var nature: CoverageChange.Nature { isActionable ? .action : .clinicalFact }
}

/// Finds the paths to coverage of a decision: derived from the rule structure (which criteria
/// of which cover rule failed and what value would pass, which deny must not apply, which
/// requirement is unmet, which missing fact decides), then tried on the case.
public enum PathToCoverage {
    /// At most this many paths are reported, smallest first.
    public static let maximumPaths = 5

    /// The paths to coverage for `decision` (which must be the decision of `patientCase`).
    /// Empty for a covered case, and when no change to the case can make it covered
    /// (no cover rule names the treatment).
    public static func find(_ compiled: CompiledPolicy, patientCase: PatientCase, decision: Decision) -> [CoveragePath] {
        guard decision.kind != .covered else { return [] }
        let solver = CriterionSolver(compiled, patientCase: patientCase)
        var candidates = solver.compose(decision: decision)
        // A dose a dose limit needs is a fact to supply on every path; a path that changes
        // nothing is no path.
        let doses = decision.doseLimits.flatMap(\.missingDoses)
        if !doses.isEmpty {
            var lines: [String: Int] = [:]
            for l in decision.doseLimits { for path in l.missingDoses where lines[path] == nil { lines[path] = l.line } }
            let supply = Recorder.unique(doses).map { path in
                CoverageChange(kind: .missingFact, text: "\(path) given (the dose limits count it)",
                               words: CoverageWords.subject(path) + " (not given; the dose limits count it)", criterion: "dose limits",
                               line: lines[path], path: path)
            }
            for i in candidates.indices {
                candidates[i].changes += supply.filter { c in !candidates[i].changes.contains { $0.path == c.path } }
            }
        }
        candidates.removeAll { $0.changes.isEmpty }
        for i in candidates.indices {
            verify(&candidates[i], compiled: compiled, patientCase: patientCase)
        }
        // Paths that were tried and failed go last; they are kept, flagged, rather than hidden.
        candidates.sort { rank($0) < rank($1) }
        // Narrowing in `verify` can make two paths the same set of changes.
        var seen: [Set<String>] = []
        candidates = candidates.filter { p in
            let texts = Set(p.changes.map(\.text))
            if seen.contains(texts) { return false }
            seen.append(texts)
            return true
        }
        return Array(candidates.prefix(maximumPaths))
    }

    /// Failed paths last (they are no path on their own); then paths made only of actions
    /// before paths needing clinical facts; then fewer changes first; then tried-and-covered
    /// before untried.
    static func rank(_ p: CoveragePath) -> (Int, Int, Int, Int, Int) {
        let failed = p.verified == false ? 1 : 0
        let clinical = p.isActionable ? 0 : 1
        let untried = p.verified == true ? 0 : 1
        return (failed, clinical, p.changes.count, untried, p.rule ?? Int.max)
    }

    /// Applies the path's edits to the case and decides it again. When some changes have no
    /// concrete edit, the others are tried alone: if they are enough (the rest follow from them,
    /// as an FDA status follows from the diagnosis added), the path is narrowed to them.
    static func verify(_ path: inout CoveragePath, compiled: CompiledPolicy, patientCase: PatientCase) {
        let concrete = path.changes.filter { !$0.edits.isEmpty }
        guard !concrete.isEmpty else {
            path.verified = nil
            return
        }
        guard let changed = try? patientCase.applying(concrete.flatMap(\.edits), vocabulary: compiled.policy.vocabulary),
              let redecided = try? compiled.decideCore(changed) else {
            path.verified = concrete.count == path.changes.count ? false : nil
            return
        }
        let waits = path.changes.contains { $0.criterion == CoverageChange.waitCriterion }
        let success = redecided.kind == .covered || (waits && redecided.kind == .partiallyCovered)
        if concrete.count < path.changes.count {
            guard success else {
                path.verified = nil
                return
            }
            path.changes = concrete
        }
        path.verifiedDecision = redecided.kind
        path.verified = success
    }
}

extension CoveragePath {
    /// One sentence in plain words: "Covered if the record documents: age of at least 18 (the
    /// record shows 16)."
    public var sentence: String { sentence(describing: \.words) }

    /// The sentence with each change in the words `describe` gives it: actions as
    /// "Covered if: …", clinical facts as "Covered if the record documents: …", and a path
    /// needing both as "Covered if the record documents: …; and: …".
    public func sentence(describing describe: (CoverageChange) -> String) -> String {
        func joined(_ parts: [String]) -> String {
            switch parts.count {
            case 0: return "nothing changes"
            case 1: return parts[0]
            default: return parts.dropLast().joined(separator: "; ") + "; and " + (parts.last ?? "")
            }
        }
        let facts = changes.filter { !$0.isAction }.map(describe)
        let actions = changes.filter(\.isAction).map(describe)
        let waits = changes.contains { $0.criterion == CoverageChange.waitCriterion }
        let covered = waits ? "Next session covered if" : "Covered if"
        if facts.isEmpty { return "\(covered): \(joined(actions))." }
        let documented = "\(covered) the record documents: \(joined(facts))"
        return actions.isEmpty ? documented + "." : documented + "; and: \(joined(actions))."
    }

    /// A `paths_to_coverage` entry (the schema is in `Decision+JSON.swift`).
    public var json: JSONValue { JSONValueSink.build { write(to: &$0) } }
}

extension CoverageChange {
    /// The schema is in `Decision+JSON.swift`.
    public var json: JSONValue { JSONValueSink.build { write(to: &$0) } }
}
