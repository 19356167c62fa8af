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
            return "Covered: \(coveredSessions) of \(requestedSessions) \(Plural.word(requestedSessions, "session")).\(costText)"
        case .partiallyCovered:
            var s: String
            if coveredSessions < requestedSessions {
                s = "Partially covered: \(coveredSessions) of \(requestedSessions) \(Plural.word(requestedSessions, "session")).\(costText)"
                let cap = sessionLimits.filter({ $0.applies && $0.remaining < requestedSessions }).min(by: { $0.remaining < $1.remaining })
                let dose = doseLimits.filter { $0.applies && ($0.sessionsAllowed ?? Int.max) < requestedSessions }
                    .min { ($0.sessionsAllowed ?? Int.max) < ($1.sessionsAllowed ?? Int.max) }
                if let dose, let allowed = dose.sessionsAllowed, let mg = dose.dose, allowed < (cap?.remaining ?? Int.max) {
                    s += " The dose limit '\(dose.text)' (line \(dose.line)) has \(dose.remaining) mg left: room for \(allowed) more "
                        + "\(Plural.word(allowed, "session")) of \(mg) mg now."
                } else if let binding = cap {
                    s += " The limit '\(binding.text)' (line \(binding.line)) allows \(binding.remaining) more now."
                }
            } else if let cut = benefitMaximums.min(by: { $0.remaining < $1.remaining }), let cost {
                s = "Partially covered: all \(requestedSessions) \(Plural.word(requestedSessions, "session")), but the benefit maximum "
                    + "'\(cut.text)' (line \(cut.line)) had \(cut.remaining.dollars) left, so the plan pays "
                    + "\(cost.planPays.dollars) and you pay \(cost.patientPays.dollars)."
            } else {
                s = "Partially covered.\(costText)"
            }
            if let next = nextCoverableDate { s += " More sessions can be covered from \(next)." }
            return s
        case .pending:
            let n = unmet.count
            var s = "Pending: eligible, but \(Plural.count(n, "requirement")) \(Plural.word(n, "is", "are")) not met yet: "
                + unmet.map(\.text).joined(separator: "; ") + "."
            if let cost { s += " Once met, you would pay \(cost.patientPays.dollars) and the plan \(cost.planPays.dollars)." }
            if let dose = doseNeedSentence(costMissing) { s += " How many sessions can be covered is not known yet: " + dose }
            return s
        case .needsInformation:
            var s = "Needs information: the decision depends on facts the case does not give: "
                + (Listing.head(missing) + [Listing.rest(missing.count, "fact")].compactMap { $0 }).joined(separator: ", ") + "."
            if let dose = doseNeedSentence(missing) { s += " " + dose.prefix(1).uppercased() + dose.dropFirst() }
            return s
        case .denied:
            var s = "Denied: " + denialReason
            if let cost, cost.patientPays.cents > 0 {
                s += " If you go ahead, you pay \(cost.patientPays.dollars); the plan pays nothing."
            }
            return s
        }
    }

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
            // A statement about the evidence for the treatment in this use, not about the patient.
            let use = indication.map { " for this use (diagnosis \($0))" } ?? " for this use"
            var s = "the plan's policy treats \(treatmentDisplayName) as experimental or investigational\(use)"
            if let r = deciding.first {
                let why = r.when.trueLabels
                s += ", under \(ruleName(r))" + (why.isEmpty ? "" : ": " + why.joined(separator: ", "))
            }
            return s + ". This is a judgement about the evidence for the treatment, not about your health."
        case .authorizationDenied?:
            guard let r = deciding.first else {
                return "the plan denied the prior authorization this treatment requires; the next step is to appeal that denial."
            }
            return "the plan denied the prior authorization that \(ruleName(r)) requires. The rule's coverage criteria are met, "
                + "so the next step is to appeal the prior-authorization denial."
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
            return "the plan does not cover care on the provider's network tier (\(tier.map(CoverageWords.tier) ?? "unknown"))."
        case .limitReached?:
            var s: String
            if let exhausted = benefitMaximums.first(where: { $0.remaining.cents <= 0 }) {
                s = "the benefit maximum '\(exhausted.text)' (line \(exhausted.line)) is used up (\(exhausted.alreadyPaid.dollars) paid)."
            } else if let cap = sessionLimits.first(where: { $0.applies && $0.remaining == 0 }) {
                s = "the limit '\(cap.text)' (line \(cap.line)) is reached: \(cap.used) \(Plural.word(cap.used, "session")) counted after \(cap.windowStart) through \(cap.windowEnd)."
            } else if let dose = doseLimits.first(where: { $0.applies && $0.sessionsAllowed == 0 }) {
                s = "the dose limit '\(dose.text)' (line \(dose.line)) is reached: \(dose.used) mg given after \(dose.windowStart)"
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

// MARK: - Dose limits that need a dose

extension Decision {
    /// Whether `path` is a dose the dose limits need: `request.dose_mg` or `sessions[i].dose_mg`.
    public static func isDosePath(_ path: String) -> Bool {
        path == "request.dose_mg" || (path.hasPrefix("sessions[") && path.hasSuffix("].dose_mg"))
    }

    /// `'168 mg per 7 days during weeks 1-4' (line 24)`, joined with "and".
    static func doseLimitNames(_ checks: [DoseLimitCheck]) -> String {
        let names = checks.map { "'\($0.text)' (line \($0.line))" }
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Why the dose paths among `paths` are needed, in one or two sentences (lower-case start),
    /// or nil when none is a dose. Without the case, a past session's dose is attributed to a
    /// named limit only when one dose limit alone counts past sessions.
    func doseNeedSentence(_ paths: [String]) -> String? {
        let forRequest = paths.contains("request.dose_mg") ? doseLimits.filter { $0.applies && $0.dose == nil } : []
        let sessionPaths = paths.filter { $0 != "request.dose_mg" && Decision.isDosePath($0) }
        let counting = sessionPaths.isEmpty ? [] : doseLimits.filter { $0.sessionsCounted > 0 }
        let lacks = "the case lacks " + sessionPaths.joined(separator: ", ")
        func limits(_ checks: [DoseLimitCheck]) -> String {
            "the dose \(Plural.word(checks.count, "limit")) \(Decision.doseLimitNames(checks))"
        }
        var parts: [String] = []
        if counting.count == 1, let only = counting.first, forRequest.map(\.line) == [only.line] {
            parts.append(limits([only]) + " needs the dose of each requested session (request.dose_mg) and of each past session "
                + "in its window: " + lacks)
        } else {
            if !forRequest.isEmpty {
                parts.append(limits(forRequest) + " \(Plural.word(forRequest.count, "needs", "need")) the dose of each requested session (request.dose_mg)")
            }
            if counting.count == 1, let only = counting.first {
                parts.append(limits([only]) + " adds up the dose of each past session in its window, and " + lacks)
            } else if !sessionPaths.isEmpty {
                parts.append("dose limits add up the dose of each past session in their windows, and " + lacks)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ") + "."
    }

    /// The dose limits that need the dose at `path` (`request.dose_mg`, `sessions[i].dose_mg`)
    /// and lack it: what the limit calculation recorded (`DoseLimitCheck.missingDoses`).
    public func doseLimitsNeeding(_ path: String) -> [DoseLimitCheck] {
        doseLimits.filter { $0.missingDoses.contains(path) }
    }

    /// The paths to coverage worth showing: those that change something.
    public var shownPathsToCoverage: [CoveragePath] {
        (pathsToCoverage ?? []).filter { !$0.changes.isEmpty }
    }

    /// A change of a path to coverage in words. After a denied prior authorization the
    /// authorization is not merely missing: the plan's denial must be reversed.
    public func describe(_ change: CoverageChange) -> String {
        if denialKind == .authorizationDenied, change.kind == .requirement, change.path == "authorization.prior_authorization" {
            return "the plan's denial of the prior authorization reversed on appeal (it is denied now)"
        }
        return change.words
    }

    /// `CoveragePath.sentence` with each change in the words of `describe(_:)`.
    public func sentence(of path: CoveragePath) -> String {
        path.sentence(describing: describe)
    }
}

extension DoseLimitCheck {
    /// The limit as applied, in words, and whether the requested sessions fit (unknown when a
    /// dose it needs is missing); `requested`: the sessions requested.
    public func status(requested: Int) -> (fits: Truth, text: String) {
        let unknownDoses = missingDoses.filter { $0 != "request.dose_mg" }
        let mg = "\(unknownDoses.isEmpty ? "" : "at least ")\(used) mg given after \(windowStart) through \(windowEnd)"
        if !unknownDoses.isEmpty {
            let sessions = unknownDoses.map { $0.hasSuffix(".dose_mg") ? String($0.dropLast(".dose_mg".count)) : $0 }.joined(separator: ", ")
            if used == 0 {
                return (.unknown, "no dose_mg for \(sessions) in the window after \(windowStart) through \(windowEnd), "
                    + "so the mg used and left are not known")
            }
            return (.unknown, mg + " (no dose_mg for " + sessions + "), so the mg left are not known")
        }
        var text = mg + ", \(remaining) mg left"
        guard let dose, let allowed = sessionsAllowed else {
            return (.unknown, text + "; the dose of each requested session (request.dose_mg) is needed")
        }
        if allowed >= requested {
            text += "; \(Plural.count(requested, "session")) of \(dose) mg \(Plural.word(requested, "fits", "fit"))"
            return (.true, text)
        }
        text += allowed == 0
            ? "; no room for a session of \(dose) mg"
            : "; room for \(allowed) of the \(requested) requested \(Plural.word(requested, "session")) of \(dose) mg"
        return (.false, text)
    }
}

extension CriterionTrace {
    /// Labels (or source text) of the leaf criteria that were true: what made a deny apply.
    public var trueLabels: [String] { leaves(where: .true) }
    /// Labels of the leaf criteria that were false: what a cover rule lacked. The alternatives
    /// of a false `any` group are one item, "one of: A, B or C", and those of a false `at least
    /// N of` group "at least N of: A, B or C" (the entries not met, N less those met: "at least
    /// 1 more of: …"), so no alternative reads as required. Summaries, text and HTML use this.
    public var falseLabels: [String] { leaves(where: .false) }

    /// The criterion's label, else its define's name, else its source; an unlabelled FDA test
    /// is said in words ("FDA status off-label for this use"), never as `fda off_label`.
    public var displayName: String {
        if let name = label ?? define { return name }
        let parts = source.split(separator: " ")
        if parts.count == 2, parts[0] == "fda", let status = FDAStatus(rawValue: String(parts[1])) {
            return "FDA status \(CoverageWords.fda(status)) for this use"
        }
        return source
    }

    func leaves(where truth: Truth) -> [String] {
        guard outcome == truth else { return [] }
        if children.isEmpty { return [displayName] }
        if truth == .false, let group = alternatives { return [group] }
        // In an `any` block that is false, or an `all` block that is true, every entry shares the outcome.
        let matching = children.filter { $0.outcome == truth }
        let nested = matching.flatMap { $0.leaves(where: truth) }
        return nested.isEmpty ? [displayName] : nested
    }

    /// A false `any` or `at least N of` group (N below its entry count) as one item: "one of: A,
    /// B or C", "at least 2 of: A, B or C", or "at least 1 more of: B or C" when some are met.
    /// nil for other criteria. An entry that is itself a group is named by its label, else by
    /// what it lacked ("A and B").
    var alternatives: String? {
        let needed: Int
        switch block {
        case .any?: needed = 1
        case .atLeast(let n)? where n < children.count: needed = n
        default: return nil
        }
        let met = children.filter { $0.outcome == .true }.count
        let open = children.filter { $0.outcome != .true }.map { c -> String in
            if c.label != nil || c.children.isEmpty { return c.displayName }
            let lacked = c.leaves(where: .false)
            return lacked.isEmpty ? c.displayName : lacked.joined(separator: " and ")
        }
        guard !open.isEmpty else { return nil }
        let list = open.count == 1 ? open[0] : open.dropLast().joined(separator: ", ") + " or " + (open.last ?? "")
        let count = needed - met
        if needed == 1 { return open.count == 1 ? list : "one of: " + list }
        return met == 0 ? "at least \(count) of: \(list)" : "at least \(count) more of: \(list)"
    }
}
