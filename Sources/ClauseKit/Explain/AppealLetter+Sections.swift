import Foundation

/// The reason given and the answer to it, the documents to attach, and the deadlines.
extension AppealLetter {
    func reasonSection() -> String {
        var out = "\n## The reason given, and why the case meets the policy\n\n"
        let d = decision
        switch (d.kind, d.denialKind) {
        case (.denied, .excluded?):
            for r in d.decidingRules {
                let rule = policy.rules[r]
                guard let trace = d.reasons.first(where: { $0.rule == r }) else { continue }
                let applied = trace.when.children.isEmpty ? [trace.when] : trace.when.children.filter { $0.outcome == .true }
                out += "The plan applied the exclusion \"\(rule.title ?? "deny \(d.treatment)")\" (policy line \(rule.line)) because of: "
                out += applied.map { "\(AppealLetter.name($0)) (line \($0.line); the case shows \(evidence($0)))" }.joined(separator: "; ") + ".\n\n"
                if let unless = rule.unless {
                    out += "The exclusion does not apply when \(unless.label ?? policy.source.text(unless.expr.span)) (line \(policy.source.line(of: unless.expr.span))).\n\n"
                }
            }
            out += answer(intro: "The exclusion does not apply once the following hold, as the enclosed records show:")
        case (.denied, .criteriaNotMet?):
            out += "The plan found the coverage criteria not met; the criteria it found unmet are listed above. "
            out += answer(intro: "Under the policy's own terms they are met with the following, as the enclosed records show:")
        case (.denied, .policyNotInEffect?):
            out += "The plan found the policy not in effect on the request date \(d.requestDate)"
            if let e = d.effective { out += " (effective \(e)" + (d.expires.map { ", expires \($0)" } ?? "") + ")" }
            out += ". [Explain which policy applied on the date of service, or that the service date differs.]\n"
        case (.denied, .tierNotCovered?):
            out += "The plan does not cover care on the provider's network tier (`\(d.tier ?? "unknown")`). "
            out += "I ask for a network exception: [explain why no covered provider can give this treatment in reasonable time and distance].\n\n"
            out += answer(intro: "Alternatively, the policy covers the treatment with the following:")
        case (.denied, .limitReached?):
            let binding = d.sessionLimits.filter { $0.applies && $0.remaining == 0 }.map { "'\($0.text)' (policy line \($0.line))" }
            let maxima = d.benefitMaximums.filter { $0.remaining.cents <= 0 }.map { "'\($0.text)' (policy line \($0.line))" }
            out += "The plan found the limit " + (binding + maxima).joined(separator: " and ") + " reached. "
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
            out += "The plan covered \(d.coveredSessions) of the \(d.requestedSessions) sessions requested. "
            out += "I ask for an exception covering the remaining sessions on grounds of medical necessity: [describe].\n"
            if let next = d.nextCoverableDate { out += "\nWithout an exception, the policy covers further sessions from \(next).\n" }
        default:
            out += "> \(d.summary)\n"
        }
        return out
    }

    /// The lead-in, then the changes of the smallest path to coverage, one per line.
    func answer(intro: String) -> String {
        guard let path = decision.pathsToCoverage?.first else {
            return "[Explain why the decision should be reversed, citing the enclosed records.]\n"
        }
        var out = intro + "\n\n"
        for c in path.changes { out += "- \(c.text)" + (c.line.map { " (policy line \($0))" } ?? "") + "\n" }
        return out
    }

    func enclosure(_ u: UnmetRequirement) -> String {
        switch u.kind {
        case .priorAuthorization: return "the prior authorization request is enclosed [or: approval number ___]"
        case .referral: return "the referral from the member's primary care provider is enclosed"
        case .document: return "enclosed"
        }
    }

    func evidence(_ c: CriterionTrace) -> String {
        let seen = c.values.map { "\($0.path) = \($0.value ?? "not given")" }
        return seen.isEmpty ? "it held" : seen.joined(separator: ", ")
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
        if let rule = coverRule {
            for r in rule.requirements {
                switch r {
                case .document(let doc): add(doc.value)
                case .priorAuthorization: add("The prior authorization request or approval")
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
                else if p.hasPrefix("patient.") { add("Member demographics and relevant history (\(p))") }
                else if p.hasPrefix("history.") { add("Records of \(p.dropFirst("history.".count).replacingOccurrences(of: "_", with: " "))") }
            }
        }
        if decision.kind == .denied && decision.denialKind == .tierNotCovered { add("A list of in-network providers contacted, with dates and replies") }
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
