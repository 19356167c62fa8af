import Foundation

/// The reason given and the answer to it, the documents to attach, and the deadlines.
extension AppealLetter {
    func reasonSection() -> String {
        let d = decision
        var out: String
        switch d.denialKind {
        case .experimental?: out = "\n## The reason given, and why the treatment is medically necessary\n\n"
        case .authorizationDenied?: out = "\n## The reason given, and why the authorization should be approved\n\n"
        default: out = "\n## The reason given, and why the case meets the policy\n\n"
        }
        switch (d.kind, d.denialKind) {
        case (.denied, .excluded?):
            for r in d.decidingRules {
                let rule = policy.rules[r]
                guard let trace = d.reasons.first(where: { $0.rule == r }) else { continue }
                let applied = trace.when.children.isEmpty ? [trace.when] : trace.when.children.filter { $0.outcome == .true }
                out += "The plan applied the exclusion \"\(rule.title ?? "deny \(d.treatment)")\" (policy line \(rule.line)) because of: "
                out += applied.map { "\(cite($0))" + (AppealLetter.evidence($0).map { "; the case shows \($0)" } ?? "") }
                    .joined(separator: "; ") + ".\n\n"
                if let unless = trace.unless {
                    out += "The exclusion does not apply when \(cite(unless)) holds.\n\n"
                }
            }
            out += answer(intro: "The exclusion does not apply once the records document the following; for each, the clinician fills in "
                + "what the records show or removes it:")
        case (.denied, .experimental?):
            out += experimentalReason()
        case (.denied, .authorizationDenied?):
            out += authorizationDeniedReason()
        case (.denied, .criteriaNotMet?):
            out += "The plan found the coverage criteria not met; the criteria it found unmet are listed above. "
            out += answer(intro: "Under the policy's own terms the treatment is covered once the records document the following; "
                + "for each, the clinician fills in what the records show or removes it:")
        case (.denied, .policyNotInEffect?):
            out += "The plan found the policy not in effect on the request date \(d.requestDate)"
            if let e = d.effective { out += " (effective \(e)" + (d.expires.map { ", expires \($0)" } ?? "") + ")" }
            out += ". [Explain which policy applied on the date of service, or that the service date differs.]\n"
        case (.denied, .tierNotCovered?):
            out += "The plan does not cover care on the provider's network tier (\(d.tier.map(CoverageWords.tier) ?? "unknown")). "
            out += "I ask for a network exception: [explain why no covered provider can give this treatment in reasonable time and distance].\n\n"
            out += answer(intro: "Alternatively, the policy covers the treatment with the following:")
        case (.denied, .limitReached?):
            let binding = d.sessionLimits.filter { $0.applies && $0.remaining == 0 }.map { "'\($0.text)' (policy line \($0.line))" }
            let maxima = d.benefitMaximums.filter { $0.remaining.cents <= 0 }.map { "'\($0.text)' (policy line \($0.line))" }
            let doses = d.doseLimits.filter { $0.applies && $0.sessionsAllowed == 0 }.map { "'\($0.text)' (policy line \($0.line))" }
            let reached = binding + maxima + doses
            out += "The plan found the \(Plural.word(reached.count, "limit")) " + reached.joined(separator: " and ") + " reached. "
            out += "I ask for an exception to the limit on grounds of medical necessity: [describe the response so far and why "
            out += "interrupting treatment now would harm the member].\n"
            if let next = d.nextCoverableDate { out += "\nWithout an exception, the policy covers the next session from \(next).\n" }
        case (.denied, .noCoverageRule?):
            out += "The policy has no rule that covers \(d.treatmentDisplayName). I ask for coverage as a medically necessary "
            out += "exception: [explain why covered alternatives have failed or are unsuitable, citing the enclosed records].\n"
        case (.pending, _):
            out += "The plan found the member eligible but left the request pending until these requirements are met:\n\n"
            for u in d.unmet { out += "- \(u.text) (policy line \(u.line)): \(enclosure(u))\n" }
        case (.partiallyCovered, _):
            out += "The plan covered \(d.coveredSessions) of the \(d.requestedSessions) \(Plural.word(d.requestedSessions, "session")) requested. "
            out += "I ask for an exception covering the remaining sessions on grounds of medical necessity: [describe].\n"
            if let next = d.nextCoverableDate { out += "\nWithout an exception, the policy covers further sessions from \(next).\n" }
        default:
            out += "> \(d.summary)\n"
        }
        return out
    }

