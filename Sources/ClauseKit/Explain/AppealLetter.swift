import Foundation

/// A Markdown draft of an appeal letter for a denied, pending or partially covered case:
/// the policy cited by title, version and line; each criterion met, with the case's evidence;
/// the reason given and the answer to it (what the path to coverage says is needed, and what
/// is enclosed); the documents to attach; and the deadlines of the policy's `appeals` block
/// (or the ACA defaults). Placeholders a person must fill in are in [square brackets].
public struct AppealLetter {
    public let policy: CheckedPolicy
    public let patientCase: PatientCase
    public let decision: Decision
    /// The date of the notice being appealed; the deadlines count from it.
    public let noticeDate: Day

    public init(policy: CheckedPolicy, patientCase: PatientCase, decision: Decision, noticeDate: Day? = nil) {
        self.policy = policy
        self.patientCase = patientCase
        var d = decision
        if d.pathsToCoverage == nil {
            d.pathsToCoverage = PathToCoverage.find(CompiledPolicy(policy), patientCase: patientCase, decision: decision)
        }
        self.decision = d
        self.noticeDate = noticeDate ?? decision.requestDate
    }

    /// Why a decision cannot be appealed, or nil when it can.
    public static func notAppealable(_ d: Decision) -> String? {
        switch d.kind {
        case .covered: return "the case is covered: there is nothing to appeal"
        case .needsInformation:
            return "the decision needs information, not an appeal: add \(d.missing.joined(separator: ", ")) to the case and evaluate again"
        case .denied, .pending, .partiallyCovered: return nil
        }
    }

    /// The cover rule the letter argues under: the one that decided, else the one with the
    /// smallest path to coverage, else the first for the treatment.
    /// After an experimental denial, only a cover rule whose criteria hold is argued under: the
    /// letter never asks for facts the case does not have (a clinical trial, say).
    var coverRule: Rule? {
        if let r = decision.decidingRules.first, policy.rules[r].kind == .cover { return policy.rules[r] }
        if decision.denialKind == .experimental {
            return decision.reasons.first { $0.kind == .cover && $0.outcome == .true }.map { policy.rules[$0.rule] }
        }
        if let r = decision.pathsToCoverage?.first?.rule { return policy.rules[r] }
        return policy.coverRules(of: patientCase.request.treatment, for: policy.review(of: patientCase)).first.map { policy.rules[$0] }
    }

    var policyCitation: String {
        var s = "\"\(policy.title)\""
        if let v = policy.version { s += ", version \(v)" }
        if let p = policy.payer { s += " (\(p))" }
        if let e = policy.effective { s += ", effective \(e)" }
        if let bulletin = policy.bulletin.citation { s += "; bulletin \(bulletin)" }
        return s
    }

    public func render() -> String {
        var out = "# Appeal of a coverage decision: \(decision.treatmentDisplayName)\n\n"
        out += header()
        out += "\n## The decision being appealed\n\n"
        out += "On \(noticeDate) the plan answered the request of \(decision.requestDate) for \(decision.requestedSessions) "
        out += "\(decision.requestedSessions == 1 ? "session" : "sessions") of \(decision.treatmentDisplayName):\n\n"
        out += "> \(decision.summary)\n\n"
        if decision.denialKind == .authorizationDenied {
            out += "I appeal the plan's denial of the prior authorization and ask the plan to approve it and cover the treatment "
            out += "as requested, under its policy \(policyCitation).\n"
        } else {
            out += "I ask the plan to reverse this decision and cover the treatment as requested, under its policy \(policyCitation).\n"
        }
        out += criteriaSection()
        out += reasonSection()
        out += documentsSection()
        out += deadlinesSection()
        out += "\nSincerely,\n\n[Name of the member or of the prescribing clinician]  \n[Role, NPI, phone]\n"
        out += "\n---\n*Draft prepared by `clause appeal` from the policy and the case; check every statement against the chart before sending.*\n"
        return out
    }

