import ClauseKit

/// The patient's part of the report: the decision in a sentence, what happens next and who to
/// call, in plain words. Nothing internal reaches it: no denial-kind values, case paths,
/// operators or policy line numbers (those are in the author's details below it).
extension HTMLReport {
    // MARK: - Plain words

    /// Whether a text from the policy or the decision can be shown to a patient as it is:
    /// no case path (`scores.phq9`), no identifier with underscores, no operator, no line citation.
    static func isPlain(_ text: String) -> Bool {
        if text.contains("_") || text.contains("line ") { return false }
        for op in [">=", "<=", "==", "!=", " where ", " in history", "&&", "||"] where text.contains(op) { return false }
        // A dotted path: a lowercase letter, a dot, a lowercase letter ("patient.age").
        let scalars = Array(text.unicodeScalars)
        if scalars.count >= 3 {
            for i in 1..<(scalars.count - 1) where scalars[i] == "." {
                if CharacterSetLite.isLower(scalars[i - 1]) && CharacterSetLite.isLower(scalars[i + 1]) { return false }
            }
        }
        return true
    }

    /// An identifier made readable: `major_depression` → "major depression".
    static func readable(_ name: String) -> String {
        // A short name without words is an abbreviation: `mdd` → "MDD".
        if name.count <= 4 && !name.contains("_") { return name.uppercased() }
        return name.replacingOccurrences(of: "_", with: " ")
    }

    /// A diagnosis code with its description: the names of the policy's code sets that contain
    /// it, made readable — "major depression (F33.2)". A code no set names says so.
    func diagnosis(_ code: String) -> String {
        let upper = code.uppercased()
        let names = policy.codeSets.filter { $0.contains(upper) }.map { HTMLReport.readable($0.name) }
        if names.isEmpty { return "a diagnosis this policy does not name (code \(code))" }
        return names.joined(separator: ", ") + " (\(code))"
    }

    /// The decision in one sentence a patient understands.
    var plainDecision: String {
        let d = decision
        let t = d.treatmentDisplayName
        let n = d.requestedSessions
        let sessions = "\(n) requested \(Plural.word(n, "session"))"
        switch d.kind {
        case .covered:
            return "Your plan covers the \(sessions) of \(t)."
        case .partiallyCovered:
            var s = "Your plan covers \(d.coveredSessions) of the \(sessions) of \(t) now."
            if let next = d.nextCoverableDate { s += " More sessions can be covered from \(next)." }
            return s
        case .pending:
            return "Not decided yet: your plan can cover \(t) once the steps below are done."
        case .needsInformation:
            return "We need more information before deciding. Nothing has been denied."
        case .denied:
            return "Your plan does not cover \(t) for this request. " + plainDenialReason
        }
    }

    var plainDenialReason: String {
        let d = decision
        switch d.denialKind {
        case .criteriaNotMet?:
            return "The policy's conditions for covering it are not shown to be met in your records."
        case .excluded?:
            return "The policy excludes it in your situation."
        case .experimental?:
            return "The plan considers it experimental or investigational for this use."
        case .authorizationDenied?:
            return "The plan denied the prior authorization for it."
        case .tierNotCovered?:
            return "The plan does not cover care from this provider's network."
        case .limitReached?:
            return "You have reached the number of sessions or the amount the policy allows for now"
                + (d.nextCoverableDate.map { "; more can be covered from \($0)." } ?? ".")
        case .policyNotInEffect?:
            return "This policy was not in effect on the date of the request."
        case .noCoverageRule?, nil:
            return "This policy does not cover this treatment."
        }
    }

    // MARK: - Banner

    func banner() -> String {
        let d = decision
        var facts: [String] = []
        switch d.kind {
        case .pending, .needsInformation:
            facts.append("<div><dt>Sessions requested</dt><dd>\(d.requestedSessions), not decided yet</dd></div>")
        default:
            facts.append("<div><dt>Sessions covered</dt><dd>\(d.coveredSessions) of \(d.requestedSessions)</dd></div>")
        }
        if let cost = d.cost {
            let suffix = cost.ifRequirementsMet ? " once the steps are done" : ""
            facts.append("<div><dt>You pay</dt><dd>\(HTML.escape(cost.patientPays.dollars))\(suffix)</dd></div>")
            facts.append("<div><dt>The plan pays</dt><dd>\(HTML.escape(cost.planPays.dollars))</dd></div>")
        }
        if let next = d.nextCoverableDate {
            facts.append("<div><dt>Next coverable date</dt><dd>\(next)</dd></div>")
        }
        return """
        <section class="decision \(decisionClass)">
        <p class="verdict">\(HTML.escape(decisionWord))</p>
        <p class="summary">\(HTML.escape(plainDecision))</p>
        <dl class="facts">\(facts.joined())</dl>
        </section>

        """
    }

