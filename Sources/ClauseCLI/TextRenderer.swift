import Foundation
import ClauseKit

/// The text view of a decision: the answer first in plain words, then why.
struct TextRenderer {
    let policy: CheckedPolicy
    let color: Bool

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }

    func mark(_ t: Truth) -> String {
        switch t {
        case .true: return paint("✓", "32")
        case .false: return paint("✗", "31")
        case .unknown: return paint("?", "33")
        }
    }

    func headline(_ d: Decision) -> String {
        let code: String
        switch d.kind {
        case .covered: code = "1;32"
        case .partiallyCovered, .pending, .needsInformation: code = "1;33"
        case .denied: code = "1;31"
        }
        return paint(d.summary, code)
    }

    func render(_ d: Decision) -> String {
        var out = headline(d) + "\n\n"
        var meta = "Policy:     \(policy.title)"
        if let v = policy.version { meta += ", version \(v)" }
        if let p = policy.payer { meta += " (\(p))" }
        out += meta + "\n"
        if let bulletin = policy.bulletin.citation { out += "Bulletin:   \(bulletin)\n" }
        out += "Request:    \(d.treatmentDisplayName), \(Plural.count(d.requestedSessions, "session")) on \(d.requestDate)"
        if let id = d.caseID { out += " (case \(id))" }
        out += "\n"
        if let ind = d.indication {
            out += "Indication: \(ind)"
            if let fda = d.fdaStatus { out += ", FDA status \(fda.rawValue.replacingOccurrences(of: "_", with: "-")) for this indication" }
            out += "\n"
        }
        if let tier = d.tier { out += "Network:    \(tier)\n" }
        if let course = d.course, showsCourse(d) { out += "Review:     \(course.sentence)\n" }

        if d.kind == .needsInformation && !d.missing.isEmpty {
            out += "\n" + bold("Missing information") + " (add it to the case and evaluate again)\n"
            let readers = criteriaReading(d)
            for path in Listing.head(d.missing) {
                let users = neededFor(path, in: d, readers: readers)
                out += "  ☐ \(path)" + (users.isEmpty ? "" : dim("  needed for: " + users.joined(separator: "; "))) + "\n"
            }
            if let rest = Listing.rest(d.missing.count, "fact") { out += "  … \(rest) (`--format json` lists them all)\n" }
        }
        let leftOut = leftOutRules(d)
        if !d.reasons.isEmpty || !leftOut.isEmpty {
            out += "\n" + bold("Rules for \(d.treatment)") + "\n"
            for r in d.reasons { out += renderRule(r, deciding: d.decidingRules.contains(r.rule)) }
            for rule in leftOut {
                out += "  – cover \"\(rule.title ?? "cover rule")\"  \(dim("line \(rule.line)"))  " + dim(leftOutWords(rule, d)) + "\n"
            }
        }
        if let ruleIndex = d.decidingRules.first, policy.rules[ruleIndex].kind == .cover,
           [.covered, .partiallyCovered, .pending].contains(d.kind)
            || d.denialKind == .limitReached || d.denialKind == .authorizationDenied {
            out += renderRequirements(policy.rules[ruleIndex], d)
        }
        if !d.sessionLimits.isEmpty || !d.doseLimits.isEmpty || !d.benefitMaximums.isEmpty {
            out += renderLimits(d)
        }
        if let cost = d.cost {
            out += renderCost(cost, d)
        } else if !d.costMissing.isEmpty {
            out += "\n" + bold("Cost") + ": cannot be worked out without " + d.costMissing.joined(separator: ", ")
            if d.costMissing.contains(where: Decision.isDosePath) { out += " (the dose limits decide how many sessions are covered)" }
            out += "\n"
        }
        out += renderNext(d)
        out += renderPaths(d)
        return out
    }

    /// "left out: it is for continuation requests, and this is an initial request".
    func leftOutWords(_ rule: Rule, _ d: Decision) -> String {
        let kind = rule.review == .initial ? "initial" : "continuation"
        return "left out (not evaluated): it is for \(kind) requests, and this is "
            + (d.course?.review == .initial ? "an initial" : "a continuation") + " request"
    }

    /// What the case's missing fact at `path` is needed for: the criteria that read it, the
    /// dose limits that need a dose, the network tier.
    /// `readers` is `criteriaReading(d)`, made once for all the missing facts of a decision.
    func neededFor(_ path: String, in d: Decision, readers: [String: [String]]) -> [String] {
        var users = readers[path] ?? []
        if Decision.isDosePath(path) {
            for l in d.doseLimitsNeeding(path) {
                users.append(path == "request.dose_mg"
                    ? "the dose limit '\(l.text)' (line \(l.line)), which needs the dose of each requested session"
                    : "the dose limit '\(l.text)' (line \(l.line)), which adds up the dose of each session after \(l.windowStart) through \(l.windowEnd)")
            }
        }
        if users.isEmpty && path == "provider.network" { users = ["the provider's network tier (what the plan covers and you pay)"] }
        return users
    }

    /// "What happens next" for the denials whose next step is not a change to the case's facts.
    func renderNext(_ d: Decision) -> String {
        guard d.kind == .denied else { return "" }
        var lines: [String] = []
        switch d.denialKind {
        case .experimental?:
            lines.append("The plan treats this treatment as experimental or investigational for this use: a statement about the")
            lines.append("evidence for it, not about the patient's health. An appeal can argue medical necessity for this patient with")
            lines.append("peer-reviewed evidence and the treatments already tried (`clause appeal` drafts the letter).")
            for r in d.reasons where d.decidingRules.contains(r.rule) {
                if let u = r.unless, u.outcome != .true {
                    lines.append("The policy does not apply this statement when: \(u.displayName) (line \(u.line)).")
                }
            }
        case .authorizationDenied?:
            lines.append("The criteria of the rule are met, but the plan denied the prior authorization it requires. Ask the plan for")
            lines.append("the reason for the denial in writing and the appeal deadline, then appeal the prior-authorization denial")
            lines.append("(`clause appeal` drafts the letter).")
        default:
            return ""
        }
        return "\n" + bold("What happens next") + "\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    /// Whether the review line says something: the policy has courses, review kinds or
    /// per-kind authorization lengths for the treatment.
    func showsCourse(_ d: Decision) -> Bool {
        guard let t = policy.treatmentIndex(named: d.treatment) else { return false }
        let limits = policy.limits[t]
        return limits.followsCourses || !limits.reviewAuthorizationLasts.isEmpty
            || policy.coverRules[t].contains { policy.rules[$0].review != nil }
    }

    /// The cover rules of the treatment left out for the request's review kind.
    func leftOutRules(_ d: Decision) -> [Rule] {
        guard let review = d.course?.review, let t = policy.treatmentIndex(named: d.treatment) else { return [] }
        return policy.coverRules[t].map { policy.rules[$0] }.filter { !$0.applies(to: review) }
    }

    /// For each missing path, the criteria that need it ("'label' (line N)"), each once, in
    /// order: made in one pass over the traces, so a decision missing many facts (a list of
    /// many entries without a field) costs time in proportion to them.
    func criteriaReading(_ d: Decision) -> [String: [String]] {
        var found: [String: [String]] = [:]
        func visit(_ c: CriterionTrace) {
            if c.children.isEmpty {
                let name = "'\(c.displayName)' (line \(c.line))"
                var paths = c.missing
                for v in c.values where v.value == nil { paths.append(v.path) }
                for path in Set(paths) where found[path]?.contains(name) != true { found[path, default: []].append(name) }
            }
            c.children.forEach(visit)
        }
        for r in d.reasons {
            visit(r.when)
            if let u = r.unless { visit(u) }
        }
        return found
    }

    func renderRule(_ r: RuleTrace, deciding: Bool) -> String {
        let title = r.title.map { "\"\($0)\"" } ?? ""
        var out = "  \(mark(r.outcome)) \(r.kind.rawValue) \(bold(title))  \(dim("line \(r.line)"))"
        if deciding { out += paint("  ← decides", "1") }
        out += "  " + dim(outcomeWords(r))
        out += "\n"
        let top = r.topCriteria
        if top.count == 1, top[0].block != nil, top[0].define == nil, top[0].label == nil {
            out += "      \(top[0].block.map { "\($0.description):" } ?? "")\n"
            for c in top[0].children { out += renderCriterion(c, indent: 6) }
        } else {
            for c in top { out += renderCriterion(c, indent: 6) }
        }
        if let u = r.unless {
            out += "      unless:\n"
            out += renderCriterion(u, indent: 6)
        }
        return out
    }

    func outcomeWords(_ r: RuleTrace) -> String {
        if r.kind == .deny, policy.rules.indices.contains(r.rule), policy.rules[r.rule].experimental {
            switch r.outcome {
            case .true: return "experimental or investigational here"
            case .false: return "experimental statement does not apply"
            case .unknown: return "undecided: facts missing"
            }
        }
        switch (r.kind, r.outcome) {
        case (.cover, .true): return "criteria met"
        case (.cover, .false): return "criteria not met"
        case (.cover, .unknown): return "undecided: facts missing"
        case (.deny, .true): return "exclusion applies"
        case (.deny, .false): return "exclusion does not apply"
        case (.deny, .unknown): return "undecided: facts missing"
        }
    }

    func renderCriterion(_ c: CriterionTrace, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        let title: String
        if let block = c.block {
            title = c.label ?? (c.define.map { "\($0): \(block.description)" } ?? "\(block.description)") + ":"
        } else {
            title = c.label ?? oneLine(c.source)
        }
        var out = "\(pad)\(mark(c.outcome)) \(title)  " + dim("line \(c.line)") + "\n"
        var detail: [String] = []
        if c.block == nil && (c.label != nil || c.define != nil) {
            detail.append((c.define.map { "\($0) = " } ?? "") + oneLine(c.source))
        }
        if !c.values.isEmpty { detail.append(TextRenderer.describe(c.values)) }
        if let note = c.note { detail.append(note) }
        for line in detail { out += "\(pad)    " + dim(line) + "\n" }
        for child in c.children { out += renderCriterion(child, indent: indent + 4) }
        return out
    }

    /// `patient.age = 34`, with the fields of one list element grouped:
    /// `history.trials[0] = {drug_class "SSRI", weeks 8, improvement 10%}`.
    static func describe(_ values: [ValueSeen]) -> String {
        var parts: [String] = []
        var groups: [String: Int] = [:]
        for v in values {
            let shown = v.value ?? "unknown"
            if let open = v.path.lastIndex(of: "["), let dot = v.path[open...].firstIndex(of: ".") {
                let element = String(v.path[..<dot])
                let field = String(v.path[v.path.index(after: dot)...])
                if let i = groups[element] {
                    parts[i] = String(parts[i].dropLast()) + ", \(field) \(shown)}"
                } else {
                    groups[element] = parts.count
                    parts.append("\(element) = {\(field) \(shown)}")
                }
            } else {
                parts.append("\(v.path) = \(shown)")
            }
        }
        return parts.joined(separator: "; ")
    }

    func oneLine(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    func renderRequirements(_ rule: Rule, _ d: Decision) -> String {
        var lines: [String] = []
        let unmetLines = Set(d.unmet.map(\.line))
        let paDenied = d.denialKind == .authorizationDenied
        for req in rule.requirements {
            let line = policy.source.line(of: req.span)
            let met = !unmetLines.contains(line)
            let text: String
            switch req {
            case .priorAuthorization:
                if paDenied {
                    lines.append("  \(mark(.false)) prior authorization: denied by the plan  \(dim("line \(line)"))")
                    continue
                }
                text = "prior authorization"
            case .referral: text = "referral"
            case .document(let doc): text = "document: \(doc.value)"
            }
            // After a denied authorization the other requirements were not checked.
            if met && !paDenied { lines.append("  \(mark(.true)) \(text)  \(dim("line \(line)"))") }
        }
        for u in d.unmet {
            lines.append("  ☐ \(u.text)  \(dim("line \(u.line)"))")
        }
        guard !lines.isEmpty else { return "" }
        let title = d.unmet.isEmpty ? "Requirements" : "Requirements (still needed: \(d.unmet.count))"
        return "\n" + bold(title) + "\n" + lines.joined(separator: "\n") + "\n"
    }

    func renderLimits(_ d: Decision) -> String {
        var out = "\n" + bold("Limits for \(d.treatment)") + "\n"
        for l in d.sessionLimits {
            if !l.applies {
                out += "  – \(l.text)  \(dim("line \(l.line)"))  " + dim("does not apply in week \(l.week) of treatment") + "\n"
                continue
            }
            let ok: Truth = l.remaining >= d.requestedSessions ? .true : .false
            out += "  \(mark(ok)) \(l.text)  \(dim("line \(l.line)"))  "
            out += "\(l.used) used after \(l.windowStart) through \(l.windowEnd), \(l.remaining) left"
            if let next = l.nextAvailable { out += "; next opening \(next)" }
            if l.notCounted > 0 {
                out += dim(" (\(Plural.count(l.notCounted, "session")) of another phase in the window not counted)")
            }
            out += "\n"
        }
        for l in d.doseLimits {
            if !l.applies {
                out += "  – \(l.text)  \(dim("line \(l.line)"))  " + dim("does not apply in week \(l.week) of treatment") + "\n"
                continue
            }
            let status = l.status(requested: d.requestedSessions)
            out += "  \(mark(status.fits)) \(l.text)  \(dim("line \(l.line)"))  \(status.text)"
            out += "\n"
        }
        for b in d.benefitMaximums {
            let ok: Truth = b.remaining.cents > 0 ? .true : .false
            out += "  \(mark(ok)) \(b.text)  \(dim("line \(b.line)"))  \(b.alreadyPaid.dollars) already paid, \(b.remaining.dollars) left\n"
        }
        return out
    }

    func renderCost(_ cost: CostShare, _ d: Decision) -> String {
        var title = "Cost"
        if let tierName = cost.tier, let tier = policy.tier(named: tierName) {
            title += " on the \(tierName) tier (\(tier.costDescription), line \(tier.line))"
        }
        if cost.ifRequirementsMet { title += ", once the requirements are met" }
        var out = "\n" + bold(title) + "\n"
        let header = ["session", "billed", "deductible", "copay", "coinsurance", "over max", "you pay", "plan pays"]
        var rows: [[String]] = [header]
        let shown = cost.sessions.prefix(50)
        for s in shown {
            rows.append([
                "\(s.number)" + (s.covered ? "" : " (not covered)"), s.allowed.dollars,
                s.covered ? s.deductible.dollars : "–", s.covered ? s.copay.dollars : "–",
                s.covered ? s.coinsurance.dollars : "–", s.covered ? s.overMaximum.dollars : "–",
                s.patientPays.dollars + (s.outOfPocketCapped ? "*" : ""), s.planPays.dollars,
            ])
        }
        rows.append(["total", "", "", "", "", "", cost.patientPays.dollars, cost.planPays.dollars])
        let widths = (0..<header.count).map { col in rows.map { $0[col].count }.max() ?? 0 }
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { col, cell in
                col == 0 ? cell.padding(toLength: widths[col], withPad: " ", startingAt: 0)
                         : String(repeating: " ", count: widths[col] - cell.count) + cell
            }
            let line = "  " + cells.joined(separator: "  ")
            out += (i == 0 || i == rows.count - 1 ? bold(line) : line) + "\n"
        }
        if cost.sessions.count > shown.count { out += "  … \(cost.sessions.count - shown.count) more \(Plural.word(cost.sessions.count - shown.count, "session"))\n" }
        if cost.sessions.contains(where: \.outOfPocketCapped) {
            out += "  * capped by the out-of-pocket maximum\n"
        }
        if cost.sessions.contains(where: { !$0.covered }) {
            out += "  Sessions not covered are billed to you in full and do not count towards the out-of-pocket maximum.\n"
        }
        return out
    }

    /// The tier's cost in words: `Tier.costDescription` (the REPL's `:show` calls it here).
    static func describe(_ tier: Tier) -> String {
        tier.costDescription
    }
}
