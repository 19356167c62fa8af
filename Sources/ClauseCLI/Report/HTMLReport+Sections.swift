import ClauseKit

extension HTMLReport {
    /// Rows of the cost table shown; the totals always cover every session.
    static let maxCostRows = 100

    func mark(_ t: Truth) -> String {
        switch t {
        case .true: return "<span class=\"mark yes\" title=\"met\">✓</span>"
        case .false: return "<span class=\"mark no\" title=\"not met\">✗</span>"
        case .unknown: return "<span class=\"mark unknown\" title=\"unknown\">?</span>"
        }
    }

    var text: TextRenderer { TextRenderer(policy: policy, color: false) }

    // MARK: - What to do next

    /// The author's details, collapsed below the patient's part: what the case needs in the
    /// policy's terms, the criteria with their source text and values, the requirements, the
    /// limits, and the policy lines that decided it.
    func authorDetails() -> String {
        let d = decision
        var facts = "<p class=\"small\">Decision <code>\(HTML.escape(d.kind.rawValue))</code>"
            + (d.denialKind.map { ", denial kind <code>\(HTML.escape($0.rawValue))</code>" } ?? "")
            + (d.caseID.map { ", case <code>\(HTML.escape($0))</code>" } ?? "")
            + (d.indication.map { ", indication <code>\(HTML.escape($0))</code>" } ?? "")
            + (d.tier.map { ", tier <code>\(HTML.escape($0))</code>" } ?? "") + ".</p>\n"
        if !d.costMissing.isEmpty {
            facts += "<p class=\"small\">The cost needs " + d.costMissing.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ") + ".</p>\n"
        }
        let inner = facts + nextSteps() + checklist() + requirementsSection() + limitsSection() + decidingText() + fullPolicy()
        return "<details class=\"author\">\n<summary>Details for the policy's author: rules, criteria, values seen, policy text</summary>\n"
            + inner + "</details>\n"
    }