    // MARK: - The request

    func requestFacts() -> String {
        let d = decision
        var rows: [(String, String)] = []
        rows.append(("Treatment", "\(d.treatmentDisplayName), \(Plural.count(d.requestedSessions, "session")) on \(d.requestDate)"))
        var codes = patientCase?.diagnoses ?? []
        if let indication = d.indication, !codes.contains(where: { $0.caseInsensitiveCompare(indication) == .orderedSame }) {
            codes.insert(indication, at: 0)
        }
        if !codes.isEmpty {
            rows.append((codes.count == 1 ? "Diagnosis" : "Diagnoses", codes.map(diagnosis).joined(separator: "; ")))
        }
        if let fda = d.fdaStatus {
            rows.append(("FDA status", fda.rawValue.replacingOccurrences(of: "_", with: "-") + " for this use"))
        }
        if let tier = d.tier { rows.append(("Provider's network", HTMLReport.readable(tier))) }
        if let course = d.course, text.showsCourse(d) { rows.append(("Review", course.sentence)) }
        let cells = rows.map { "<tr><th>\(HTML.escape($0.0))</th><td>\(HTML.escape($0.1))</td></tr>" }.joined(separator: "\n")
        return section("Your request", "<table class=\"kv\">\n\(cells)\n</table>\n")
    }

    // MARK: - What happens next

    /// Labels of the criteria the case could not decide (what information is needed).
    func unknownLabels() -> [String] {
        var out: [String] = []
        func walk(_ c: CriterionTrace) {
            guard c.outcome == .unknown else { return }
            let plainChildren = c.children.filter { $0.outcome == .unknown }
            if let label = c.label, HTMLReport.isPlain(label), plainChildren.allSatisfy({ $0.label == nil }) {
                if !out.contains(label) { out.append(label) }
                return
            }
            for child in plainChildren { walk(child) }
            if plainChildren.isEmpty, let label = c.label, HTMLReport.isPlain(label), !out.contains(label) { out.append(label) }
        }
        for r in decision.reasons where r.outcome == .unknown {
            for c in r.topCriteria { walk(c) }
            if let u = r.unless { walk(u) }
        }
        return out
    }

    /// A change of a path to coverage in plain words: its `CoverageWords` wording, or the
    /// criterion's label when that is not plain.
    func plainChange(_ c: CoverageChange) -> String {
        let described = decision.describe(c)
        switch c.kind {
        case .fact, .missingFact:
            // The change in plain words (`CoverageWords`: what the policy asks and what the
            // record shows), else the criterion's label.
            if HTMLReport.isPlain(described) { return "your records document: \(described)" }
            if let criterion = c.criterion, HTMLReport.isPlain(criterion), criterion != CoverageChange.waitCriterion {
                return "your records document: \(criterion)"
            }
            return "your records document a fact the policy asks for"
        case .requirement:
            return HTMLReport.isPlain(described) ? described : (c.criterion.flatMap { HTMLReport.isPlain($0) ? $0 : nil } ?? "a step the policy requires")
        case .network:
            return HTMLReport.isPlain(described) ? described : "a provider on a covered network"
        case .date:
            return HTMLReport.isPlain(described) ? described : "waiting until the policy's limits allow another session"
        case .sessions:
            return HTMLReport.isPlain(described) ? described : "asking for fewer sessions"
        }
    }

    func plainPath(_ p: CoveragePath) -> String {
        let changes = p.changes.map(plainChange).joined(separator: "; and ")
        let result: String
        switch p.verified {
        case true? where p.changes.contains { $0.criterion == CoverageChange.waitCriterion }:
            result = p.verifiedDecision == .partiallyCovered
                ? "tried on your case: some of the sessions not covered now would be covered then"
                : "tried on your case: the sessions not covered now would be covered then"
        case true? where p.verifiedDecision == .partiallyCovered:
            result = "tried on your case: some sessions would be covered"
        case true?: result = "tried on your case: it would be covered"
        case false?: result = "tried on your case: not enough on its own"
        case nil: result = "not tried: it depends on what your clinician can document"
        }
        return "<li><span class=\"box\">☐</span> " + HTML.escape(changes.prefix(1).uppercased() + changes.dropFirst())
            + " <span class=\"why\">" + HTML.escape(result) + "</span></li>"
    }

