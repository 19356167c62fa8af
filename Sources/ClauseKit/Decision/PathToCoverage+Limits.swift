import Foundation

/// When the next session becomes coverable: the decision's `nextCoverableDate`, tried on the case.
extension CriterionSolver {
    /// The sessions covered now, as past sessions on the request date (with what the plan pays
    /// for them, which a benefit maximum counts, and their dose, which a dose limit counts).
    func sessionsTakenNow(_ decision: Decision) -> [CaseEdit] {
        guard decision.coveredSessions > 0 else { return [] }
        let name = policy.treatments[patientCase.request.treatment].name
        let date = patientCase.request.date.description
        var edits: [CaseEdit] = []
        for i in 0..<decision.coveredSessions {
            var session: [(String, JSONValue)] = [("treatment", .string(name)), ("date", .string(date))]
            let paid = decision.cost?.sessions.first { $0.number == i + 1 }?.planPays
            session.append(("plan_paid", .money(paid ?? .zero)))
            if let dose = patientCase.request.dose { session.append(("dose_mg", .number(dose, text: "\(dose)"))) }
            edits.append(.append(["sessions"], .obj(session)))
        }
        return edits
    }

    /// The decision's next coverable date, with the case as it would be then (the sessions
    /// covered now taken, the request dated that day) and its decision, which may still be
    /// pending (an authorization that expires while waiting). Nil when there is no such date.
    func firstCoverableDate(_ decision: Decision) -> (Day, PatientCase, Decision)? {
        // Thousands of sessions taken at once would make the trial slow; such a request gets
        // no wait path (the smaller request still shows).
        guard decision.coveredSessions <= 400, let day = decision.nextCoverableDate else { return nil }
        let edits = sessionsTakenNow(decision) + [.set(["request", "date"], .string(day.description))]
        guard let changed = try? patientCase.applying(edits, vocabulary: policy.vocabulary),
              let later = try? compiled.decideCore(changed) else { return nil }
        return (day, changed, later)
    }

    /// The wait: the request dated on the first coverable date, and any requirement that
    /// lapses by then (a prior authorization that expires) met again.
    func waitChanges(_ decision: Decision) -> [CoverageChange]? {
        guard let (day, changed, later) = firstCoverableDate(decision) else { return nil }
        var text = "the request dated on or after \(day), when the next session becomes coverable"
        if decision.coveredSessions > 0 {
            let n = decision.coveredSessions
            text += " (counting the \(Plural.count(n, "session")) covered now as taken)"
        }
        var changes = [CoverageChange(kind: .date, text: text, criterion: CoverageChange.waitCriterion, path: "request.date",
                                      edits: sessionsTakenNow(decision) + [.set(["request", "date"], .string(day.description))])]
        if later.kind == .pending, let r = later.decidingRules.first {
            let then = CriterionSolver(compiled, patientCase: changed)
            let tier = changed.network.flatMap { policy.tier(named: $0) }
            changes += then.requirementChanges(policy.rules[r], tier: tier)
        }
        return changes
    }
}
