import ClauseKit

/// A decision as one self-contained, printable HTML page: the answer in plain words at the top,
/// what to do next, the cost, the criteria as a checklist, the limits, and the policy text
/// that decided it with line numbers. No scripts, no external assets; everything is escaped.
struct HTMLReport {
    let policy: CheckedPolicy
    let decision: Decision
    /// The case file's name as the user gave it, shown in the header.
    let caseName: String
    let listing: PolicyListing
    /// Line of the `policy "…" { … }` header, for decisions the policy dates make.
    let headerLines: ClosedRange<Int>?
    /// The case decided, when at hand: it tells which dose limit needs a past session's dose.
    let patientCase: PatientCase?

    init(policy: CheckedPolicy, decision: Decision, caseName: String, patientCase: PatientCase? = nil) {
        self.policy = policy
        self.patientCase = patientCase
        self.decision = decision
        self.caseName = caseName
        self.listing = PolicyListing(source: policy.source)
        let parsed = Parser.parse(policy.source).file
        self.headerLines = parsed.header.map { policy.source.line(of: $0.span)...policy.source.lineIndex(of: max($0.span.start, $0.span.end - 1)) + 1 }
    }

    func render() -> String {
        let d = decision
        var body = header()
        body += banner()
        body += requestFacts()
        body += nextSteps()
        if let cost = d.cost {
            body += costSection(cost)
        } else if !d.costMissing.isEmpty {
            body += section("Cost", "<p>The cost cannot be worked out without "
                + d.costMissing.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", ") + ".</p>")
        }
        body += checklist()
        body += requirementsSection()
        body += limitsSection()
        body += decidingText()
        body += fullPolicy()
        body += "<footer>Made by clause \(HTML.escape(CLI.version)) from <code>\(HTML.escape(policy.source.name))</code> and <code>\(HTML.escape(caseName))</code>. "
            + "This page explains how the policy applies to the case; it is not a claim or a guarantee of payment.</footer>\n"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    var title: String {
        "\(decisionWord): \(decision.treatmentDisplayName)" + (decision.caseID.map { " (case \($0))" } ?? "")
    }

    var decisionWord: String {
        switch decision.kind {
        case .covered: return "Covered"
        case .partiallyCovered: return "Partially covered"
        case .denied: return "Denied"
        case .pending: return "Pending"
        case .needsInformation: return "Needs information"
        }
    }

    /// `Decision.summary` without its leading "Covered: " (the verdict above already says it).
    var summarySentence: String {
        let prefix = decisionWord + ": "
        guard decision.summary.hasPrefix(prefix) else { return decision.summary }
        let rest = decision.summary.dropFirst(prefix.count)
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    var decisionClass: String {
        switch decision.kind {
        case .covered: return "ok"
        case .partiallyCovered, .pending, .needsInformation: return "warn"
        case .denied: return "bad"
        }
    }

    func section(_ heading: String, _ content: String, class cls: String? = nil) -> String {
        let attr = cls.map { " class=\"\($0)\"" } ?? ""
        return "<section\(attr)>\n<h2>\(HTML.escape(heading))</h2>\n\(content)</section>\n"
    }

    func header() -> String {
        var meta: [String] = []
        if let payer = policy.payer { meta.append(HTML.escape(payer)) }
        if let version = policy.version { meta.append("version " + HTML.escape(version)) }
        if let effective = policy.effective { meta.append("effective \(effective)") }
        if let expires = policy.expires { meta.append("expires \(expires)") }
        // The bulletin: its number and dates, the number linked to its address.
        let b = policy.bulletin
        var bulletin: [String] = []
        if let number = b.number ?? (b.source == nil ? nil : "bulletin") {
            bulletin.append(b.source.map { "<a href=\"\(HTML.escape($0))\">\(HTML.escape(number))</a>" } ?? HTML.escape(number))
        }
        if let dates = b.dates { bulletin.append(HTML.escape(dates)) }
        let bulletinLine = bulletin.isEmpty ? "" : "\n<p class=\"meta\">\(bulletin.joined(separator: " · "))</p>"
        return """
        <header>
        <p class="eyebrow">Coverage decision</p>
        <h1>\(HTML.escape(policy.title))</h1>
        <p class="meta">\(meta.joined(separator: " · "))</p>\(bulletinLine)
        </header>

        """
    }

    func banner() -> String {
        let d = decision
        var facts: [String] = []
        facts.append("<div><dt>Sessions</dt><dd>\(d.coveredSessions) of \(d.requestedSessions) covered</dd></div>")
        if let cost = d.cost {
            let suffix = cost.ifRequirementsMet ? " once requirements are met" : ""
            facts.append("<div><dt>You pay</dt><dd>\(HTML.escape(cost.patientPays.dollars))\(suffix)</dd></div>")
            facts.append("<div><dt>The plan pays</dt><dd>\(HTML.escape(cost.planPays.dollars))</dd></div>")
        }
        if let next = d.nextCoverableDate {
            facts.append("<div><dt>Next coverable date</dt><dd>\(next)</dd></div>")
        }
        let kind = d.denialKind.map { " <span class=\"kind\">\(HTML.escape($0.rawValue))</span>" } ?? ""
        return """
        <section class="decision \(decisionClass)">
        <p class="verdict">\(HTML.escape(decisionWord))\(kind)</p>
        <p class="summary">\(HTML.escape(summarySentence))</p>
        <dl class="facts">\(facts.joined())</dl>
        </section>

        """
    }

    func requestFacts() -> String {
        let d = decision
        var rows: [(String, String)] = []
        var request = "\(d.treatmentDisplayName), \(d.requestedSessions) \(d.requestedSessions == 1 ? "session" : "sessions") on \(d.requestDate)"
        if let id = d.caseID { request += " (case \(id))" }
        rows.append(("Request", request))
        if let indication = d.indication {
            var text = indication
            if let fda = d.fdaStatus { text += ", FDA status " + fda.rawValue.replacingOccurrences(of: "_", with: "-") + " for this indication" }
            rows.append(("Indication", text))
        }
        if let tier = d.tier { rows.append(("Network tier", tier)) }
        if let course = d.course, text.showsCourse(d) { rows.append(("Review", course.sentence)) }
        let cells = rows.map { "<tr><th>\(HTML.escape($0.0))</th><td>\(HTML.escape($0.1))</td></tr>" }.joined(separator: "\n")
        return section("The request", "<table class=\"kv\">\n\(cells)\n</table>\n")
    }
}