    func nextSteps() -> String {
        let d = decision
        var items: [String] = []
        func todo(_ html: String) { items.append("<li><span class=\"box\">☐</span> \(html)</li>") }
        switch d.kind {
        case .needsInformation:
            let readers = text.criteriaReading(d)
            for path in Listing.head(d.missing) {
                let users = text.neededFor(path, in: d, readers: readers)
                todo("<code>\(HTML.escape(path))</code>"
                     + (users.isEmpty ? "" : " <span class=\"why\">needed for " + HTML.escape(users.joined(separator: "; ")) + "</span>"))
            }
            if let rest = Listing.rest(d.missing.count, "fact") { items.append("<li class=\"note\">… \(HTML.escape(rest)).</li>") }
            items.append("<li class=\"note\">Add these facts to the case and evaluate it again.</li>")
        case .pending:
            for u in d.unmet {
                let advice: String
                switch u.kind {
                case .priorAuthorization: advice = "The provider asks the plan for prior authorization."
                case .referral: advice = "Get a referral for this provider."
                case .document: advice = "Send this document with the request."
                }
                todo(HTML.escape(u.text) + " " + HTML.lineLink(u.line) + " <span class=\"why\">\(HTML.escape(advice))</span>")
            }
            let doses = d.costMissing.filter(Decision.isDosePath)
            if !doses.isEmpty {
                todo("Add " + doses.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ")
                     + " <span class=\"why\">the dose limits decide how many sessions are covered, and they need the doses</span>")
            }
        case .partiallyCovered:
            var s = "\(d.coveredSessions) of \(d.requestedSessions) \(Plural.word(d.requestedSessions, "session")) "
                + "\(Plural.word(d.coveredSessions, "is", "are")) covered now."
            if let dose = d.doseLimits.filter({ $0.applies && ($0.sessionsAllowed ?? Int.max) == d.coveredSessions }).first,
               let mg = dose.dose, !d.sessionLimits.contains(where: { $0.applies && $0.remaining == d.coveredSessions }) {
                s += " The dose limit '\(dose.text)' (line \(dose.line)) has \(dose.remaining) mg left, room for \(d.coveredSessions) "
                    + "\(Plural.word(d.coveredSessions, "session")) of \(mg) mg."
            }
            let cutByMaximum = d.cost?.sessions.contains { $0.overMaximum.cents > 0 } == true
            if cutByMaximum, let cut = d.benefitMaximums.min(by: { $0.remaining < $1.remaining }) {
                s += " The benefit maximum '\(cut.text)' (line \(cut.line)) limits what the plan pays; the rest, shown as “over max” in the cost table, is yours to pay."
            }
            if let next = d.nextCoverableDate { s += " More sessions can be covered from \(next)." }
            items.append("<li>\(HTML.escape(s))</li>")
        case .covered:
            items.append("<li>Nothing more is needed: the plan covers the \(d.requestedSessions) requested \(Plural.word(d.requestedSessions, "session")).</li>")
        case .denied:
            items += deniedSteps()
        }
        // The paths to coverage, for a denial or a partial cover: what would make it a yes.
        let paths = d.shownPathsToCoverage
        if d.kind == .denied || d.kind == .partiallyCovered, !paths.isEmpty {
            items.append("<li class=\"note\">\(paths.count == 1 ? "What would make it covered:" : "Any one of these would make it covered:")</li>")
            for p in paths {
                let tried: String
                switch p.verified {
                case true? where p.verifiedDecision == .partiallyCovered: tried = "tried on this case: sessions covered again (partially covered)"
                case true?: tried = "tried on this case: covered"
                case false?: tried = "tried on this case: \(p.verifiedDecision.map { "\($0.rawValue)" } ?? "not covered"), not enough on its own"
                case nil: tried = "not tried: a change has no single value to try"
                }
                let edits = p.changes.filter { !$0.edits.isEmpty }.map { c in "<code>\(HTML.escape(c.path ?? c.text))</code>" }
                todo(HTML.escape(d.sentence(of: p)) + " <span class=\"why\">(\(HTML.escape(tried))"
                     + (edits.isEmpty ? "" : "; case edits: " + edits.joined(separator: ", ")) + ")</span>")
            }
        }
        return section("What the case needs, in the policy's terms", "<ul class=\"todo\">\n" + items.joined(separator: "\n") + "\n</ul>\n")
    }

    func deniedSteps() -> [String] {
        let d = decision
        switch d.denialKind {
        case .criteriaNotMet?:
            let rules = d.reasons.filter { d.decidingRules.contains($0.rule) }
            let items = rules.map { r -> String in
                let failed = failedLeaves(r.when)
                return "<li><span class=\"box\">☐</span> <strong>\(HTML.escape(r.title ?? "cover rule"))</strong> \(HTML.lineLink(r.line))"
                    + " <span class=\"why\">not met: " + HTML.escape(failed.joined(separator: "; ")) + "</span></li>"
            }
            let one = rules.count == 1 ? "its criteria hold" : "every criterion of one of these rules holds"
            return items + ["<li class=\"note\">The treatment can be covered once \(one). If the case is wrong or incomplete, correct it and evaluate again.</li>"]
        case .excluded?:
            return ["<li>The policy excludes this treatment for this case. An appeal must show that the exclusion does not apply.</li>"]
        case .experimental?:
            return experimentalSteps()
        case .authorizationDenied?:
            return authorizationDeniedSteps()
        case .tierNotCovered?:
            let covered = policy.tiers.filter { if case .notCovered = $0.cost { return false } else { return true } }.map(\.name)
            return ["<li>Care on this network tier is not covered. Covered tiers: " + HTML.escape(covered.joined(separator: ", ")) + ".</li>"]
        case .limitReached?:
            // Which limit is reached (a session cap, a dose limit, a benefit maximum) and when the next session fits.
            let reason = d.denialReason
            return ["<li>" + HTML.escape(reason.prefix(1).uppercased() + reason.dropFirst()) + "</li>"]
        case .policyNotInEffect?:
            return ["<li>The request date is outside the dates of this policy; evaluate the case against the policy in effect on that date.</li>"]
        case .noCoverageRule?, nil:
            return ["<li>The policy has no rule that covers this treatment.</li>"]
        }
    }