    /// An experimental denial: the evidence and the medical necessity for this member, with
    /// placeholders for the clinician. It is a judgement about evidence; the letter claims
    /// nothing about the member's health that the case does not show.
    func experimentalReason() -> String {
        let d = decision
        var out = ""
        for r in d.decidingRules {
            let rule = policy.rules[r]
            guard let trace = d.reasons.first(where: { $0.rule == r }) else { continue }
            let applied = trace.when.children.isEmpty ? [trace.when] : trace.when.children.filter { $0.outcome == .true }
            out += "The plan denied the request as experimental or investigational under its policy statement "
            out += "\"\(rule.title ?? "deny \(d.treatment)")\" (policy line \(rule.line)), because of: "
            out += applied.map { "\(cite($0))" + (AppealLetter.evidence($0).map { "; the case shows \($0)" } ?? "") }
                .joined(separator: "; ") + ". "
            out += "That is a judgement about the evidence for \(d.treatmentDisplayName)"
            out += (d.indication.map { " in this use (diagnosis \($0))" } ?? " in this use") + ", not a finding about the member's health.\n\n"
            if let unless = trace.unless, unless.outcome != .true {
                out += "The policy does not apply it when \(cite(unless)) holds. "
                out += "[If this applies to the member, say so and enclose the proof; otherwise delete this paragraph.]\n\n"
            }
        }
        if let rule = nearestCoverRule {
            out += "The member meets the criteria of the policy's rule \"\(rule.title ?? "cover \(d.treatment)")\" (line \(rule.line)), "
            out += "listed above.\n\n"
        }
        out += "I ask the plan to review that judgement for this member: the treatment is medically necessary for them, "
        out += "and the evidence supports it in this use.\n\n"
        out += "- **Evidence for this use:** [cite the peer-reviewed studies, clinical guidelines or compendia that support "
        out += "\(d.treatmentDisplayName)" + (d.indication.map { " for \($0)" } ?? "") + "; enclose copies].\n"
        out += "- **Treatments already tried:** [list each earlier treatment with its dates, dose, duration and response, "
        out += "and why it failed or was not tolerated].\n"
        out += "- **Why covered alternatives are unsuitable:** [explain, citing the enclosed records].\n"
        out += "- **Treatment plan:** [the planned sessions, how response will be measured, and when treatment stops if it does not help].\n"
        return out
    }

    /// A denied prior authorization under the satisfied cover rule: the criteria found true
    /// are listed above; the denial of the authorization is what is appealed.
    func authorizationDeniedReason() -> String {
        let d = decision
        var out = "The plan denied the prior authorization"
        if let rule = nearestCoverRule {
            out += " that its rule \"\(rule.title ?? "cover \(d.treatment)")\" (policy line \(rule.line)) requires"
            if let pa = rule.requirements.first(where: { if case .priorAuthorization = $0 { return true } else { return false } }) {
                out += " (policy line \(policy.source.line(of: pa.span)))"
            }
            let met = d.reasons.first { $0.rule == rule.index }?.outcome == .true
            out += met ? ". Under the policy's own terms the member meets that rule's coverage criteria, as listed above.\n\n" : ".\n\n"
        } else {
            out += " this treatment requires.\n\n"
        }
        out += "I appeal the denial of the prior authorization [reference number ___, dated ___].\n\n"
        out += "- **The reason the plan gave for denying the authorization:** [quote it from the plan's notice; if the notice "
        out += "does not give it, ask the plan for it in writing].\n"
        out += "- **Why that reason does not hold for this member:** [answer it, citing the enclosed records].\n"
        return out
    }

    /// The lead-in, then the changes of the smallest path to coverage, one per line. A change
    /// to a fact is never claimed: it becomes a placeholder naming the criterion it answers, by
    /// that criterion's label and line (`cite`); the other changes (a requirement, the network
    /// tier, a date, fewer sessions) are things to do, in words.
    func answer(intro: String) -> String {
        guard let path = argued else {
            return "[Explain why the decision should be reversed, citing the enclosed records.]\n"
        }
        var out = intro + "\n\n"
        var done = Set<String>()
        for c in path.changes {
            let item: String
            switch c.kind {
            case .fact, .missingFact:
                if let (criterion, holds) = criterion(answering: c) {
                    item = AppealLetter.placeholder(holds ? "that the member meets: \(cite(criterion))"
                                                          : "that this does not apply to the member: \(cite(criterion))")
                } else {
                    item = AppealLetter.placeholder("that \(AppealLetter.words(decision.describe(c)))"
                                                    + (c.line.map { " (policy line \($0))" } ?? ""))
                }
            case .requirement, .network, .date, .sessions:
                item = AppealLetter.words(decision.describe(c)) + (c.line.map { " (policy line \($0))" } ?? "")
            }
            if done.insert(item).inserted { out += "- \(item)\n" }
        }
        return out
    }

