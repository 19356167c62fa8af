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
        body += patientNextSteps()
        body += whoToCall()
        if let cost = d.cost {
            body += costSection(cost)
        } else if !d.costMissing.isEmpty {
            body += section("Cost", "<p>The cost cannot be worked out yet: the plan needs more facts about the request.</p>")
        }
        body += authorDetails()
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
}