    func patientNextSteps() -> String {
        let d = decision
        var items: [String] = []
        func todo(_ s: String, _ why: String? = nil) {
            items.append("<li><span class=\"box\">☐</span> \(HTML.escape(s))" + (why.map { " <span class=\"why\">\(HTML.escape($0))</span>" } ?? "") + "</li>")
        }
        func note(_ s: String) { items.append("<li class=\"note\">\(HTML.escape(s))</li>") }
        switch d.kind {
        case .covered:
            note("Nothing more is needed: the plan covers the \(d.requestedSessions) requested \(Plural.word(d.requestedSessions, "session")).")
        case .needsInformation:
            let labels = unknownLabels()
            if labels.isEmpty {
                todo("Your clinic sends the plan the missing facts about your condition and treatment.")
            } else {
                note("Your records do not yet show whether:")
                for l in labels { todo(l) }
            }
            note("Your clinic adds this to your records and sends it to the plan; the plan then decides.")
        case .pending:
            for u in d.unmet {
                let what = HTMLReport.isPlain(u.text) ? u.text : nil
                switch u.kind {
                case .priorAuthorization: todo("Your provider asks the plan for prior authorization.", what)
                case .referral: todo("Get a referral for this provider.", what)
                case .document: todo("Your clinic sends the plan a document with the request.", what)
                }
            }
            if d.costMissing.contains(where: Decision.isDosePath) {
                todo("Your clinic gives the plan the dose of each session.", "The dose limits decide how many sessions are covered.")
            }
        case .partiallyCovered:
            note("\(d.coveredSessions) of \(d.requestedSessions) \(Plural.word(d.requestedSessions, "session")) \(Plural.word(d.coveredSessions, "is", "are")) covered now; the others are billed to you if you have them now."
                 + (d.nextCoverableDate.map { " More sessions can be covered from \($0)." } ?? ""))
        case .denied:
            switch d.denialKind {
            case .experimental?, .excluded?, .criteriaNotMet?:
                todo("Ask your clinician whether to appeal.", "An appeal shows the plan, with your records, why the treatment is right for you.")
            case .authorizationDenied?:
                todo("Ask the plan for the reason for the prior-authorization denial in writing, and the deadline to appeal.")
                todo("Ask your clinician to appeal the denial.", "Your clinic sends the plan the records that show the policy's conditions are met.")
            case .tierNotCovered?:
                todo("Ask the plan for a provider on a covered network.")
            case .limitReached?:
                if let next = d.nextCoverableDate { todo("Plan the next session on or after \(next).") }
            case .policyNotInEffect?:
                todo("Ask the plan which policy applies on the date of your request.")
            case .noCoverageRule?, nil:
                todo("Ask the plan whether another benefit covers this treatment.")
            }
        }
        let paths = d.shownPathsToCoverage
        if d.kind == .denied || d.kind == .partiallyCovered, !paths.isEmpty {
            if d.kind == .partiallyCovered {
                note(paths.count == 1 ? "What you can do about the sessions not covered now:"
                                      : "Any one of these helps with the sessions not covered now:")
            } else {
                note(paths.count == 1 ? "What would make it covered:" : "Any one of these would make it covered:")
            }
            items += paths.map(plainPath)
        }
        return section("What happens next", "<ul class=\"todo\">\n" + items.joined(separator: "\n") + "\n</ul>\n")
    }

    // MARK: - Who to call

    func whoToCall() -> String {
        let plan = policy.payer.map { "Your plan, \($0)" } ?? "Your plan"
        let items = [
            "<li><strong>\(HTML.escape(plan))</strong>: about this decision, prior authorization, or an appeal and its deadline. "
                + "The phone number is on your member card.</li>",
            "<li><strong>Your clinic's billing office</strong>: to send the plan the records or forms above, and about your bill.</li>",
        ]
        return section("Who to call", "<ul class=\"contacts\">\n" + items.joined(separator: "\n") + "\n</ul>\n")
    }
}

/// ASCII letter tests without Foundation's character sets.
enum CharacterSetLite {
    static func isLower(_ s: Unicode.Scalar) -> Bool { s.value >= 0x61 && s.value <= 0x7A }
}