    /// The top-level criterion of the path's cover rule or of a deciding deny rule that a
    /// change answers (matched by label or source, or by line, through its entries), and
    /// whether it must hold (a cover criterion, an exclusion's `unless`) or must not (an
    /// exclusion's criterion).
    func criterion(answering change: CoverageChange) -> (CriterionTrace, Bool)? {
        var candidates: [(CriterionTrace, Bool)] = []
        for r in decision.decidingRules + [nearestCoverRule?.index, argued?.rule].compactMap({ $0 }) {
            guard let trace = decision.reasons.first(where: { $0.rule == r }) else { continue }
            let isDeny = trace.kind != .cover
            let w = trace.when
            let tops = isDeny && w.block != nil && w.label == nil && w.define == nil ? w.children : trace.topCriteria
            candidates += tops.map { ($0, !isDeny) }
            if let unless = trace.unless { candidates.append((unless, true)) }
        }
        func matches(_ t: CriterionTrace, byLine: Bool) -> Bool {
            if let name = change.criterion, name == t.label || name == t.source { return true }
            if byLine, let line = change.line, line == t.line { return true }
            return t.children.contains { matches($0, byLine: byLine) }
        }
        guard let (found, holds) = candidates.first(where: { matches($0.0, byLine: false) }) ?? candidates.first(where: { matches($0.0, byLine: true) })
        else { return nil }
        // An unlabelled block is named by the entry the change answers.
        var t = found
        while t.label == nil, t.block != nil, let child = t.children.first(where: { matches($0, byLine: false) })
                ?? t.children.first(where: { matches($0, byLine: true) }) {
            t = child
        }
        return (t, holds)
    }

    func enclosure(_ u: UnmetRequirement) -> String {
        switch u.kind {
        case .priorAuthorization: return "the prior authorization request is enclosed [or: approval number ___]"
        case .referral: return "the referral from the member's primary care provider is enclosed"
        case .document: return "enclosed"
        }
    }

    // MARK: Documents

    /// The documents the rule requires, plus records that support each criterion, by what it reads.
    public var documents: [String] {
        var docs: [String] = ["A copy of the plan's notice of \(decision.kind == .pending ? "the pending decision" : "denial") dated \(noticeDate)",
                              "A letter of medical necessity from the prescribing clinician"]
        func add(_ s: String) {
            let wanted = s.lowercased()
            guard !docs.contains(where: { $0.lowercased().contains(wanted) }) else { return }
            docs.append(s.prefix(1).uppercased() + s.dropFirst())
        }
        if let rule = nearestCoverRule {
            for r in rule.requirements {
                switch r {
                case .document(let doc): add(doc.value)
                case .priorAuthorization:
                    add(decision.denialKind == .authorizationDenied
                        ? "The plan's notice denying the prior authorization, and the authorization request it answers"
                        : "The prior authorization request or approval")
                case .referral: add("The referral from the member's primary care provider")
                }
            }
            var paths: [String] = []
            func visit(_ t: CriterionTrace) { paths += t.values.map(\.path); t.children.forEach(visit) }
            if let trace = decision.reasons.first(where: { $0.rule == rule.index }) { visit(trace.when) }
            for p in paths {
                if p == "diagnoses" || p.hasPrefix("fda status") { add("Chart notes with the diagnosis and its ICD-10-CM code") }
                else if p.hasPrefix("history.trials") || p.hasPrefix("history.failed") {
                    add("A table of earlier antidepressant trials: drug, dose, dates, duration and response on a validated scale")
                } else if p.hasPrefix("scores.") { add("Severity scores (PHQ-9, MADRS or HAM-D) with their dates") }
                else if p.hasPrefix("medications.") { add("The current medication list") }
                else if p.hasPrefix("provider.rems") { add("The treating site's REMS certification") }
                else if p.hasPrefix("patient.") { add("Member demographics and relevant history (\(AppealLetter.words(p)))") }
                else if p.hasPrefix("history.") { add("Records of \(AppealLetter.words(p))") }
            }
        }
        if decision.kind == .denied && decision.denialKind == .tierNotCovered { add("A list of in-network providers contacted, with dates and replies") }
        if decision.kind == .denied && decision.denialKind == .experimental {
            add("Peer-reviewed evidence for the treatment in this use (studies, guidelines) [chosen by the clinician]")
            add("Records of the treatments already tried: drug or therapy, dose, dates, duration and response")
        }
        return docs
    }

    func documentsSection() -> String {
        "\n## Documents to attach\n\n" + documents.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n") + "\n"
    }

    // MARK: Deadlines

    func deadlinesSection() -> String {
        let a = policy.appeals
        func source(_ t: AppealTerms.Term) -> String { t.line.map { "policy line \($0)" } ?? "ACA default" }
        var out = "\n## Deadlines\n\n"
        out += "- **File this appeal** within \(a.fileWithin.period) of the notice"
        if let by = a.fileWithin.period.deadline(from: noticeDate) { out += ": by \(by) for a notice dated \(noticeDate)" }
        out += " (\(source(a.fileWithin))).\n"
        out += "- **Urgent (expedited) appeal:** the plan decides within \(a.urgentDecision.period) (\(source(a.urgentDecision))); "
        out += "ask for it when waiting could seriously jeopardise the member's life, health or ability to regain maximum function.\n"
        out += "- **Standard pre-service appeal:** the plan decides within \(a.standardDecision.period) of receiving it (\(source(a.standardDecision))).\n"
        if let ext = a.externalReview {
            out += "- **External review:** may be requested within \(ext.period) of a final internal denial (\(source(ext))).\n"
        } else {
            out += "- **External review:** if the internal appeal is denied, the member may ask for an independent external review; the final notice gives the deadline.\n"
        }
        return out
    }
}
