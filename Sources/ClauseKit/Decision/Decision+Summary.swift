extension Decision {
    /// The decision in one or two plain sentences, for a patient or a billing office.
    public var summary: String {
        let costText: String
        if let cost, !cost.ifRequirementsMet {
            costText = " You pay \(cost.patientPays.dollars), the plan pays \(cost.planPays.dollars)."
        } else {
            costText = ""
        }
        switch kind {
        case .covered:
            return "Covered: \(coveredSessions) of \(requestedSessions) \(sessionWord(requestedSessions)).\(costText)"
        case .partiallyCovered:
            var s: String
            if coveredSessions < requestedSessions {
                s = "Partially covered: \(coveredSessions) of \(requestedSessions) \(sessionWord(requestedSessions)).\(costText)"
                if let binding = sessionLimits.filter({ $0.applies && $0.remaining < requestedSessions }).min(by: { $0.remaining < $1.remaining }) {
                    s += " The limit '\(binding.text)' (line \(binding.line)) allows \(binding.remaining) more now."
                }
            } else if let cut = benefitMaximums.min(by: { $0.remaining < $1.remaining }), let cost {
                s = "Partially covered: all \(requestedSessions) \(sessionWord(requestedSessions)), but the benefit maximum "
                    + "'\(cut.text)' (line \(cut.line)) had \(cut.remaining.dollars) left, so the plan pays "
                    + "\(cost.planPays.dollars) and you pay \(cost.patientPays.dollars)."
            } else {
                s = "Partially covered.\(costText)"
            }
            if let next = nextCoverableDate { s += " More sessions can be covered from \(next)." }
            return s
        case .pending:
            let n = unmet.count
            var s = "Pending: eligible, but \(n) \(n == 1 ? "requirement is" : "requirements are") not met yet: "
                + unmet.map(\.text).joined(separator: "; ") + "."
            if let cost { s += " Once met, you would pay \(cost.patientPays.dollars) and the plan \(cost.planPays.dollars)." }
            return s
        case .needsInformation:
            return "Needs information: the decision depends on facts the case does not give: "
                + missing.joined(separator: ", ") + "."
        case .denied:
            var s = "Denied: " + denialReason
            if let cost, cost.patientPays.cents > 0 {
                s += " If you go ahead, you pay \(cost.patientPays.dollars); the plan pays nothing."
            }
            return s
        }
    }

    func sessionWord(_ n: Int) -> String { n == 1 ? "session" : "sessions" }

    /// Why a denial happened, citing the rule and its line.
    public var denialReason: String {
        func ruleName(_ r: RuleTrace) -> String {
            "'\(r.title ?? "\(r.kind.rawValue) rule")' (line \(r.line))"
        }
        let deciding = reasons.filter { decidingRules.contains($0.rule) }
        switch denialKind {
        case .policyNotInEffect?:
            if let e = effective, requestDate < e {
                return "the policy takes effect on \(e); the request date \(requestDate) is before it."
            }
            return "the policy expired on \(expires.map(\.description) ?? "?"); the request date is \(requestDate)."
        case .excluded?:
            guard let r = deciding.first else { return "excluded." }
            let why = r.when.trueLabels
            return "excluded by \(ruleName(r))" + (why.isEmpty ? "." : ": " + why.joined(separator: ", ") + ".")
        case .experimental?:
            guard let r = deciding.first else { return "the policy considers the treatment experimental or investigational." }
            let why = r.when.trueLabels
            return "the policy considers \(treatmentDisplayName) experimental or investigational here, by \(ruleName(r))"
                + (why.isEmpty ? "." : ": " + why.joined(separator: ", ") + ".")
        case .authorizationDenied?:
            return "the prior authorization this treatment requires was denied by the plan"
                + (deciding.first.map { " (required by \(ruleName($0)))" } ?? "") + "; an appeal of that denial is the way forward."
        case .noCoverageRule?:
            if let course, reasons.isEmpty || !reasons.contains(where: { $0.kind == .cover }) {
                return "the policy has no rule that covers \(treatmentDisplayName) for \(course.review == .initial ? "an initial" : "a continuation") request."
            }
            return "the policy has no rule that covers \(treatmentDisplayName)."
        case .criteriaNotMet?:
            let parts = deciding.map { r -> String in
                let failed = r.when.falseLabels
                return ruleName(r) + (failed.isEmpty ? "" : ": " + failed.joined(separator: "; "))
            }
            return "criteria not met for " + parts.joined(separator: "; nor for ") + "."
        case .tierNotCovered?:
            return "the plan does not cover care on the provider's network tier (\(tier ?? "unknown"))."
        case .limitReached?:
            var s: String
            if let exhausted = benefitMaximums.first(where: { $0.remaining.cents <= 0 }) {
                s = "the benefit maximum '\(exhausted.text)' (line \(exhausted.line)) is used up (\(exhausted.alreadyPaid.dollars) paid)."
            } else if let cap = sessionLimits.first(where: { $0.applies && $0.remaining == 0 }) {
                s = "the limit '\(cap.text)' (line \(cap.line)) is reached: \(cap.used) \(sessionWord(cap.used)) since \(cap.windowStart)."
            } else if let dose = doseLimits.first(where: { $0.sessionsAllowed == 0 }) {
                s = "the dose limit '\(dose.text)' (line \(dose.line)) is reached: \(dose.used) mg given since \(dose.windowStart)"
                    + (dose.dose.map { ", and a session of \($0) mg does not fit in the \(dose.remaining) mg left." } ?? ".")
            } else {
                s = "the limits allow no session now."
            }
            if let next = nextCoverableDate { s += " The next session can be covered from \(next)." }
            return s
        case nil:
            return "denied."
        }
    }
}

extension CriterionTrace {
    /// Labels (or source text) of the leaf criteria that were true: what made a deny apply.
    var trueLabels: [String] { leaves(where: .true) }
    /// Labels of the leaf criteria that were false: what a cover rule lacked.
    var falseLabels: [String] { leaves(where: .false) }

    public var displayName: String { label ?? define ?? source }

    func leaves(where truth: Truth) -> [String] {
        guard outcome == truth else { return [] }
        if children.isEmpty { return [displayName] }
        // In an `any` block that is false, or an `all` block that is true, every entry shares the outcome.
        let matching = children.filter { $0.outcome == truth }
        let nested = matching.flatMap { $0.leaves(where: truth) }
        return nested.isEmpty ? [displayName] : nested
    }
}
