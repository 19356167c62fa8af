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
        self.nearestCoverRule = AppealLetter.nearestCoverRule(policy, patientCase, d)
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

    /// The cover rule the letter argues under, decided once (`nearestCoverRule(_:_:_:)`) and
    /// used by every section: the criteria listed, the answer to the reason, the documents and
    /// the lines cited.
    public let nearestCoverRule: Rule?

    /// The cover rule for the requested treatment (and review) nearest to covering the case:
    /// the cover rule that decided because it holds; otherwise the one with the fewest top-level
    /// criteria not met (then the fewest found false rather than unknown, then the first in
    /// the policy). After an experimental denial, only a cover rule whose criteria all hold is
    /// argued under: the letter never asks for facts the case does not have (a clinical trial, say).
    public static func nearestCoverRule(_ policy: CheckedPolicy, _ patientCase: PatientCase, _ decision: Decision) -> Rule? {
        // A cover rule that decided because it holds (covered in part, pending, a denied
        // authorization); after criteria not met every cover rule "decides", none holding.
        if let r = decision.decidingRules.first(where: { r in decision.reasons.contains { $0.rule == r && $0.outcome == .true } }),
           policy.rules[r].kind == .cover {
            return policy.rules[r]
        }
        if decision.denialKind == .experimental {
            return decision.reasons.first { $0.kind == .cover && $0.outcome == .true }.map { policy.rules[$0.rule] }
        }
        let review = decision.course?.review ?? policy.review(of: patientCase)
        let candidates = policy.coverRules(of: patientCase.request.treatment, for: review)
        func distance(_ r: Int) -> (Int, Int) {
            guard let trace = decision.reasons.first(where: { $0.rule == r }) else { return (Int.max, Int.max) }
            let open = trace.topCriteria.filter { $0.outcome != .true }
            return (open.count, open.filter { $0.outcome == .false }.count)
        }
        var best: (rule: Int, distance: (Int, Int))?
        for r in candidates {
            let d = distance(r)
            if best.map({ d < $0.distance }) ?? true { best = (r, d) }
        }
        return best.map { policy.rules[$0.rule] }
    }

    /// The path to coverage the letter answers the reason with: the smallest path through the
    /// nearest cover rule, else the first path.
    var argued: CoveragePath? {
        let paths = decision.pathsToCoverage ?? []
        return paths.first { $0.rule != nil && $0.rule == nearestCoverRule?.index } ?? paths.first
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
        out += "\(Plural.word(decision.requestedSessions, "session")) of \(decision.treatmentDisplayName):\n\n"
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
        guard let rule = nearestCoverRule, let trace = decision.reasons.first(where: { $0.rule == rule.index }) else { return "" }
        var out = "\n## The coverage criteria and how they are met\n\n"
        out += "The policy's rule \"\(rule.title ?? "cover \(decision.treatment)")\" (line \(rule.line)) covers the treatment when "
        out += trace.when.block.map { "\($0.description) these hold" } ?? "this holds"
        out += ":\n\n"
        for c in trace.topCriteria { out += criterionLine(c) }
        return out
    }

    /// How a criterion is named in the letter: its label, else the define it names in words,
    /// else (a block) the kind of block,
    /// else its source described in words (`words(_:)`): never query syntax or case paths.
    static func name(_ c: CriterionTrace) -> String {
        if let label = c.label { return label }
        if let define = c.define { return define.replacingOccurrences(of: "_", with: " ") }
        if let block = c.block { return block.description + " the following" }
        let text = words(c.source)
        return text.count > 100 ? String(text.prefix(97)) + "…" : text
    }

    /// Policy or change text in words for a letter: a case path becomes its last field in
    /// words (`history.trials` → "trials", `patient.pregnant` → "pregnant"), an operator its
    /// words (`>=` → "at least", `where` → "with"), whitespace one space.
    static func words(_ text: String) -> String {
        var out = "", i = text.startIndex
        func isStart(_ ch: Character) -> Bool { ch.isLetter || ch == "_" }
        func isPart(_ ch: Character) -> Bool { ch.isLetter || ch.isNumber || ch == "_" }
        while i < text.endIndex {
            let ch = text[i]
            guard isStart(ch), out.last.map({ !isPart($0) && $0 != "." }) ?? true else {
                out.append(ch); i = text.index(after: i); continue
            }
            // An identifier, with its dotted (and indexed) continuations.
            var components: [Substring] = [], j = i
            while true {
                let begin = j
                while j < text.endIndex, isPart(text[j]) { j = text.index(after: j) }
                components.append(text[begin..<j])
                while j < text.endIndex, text[j] == "[", let close = text[j...].firstIndex(of: "]") { j = text.index(after: close) }
                guard j < text.endIndex, text[j] == ".", text.index(after: j) < text.endIndex,
                      isStart(text[text.index(after: j)]) else { break }
                j = text.index(after: j)
            }
            if components.count > 1, components[0].count >= 3 {
                out += (components.last ?? "").replacingOccurrences(of: "_", with: " ")
            } else if components.count == 1 && components[0] == "fda" {
                out += "FDA"
            } else {
                out += text[i..<j]
            }
            i = j
        }
        var oneLine = out.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        for (op, word) in [(" >= ", " at least "), (" <= ", " at most "), (" == ", " is "), (" != ", " is not "),
                           (" > ", " more than "), (" < ", " less than "), (" where ", " with "), ("off_label", "off-label"),
                           ("distinct(", "different ("), ("count(", "number of (")] {
            oneLine = oneLine.replacingOccurrences(of: op, with: word)
        }
        return oneLine
    }

    /// What the case shows for a criterion, in words: each single value it read ("age: 34"),
    /// leaving out list entries, yes/no facts (the label says them) and the request date.
    static func evidence(_ c: CriterionTrace) -> String? {
        let seen = c.values.compactMap { v -> String? in
            guard let value = v.value, !v.path.contains("["), value != "true", value != "false", v.path != "request.date" else { return nil }
            return words("\(v.path): \(value)")
        }
        return seen.isEmpty ? nil : seen.joined(separator: "; ")
    }

    /// The bracketed placeholder for a fact the letter cannot claim: the clinician fills it
    /// in from the records or removes it.
    static func placeholder(_ what: String) -> String {
        "[The enclosed records document \(what) — fill in or remove.]"
    }

    /// The ONE line the letter cites a criterion by, everywhere: the line where the criterion
    /// appears in its rule (for a define named in the rule, the line naming it, not the
    /// define's). Criteria are taken in the letter's order (the cover rule argued under, then
    /// the deciding rules, each `when` before its `unless`), and a name met again (two
    /// criteria with one label) keeps the line it was first cited by.
    var citationLines: [String: Int] {
        var lines: [String: Int] = [:]
        func visit(_ t: CriterionTrace) {
            if lines[AppealLetter.name(t)] == nil { lines[AppealLetter.name(t)] = t.line }
            t.children.forEach(visit)
        }
        let rules = [nearestCoverRule?.index].compactMap { $0 } + decision.decidingRules
        for r in rules {
            guard let trace = decision.reasons.first(where: { $0.rule == r }) else { continue }
            trace.topCriteria.forEach(visit)
            trace.unless.map(visit)
        }
        return lines
    }

    func line(of c: CriterionTrace) -> Int { citationLines[AppealLetter.name(c)] ?? c.line }

    /// A criterion as the letter cites it: its name and its one line (`line(of:)`).
    func cite(_ c: CriterionTrace) -> String {
        "\(AppealLetter.name(c)) (policy line \(line(of: c)))"
    }

    /// Only a criterion whose outcome in the decision's trace is true is stated as met; the
    /// rest become placeholders naming what is not met (the unmet entries of a block).
    func criterionLine(_ c: CriterionTrace) -> String {
        var line = "- **\(AppealLetter.name(c))** (policy line \(line(of: c)))"
        switch c.outcome {
        case .true:
            line += ": met."
            if let evidence = AppealLetter.evidence(c) { line += " The case shows \(evidence)." }
            if !c.children.isEmpty {
                let met = c.children.filter { $0.outcome == .true }.map(AppealLetter.name)
                line += " Met through: " + met.joined(separator: "; ") + "."
            }
        case .false, .unknown:
            line += c.outcome == .false ? ": the plan found this not met." : ": the plan lacked the facts to decide this."
            // An unlabelled block: what is still open, with the kind of block ("any of: …").
            let open = c.children.filter { $0.outcome != .true }.map(AppealLetter.name).joined(separator: "; ")
            let what = c.label != nil || c.children.isEmpty ? "it: " + AppealLetter.name(c)
                : (c.block.map { "\($0.description): " } ?? "it: ") + open
            line += " " + AppealLetter.placeholder("that the member meets \(what)")
        }
        return line + "\n"
    }
}