    /// An experimental denial in plain words: a statement about evidence, not about the patient.
    func experimentalSteps() -> [String] {
        let d = decision
        let rules = d.reasons.filter { d.decidingRules.contains($0.rule) }
        let use = d.indication.map { " for this use (diagnosis \($0))" } ?? " for this use"
        var head = "The plan treats \(d.treatmentDisplayName) as experimental or investigational\(use), so it does not pay for it"
        if let r = rules.first {
            head += ": its policy says so in \u{201C}\(r.title ?? "deny rule")\u{201D} (line \(r.line))"
            let why = r.when.trueLabels
            if !why.isEmpty { head += ", because of: " + why.joined(separator: "; ") }
        }
        head += ". This is a judgement about the evidence for the treatment, not about your health."
        var items = ["<li>\(HTML.escape(head))</li>"]
        func todo(_ html: String) { items.append("<li><span class=\"box\">☐</span> \(html)</li>") }
        todo("Ask your clinician whether to appeal. <span class=\"why\">An appeal argues that the treatment is medically necessary "
             + "for you, with published (peer-reviewed) evidence for this use and the treatments you have already tried; "
             + "<code>clause appeal</code> drafts the letter.</span>")
        for r in rules {
            if let u = r.unless, u.outcome != .true {
                todo("The policy makes an exception when: " + HTML.escape(u.displayName) + " " + HTML.lineLink(u.line)
                     + " <span class=\"why\">Ask whether this applies to you.</span>")
            }
        }
        return items
    }

    /// A denied prior authorization: the criteria are met; the denial is what to appeal.
    func authorizationDeniedSteps() -> [String] {
        let d = decision
        var head = "The plan denied the prior authorization this treatment needs."
        if let index = d.decidingRules.first, policy.rules.indices.contains(index) {
            let rule = policy.rules[index]
            head = "Your case meets the criteria of \u{201C}\(rule.title ?? "the cover rule")\u{201D} (line \(rule.line)), "
                + "but the plan denied the prior authorization that rule requires"
            if let pa = rule.requirements.first(where: { if case .priorAuthorization = $0 { return true } else { return false } }) {
                head += " (line \(policy.source.line(of: pa.span)))"
            }
            head += ". Asking again is not the way forward: the denial has to be appealed."
        }
        var items = ["<li>\(HTML.escape(head))</li>"]
        func todo(_ html: String) { items.append("<li><span class=\"box\">☐</span> \(html)</li>") }
        todo("Ask the plan for the reason for the prior-authorization denial in writing, and for the deadline to appeal it.")
        todo("Appeal the prior-authorization denial. <span class=\"why\">Your clinic sends the plan the records that show each "
             + "criterion is met; <code>clause appeal</code> drafts the letter.</span>")
        return items
    }

    /// The leaf criteria that were false and made a false outcome (what a cover rule lacked),
    /// the alternatives of a false `any` or `at least N of` group as one item (`falseLabels`).
    func failedLeaves(_ c: CriterionTrace) -> [String] { c.falseLabels }

    // MARK: - Cost

