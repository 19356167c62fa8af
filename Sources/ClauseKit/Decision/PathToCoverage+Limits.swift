import Foundation

/// When the next session becomes coverable, found by trying the case on later dates.
extension CriterionSolver {
    /// The sessions covered now, as past sessions on the request date (with what the plan pays
    /// for them, which a benefit maximum counts).
    func sessionsTakenNow(_ decision: Decision) -> [CaseEdit] {
        guard decision.coveredSessions > 0 else { return [] }
        let name = policy.treatments[patientCase.request.treatment].name
        let date = patientCase.request.date.description
        var edits: [CaseEdit] = []
        for i in 0..<decision.coveredSessions {
            var session: [(String, JSONValue)] = [("treatment", .string(name)), ("date", .string(date))]
            let paid = decision.cost?.sessions.first { $0.number == i + 1 }?.planPays
            session.append(("plan_paid", .money(paid ?? .zero)))
            edits.append(.append(["sessions"], .obj(session)))
        }
        return edits
    }

    /// The first date after the request on which the limits allow a session again (with the
    /// sessions covered now taken): session windows, phases and benefit maximums all agree then.
    /// Tries each day up to two years ahead; nil when none. Returns the case as changed and its
    /// decision, which may still be pending (an authorization that expires while waiting).
    func firstCoverableDate(_ decision: Decision) -> (Day, PatientCase, Decision)? {
        // Thousands of sessions taken at once would make each trial slow; such a request gets
        // no wait path (the smaller request still shows).
        guard decision.coveredSessions <= 400 else { return nil }
        let taken = sessionsTakenNow(decision)
        let start = patientCase.request.date
        for offset in 1...731 {
            guard let day = start.addingDays(offset) else { return nil }
            let edits = taken + [.set(["request", "date"], .string(day.description))]
            guard let changed = try? patientCase.applying(edits, vocabulary: policy.vocabulary),
                  let d = try? DecisionEngine.decideCore(policy, changed) else { continue }
            let room = d.sessionLimits.filter(\.applies).allSatisfy { $0.remaining > 0 }
                && d.benefitMaximums.allSatisfy { $0.remaining.cents > 0 }
            if d.kind == .covered || d.kind == .partiallyCovered || (d.kind == .pending && room) {
                return (day, changed, d)
            }
        }
        return nil
    }

    /// The wait: the request dated on the first coverable date, and any requirement that
    /// lapses by then (a prior authorization that expires) met again.
    func waitChanges(_ decision: Decision) -> [CoverageChange]? {
        guard let (day, changed, later) = firstCoverableDate(decision) else { return nil }
        var text = "the request dated on or after \(day), when the next session becomes coverable"
        if decision.coveredSessions > 0 {
            let n = decision.coveredSessions
            text += " (counting the \(n) \(n == 1 ? "session" : "sessions") covered now as taken)"
        }
        var changes = [CoverageChange(kind: .date, text: text, criterion: "session limits", path: "request.date",
                                      edits: sessionsTakenNow(decision) + [.set(["request", "date"], .string(day.description))])]
        if later.kind == .pending, let r = later.decidingRules.first {
            let then = CriterionSolver(policy: policy, patientCase: changed)
            let tier = changed.network.flatMap { policy.tier(named: $0) }
            changes += then.requirementChanges(policy.rules[r], tier: tier)
        }
        return changes
    }
}