    func header() -> String {
        var out = ""
        let to = policy.payer.map { "\($0), Appeals" } ?? "[Plan name], Appeals"
        out += "**To:** \(to)" + (policy.appeals.address.map { ", \($0)" } ?? ", [appeals address]") + "  \n"
        out += "**From:** [Member name], member ID [member ID]" + (decision.caseID.map { " (case `\($0)`)" } ?? "") + "  \n"
        out += "**Date:** [date]  \n"
        out += "**Re:** \(kindPhrase) \(decision.denialKind == .authorizationDenied ? "for" : "of") \(decision.treatmentDisplayName)"
        if let code = billingCode { out += " (\(code))" }
        if decision.denialKind == .experimental { out += " as experimental or investigational" }
        out += ", requested \(decision.requestDate)"
        if let ind = decision.indication { out += ", diagnosis \(ind)" }
        out += "\n"
        return out
    }

    var kindPhrase: String {
        switch decision.kind {
        case .denied:
            switch decision.denialKind {
            case .authorizationDenied?: return "Denial of prior authorization"
            default: return "Denial"
            }
        case .pending: return "Pending decision"
        case .partiallyCovered: return "Partial coverage"
        default: return "Decision"
        }
    }

    var billingCode: String? {
        if case .string(let c)? = patientCase.root.value(at: ["request", "code"]) { return c.uppercased() }
        return policy.treatments[patientCase.request.treatment].billingCodes.first
    }

    // MARK: Criteria

    func criteriaSection() -> String {
        guard let rule = coverRule, let trace = decision.reasons.first(where: { $0.rule == rule.index }) else { return "" }
        var out = "\n## The coverage criteria and how they are met\n\n"
        out += "The policy's rule \"\(rule.title ?? "cover \(decision.treatment)")\" (line \(rule.line)) covers the treatment when "
        out += trace.when.block.map { "\($0.description) these hold" } ?? "this holds"
        out += ":\n\n"
        for c in trace.topCriteria { out += criterionLine(c) }
        return out
    }

    /// How a criterion is named in the letter: its label, else its source on one line.
    static func name(_ c: CriterionTrace) -> String {
        if let label = c.label { return label }
        if let block = c.block { return block.description + " the following" }
        let oneLine = c.source.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        return "`" + (oneLine.count > 80 ? String(oneLine.prefix(77)) + "…" : oneLine) + "`"
    }

    func criterionLine(_ c: CriterionTrace) -> String {
        let name = AppealLetter.name(c)
        var line = "- **\(name)** (policy line \(c.line))"
        switch c.outcome {
        case .true:
            line += ": met."
            let evidence = c.values.filter { $0.value != nil }.map { "\($0.path) = \($0.value ?? "")" }
            if !evidence.isEmpty { line += " Evidence: " + evidence.joined(separator: "; ") + "." }
            if !c.children.isEmpty {
                let met = c.children.filter { $0.outcome == .true }.map(AppealLetter.name)
                line += " Met through: " + met.joined(separator: "; ") + "."
            }
        case .false, .unknown:
            line += c.outcome == .false ? ": the plan found this not met." : ": the plan lacked the facts to decide this."
            if let fix = changes(for: c) {
                line += " Enclosed is documentation showing: \(fix)."
            } else {
                line += " [Explain how the member meets it and enclose the evidence.]"
            }
        }
        return line + "\n"
    }

    /// What the smallest path to coverage asks for this criterion (matched by label or line,
    /// through its entries), in words.
    func changes(for c: CriterionTrace) -> String? {
        guard let path = decision.pathsToCoverage?.first else { return nil }
        var names = Set<String>(), lines = Set<Int>()
        func collect(_ t: CriterionTrace) {
            names.insert(t.label ?? t.source)
            lines.insert(t.line)
            t.children.forEach(collect)
        }
        collect(c)
        let texts = path.changes.filter { ch in
            (ch.criterion.map(names.contains) ?? false) || (ch.kind != .requirement && (ch.line.map(lines.contains) ?? false))
        }.map(decision.describe)
        return texts.isEmpty ? nil : texts.joined(separator: "; and ")
    }
}