    func costSection(_ cost: CostShare) -> String {
        var heading = "Cost"
        var intro = ""
        if decision.kind == .denied {
            intro = "<p>The plan pays nothing for a denied request: each session is billed to you in full.</p>\n"
        } else if let tierName = cost.tier, let tier = policy.tier(named: tierName) {
            intro = "<p>On the <strong>\(HTML.escape(tierName))</strong> tier: \(HTML.escape(tier.costDescription)). "
                + "Each session's allowed amount is what the provider bills.</p>\n"
        }
        if cost.ifRequirementsMet { heading += ", once the requirements are met" }
        var rows = ""
        for s in cost.sessions.prefix(HTMLReport.maxCostRows) {
            let cells: [String] = s.covered
                ? [s.allowed.dollars, s.deductible.dollars, s.copay.dollars, s.coinsurance.dollars, s.overMaximum.dollars]
                : [s.allowed.dollars, "–", "–", "–", "–"]
            let label = "\(s.number)" + (s.covered ? "" : " <span class=\"tag\">not covered</span>")
            rows += "<tr\(s.covered ? "" : " class=\"uncovered\"")><td>\(label)</td>"
                + cells.enumerated().map { "<td class=\"num\($0.offset == 0 ? "" : " sec")\">\(HTML.escape($0.element))</td>" }.joined()
                + "<td class=\"num\">\(HTML.escape(s.patientPays.dollars))\(s.outOfPocketCapped ? "*" : "")</td>"
                + "<td class=\"num\">\(HTML.escape(s.planPays.dollars))</td></tr>\n"
        }
        if cost.sessions.count > HTMLReport.maxCostRows {
            let more = cost.sessions.count - HTMLReport.maxCostRows
            rows += "<tr><td colspan=\"8\">… \(Plural.count(more, "more session", "more sessions")) (included in the totals)</td></tr>\n"
        }
        var notes: [String] = []
        if cost.sessions.contains(where: \.outOfPocketCapped) { notes.append("* capped by the out-of-pocket maximum.") }
        if cost.sessions.contains(where: { !$0.covered }) {
            notes.append("Sessions not covered are billed to you in full and do not count towards the out-of-pocket maximum.")
        }
        if cost.sessions.contains(where: { $0.overMaximum.cents > 0 }) {
            notes.append("“Over max” is what the benefit maximum moved from the plan to you.")
        }
        let table = """
        <table class="cost">
        <thead><tr><th>Session</th><th class="num">Billed</th><th class="num sec">Deductible</th><th class="num sec">Copay</th><th class="num sec">Coinsurance</th><th class="num sec">Over max</th><th class="num">You pay</th><th class="num">Plan pays</th></tr></thead>
        <tbody>
        \(rows)</tbody>
        <tfoot><tr><td>Total</td><td></td><td class="sec"></td><td class="sec"></td><td class="sec"></td><td class="sec"></td><td class="num">\(HTML.escape(cost.patientPays.dollars))</td><td class="num">\(HTML.escape(cost.planPays.dollars))</td></tr></tfoot>
        </table>

        """
        let noteHTML = notes.map { "<p class=\"small\">\(HTML.escape($0))</p>\n" }.joined()
        return section(heading, intro + table + noteHTML)
    }

    // MARK: - Criteria checklist

    func checklist() -> String {
        let d = decision
        guard !d.reasons.isEmpty else { return "" }
        var out = "<p class=\"legend\">\(mark(.true)) met · \(mark(.false)) not met · \(mark(.unknown)) unknown: the case does not say</p>\n"
        for r in d.reasons {
            let deciding = d.decidingRules.contains(r.rule)
            out += "<div class=\"rule\(deciding ? " deciding" : "")\">\n<p class=\"rule-head\">\(mark(r.outcome)) "
                + "<span class=\"rule-kind \(r.kind.rawValue)\">\(r.kind.rawValue)</span> "
                + "<strong>\(HTML.escape(r.title ?? "\(r.kind.rawValue) rule"))</strong> \(HTML.lineLink(r.line)) "
                + "<span class=\"outcome\">\(HTML.escape(text.outcomeWords(r)))</span>"
                + (deciding ? " <span class=\"badge\">decides</span>" : "") + "</p>\n"
            let top = r.topCriteria
            out += "<ul class=\"criteria\">\n"
            if top.count == 1, let block = top[0].block, top[0].define == nil, top[0].label == nil {
                out += "<li class=\"block-title\">\(HTML.escape(block.description)):</li>\n"
                for c in top[0].children { out += criterion(c) }
            } else {
                for c in top { out += criterion(c) }
            }
            if let u = r.unless {
                out += "<li class=\"block-title\">unless:</li>\n" + criterion(u)
            }
            out += "</ul>\n</div>\n"
        }
        for rule in text.leftOutRules(d) {
            out += "<div class=\"rule\">\n<p class=\"rule-head\">– <span class=\"rule-kind cover\">cover</span> "
                + "<strong>\(HTML.escape(rule.title ?? "cover rule"))</strong> \(HTML.lineLink(rule.line)) "
                + "<span class=\"outcome\">\(HTML.escape(text.leftOutWords(rule, d)))</span></p>\n</div>\n"
        }
        return section("Criteria for \(d.treatment)", out)
    }

    func criterion(_ c: CriterionTrace) -> String {
        let title: String
        if let block = c.block {
            title = c.label ?? (c.define.map { "\($0): \(block.description)" } ?? block.description)
        } else {
            title = c.label ?? text.oneLine(c.source)
        }
        var out = "<li>\(mark(c.outcome)) <span class=\"crit\">\(HTML.escape(title))</span> \(HTML.lineLink(c.line))"
        var detail: [String] = []
        if c.block == nil && (c.label != nil || c.define != nil) {
            detail.append("<code>" + HTML.escape((c.define.map { "\($0) = " } ?? "") + text.oneLine(c.source)) + "</code>")
        }
        if !c.values.isEmpty { detail.append("<span class=\"values\">" + HTML.escape(TextRenderer.describe(c.values)) + "</span>") }
        if let note = c.note { detail.append("<span class=\"note\">" + HTML.escape(note) + "</span>") }
        if !detail.isEmpty { out += "<div class=\"detail\">" + detail.joined(separator: "<br>") + "</div>" }
        if !c.children.isEmpty {
            out += "\n<ul>\n" + c.children.map(criterion).joined() + "</ul>\n"
        }
        return out + "</li>\n"
    }

    // MARK: - Requirements

    /// The requirements of the satisfied cover rule and of the tier: met (✓) or still needed (☐).
    func requirementsSection() -> String {
        let d = decision
        guard let ruleIndex = d.decidingRules.first, ruleIndex < policy.rules.count, policy.rules[ruleIndex].kind == .cover,
              [.covered, .partiallyCovered, .pending].contains(d.kind)
                || d.denialKind == .limitReached || d.denialKind == .authorizationDenied else { return "" }
        let rule = policy.rules[ruleIndex]
        let unmetLines = Set(d.unmet.map(\.line))
        let paDenied = d.denialKind == .authorizationDenied
        var items: [String] = []
        for req in rule.requirements {
            let line = policy.source.line(of: req.span)
            guard !unmetLines.contains(line) else { continue }
            let text: String
            switch req {
            case .priorAuthorization:
                if paDenied {
                    items.append("<li>\(mark(.false)) prior authorization \(HTML.lineLink(line)) <span class=\"tag\">denied by the plan</span></li>")
                    continue
                }
                text = "prior authorization"
            case .referral: text = "referral"
            case .document(let doc): text = "document: \(doc.value)"
            }
            // After a denied authorization the other requirements were not checked.
            if !paDenied { items.append("<li>\(mark(.true)) \(HTML.escape(text)) \(HTML.lineLink(line))</li>") }
        }
        for u in d.unmet {
            items.append("<li><span class=\"mark\">☐</span> \(HTML.escape(u.text)) \(HTML.lineLink(u.line)) <span class=\"tag\">still needed</span></li>")
        }
        guard !items.isEmpty else { return "" }
        return section("Requirements", "<ul class=\"criteria\">\n" + items.joined(separator: "\n") + "\n</ul>\n")
    }

    // MARK: - Limits

    func limitsSection() -> String {
        let d = decision
        guard !d.sessionLimits.isEmpty || !d.doseLimits.isEmpty || !d.benefitMaximums.isEmpty else { return "" }
        var rows = ""
        for l in d.sessionLimits {
            if !l.applies {
                rows += "<tr class=\"inactive\"><td>–</td><td>\(HTML.escape(l.text))</td><td>\(HTML.lineLink(l.line))</td>"
                    + "<td>does not apply in week \(l.week) of treatment</td></tr>\n"
                continue
            }
            let ok: Truth = l.remaining >= d.requestedSessions ? .true : .false
            var status = "\(l.used) used after \(l.windowStart) through \(l.windowEnd), \(l.remaining) left"
            if let next = l.nextAvailable { status += "; next opening \(next)" }
            if l.notCounted > 0 {
                status += " (\(Plural.count(l.notCounted, "session")) of another phase in the window not counted)"
            }
            rows += "<tr><td>\(mark(ok))</td><td>\(HTML.escape(l.text))</td><td>\(HTML.lineLink(l.line))</td><td>\(HTML.escape(status))</td></tr>\n"
        }
        for l in d.doseLimits {
            if !l.applies {
                rows += "<tr class=\"inactive\"><td>–</td><td>\(HTML.escape(l.text))</td><td>\(HTML.lineLink(l.line))</td>"
                    + "<td>does not apply in week \(l.week) of treatment</td></tr>\n"
                continue
            }
            let status = l.status(requested: d.requestedSessions)
            rows += "<tr><td>\(mark(status.fits))</td><td>\(HTML.escape(l.text))</td><td>\(HTML.lineLink(l.line))</td>"
                + "<td>\(HTML.escape(status.text))</td></tr>\n"
        }
        for b in d.benefitMaximums {
            let ok: Truth = b.remaining.cents > 0 ? .true : .false
            rows += "<tr><td>\(mark(ok))</td><td>\(HTML.escape(b.text))</td><td>\(HTML.lineLink(b.line))</td>"
                + "<td>\(HTML.escape("\(b.alreadyPaid.dollars) already paid, \(b.remaining.dollars) left"))</td></tr>\n"
        }
        return section("Limits for \(d.treatment)", "<table class=\"limits\">\n\(rows)</table>\n")
    }

    // MARK: - Policy text

    /// The lines that decided the case: the deciding rules, and what else the decision rests on.
    var decisiveRanges: [ClosedRange<Int>] {
        let d = decision
        let source = policy.source
        var ranges: [ClosedRange<Int>] = []
        for index in d.decidingRules where index < policy.rules.count {
            let span = policy.rules[index].span
            ranges.append(source.line(of: span)...(source.lineIndex(of: max(span.start, span.end - 1)) + 1))
        }
        if d.denialKind == .policyNotInEffect, let header = headerLines { ranges.append(header) }
        if d.kind == .partiallyCovered || d.denialKind == .limitReached {
            for l in d.sessionLimits where l.applies && l.remaining < d.requestedSessions { ranges.append(l.line...l.line) }
            for l in d.doseLimits where l.applies && (l.sessionsAllowed ?? Int.max) < d.requestedSessions { ranges.append(l.line...l.line) }
            for b in d.benefitMaximums where b.remaining.cents <= 0 || d.cost?.sessions.contains(where: { $0.overMaximum.cents > 0 }) == true {
                ranges.append(b.line...b.line)
            }
        }
        if let tierName = d.tier, let tier = policy.tier(named: tierName),
           d.denialKind == .tierNotCovered || d.cost != nil {
            ranges.append(tier.line...tier.line)
        }
        return merge(ranges)
    }

    func merge(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var merged: [ClosedRange<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    func decidingText() -> String {
        let ranges = decisiveRanges
        guard !ranges.isEmpty else { return "" }
        let marked = Set(ranges.flatMap { Array($0) })
        let parts = ranges.map { listing.render($0, marked: marked, anchors: false) }
        return section("The policy text that decided it",
                       "<p class=\"small\">From <code>\(HTML.escape(policy.source.name))</code>; the full text follows at the end.</p>\n"
                       + parts.joined(separator: "<p class=\"gap\">⋮</p>\n"))
    }

    func fullPolicy() -> String {
        guard listing.lineCount > 0 else { return "" }
        let marked = Set(decisiveRanges.flatMap { Array($0) })
        return section("Policy text: \(policy.source.name)", listing.render(1...listing.lineCount, marked: marked, anchors: true),
                       class: "appendix")
    }
}
