import Foundation

/// The JSON view of a decision (LANGUAGE.md §6), written once: `write(to:explanation:)` holds
/// the schema, and `json` (a `JSONValue`, for `clause eval --format json`) and `appendJSON`
/// (bytes, for `clause batch`) are the same events sent to two sinks. Keys are always in the
/// same order.
extension Decision {
    /// The whole decision, explanation included.
    public var json: JSONValue {
        JSONValueSink.build { write(to: &$0, explanation: true) }
    }

    /// The decision as compact JSON (the text of `JSONWriter.write(json, pretty: false)`, less
    /// `summary` and `reasons` without the explanation), appended to `out`.
    public func appendJSON(to out: inout [UInt8], explanation: Bool) {
        JSONByteSink.append(to: &out) { write(to: &$0, explanation: explanation) }
    }

    /// The decision as one line of compact JSON, without `summary` and `reasons` (what
    /// `clause batch` writes when no explanation is asked for).
    public var compactJSONBytes: [UInt8] {
        var out: [UInt8] = []
        appendJSON(to: &out, explanation: false)
        return out
    }

    /// The schema. Without the explanation, `summary` (which quotes the reasons) and `reasons`
    /// are left out: `clause batch` collects them only when asked to.
    func write<S: JSONSink & ~Copyable>(to sink: inout S, explanation: Bool) {
        sink.beginObject()
        if let caseID { sink.key("id"); sink.string(caseID) }
        sink.key("decision"); sink.string(kind.rawValue)
        if let denialKind { sink.key("denial_kind"); sink.string(denialKind.rawValue) }
        sink.key("treatment"); sink.string(treatment)
        if explanation { sink.key("summary"); sink.string(summary) }
        sink.key("policy")
        sink.beginObject()
        sink.key("title"); sink.string(policyTitle)
        sink.key("version"); sink.string(policyVersion)
        if let number = bulletin.number { sink.key("number"); sink.string(number) }
        if let revised = bulletin.revised { sink.key("revised"); sink.date(revised) }
        if let reviewed = bulletin.reviewed { sink.key("reviewed"); sink.date(reviewed) }
        if let source = bulletin.source { sink.key("source"); sink.string(source) }
        sink.endObject()
        sink.key("request_date"); sink.date(requestDate)
        sink.key("indication"); sink.string(indication)
        sink.key("fda_status"); sink.string(fdaStatus?.rawValue)
        if let course {
            sink.key("review")
            sink.beginObject()
            sink.key("kind"); sink.string(course.review.rawValue)
            sink.key("given"); sink.bool(course.reviewGiven)
            sink.key("week"); sink.int(course.week)
            sink.key("course_started"); sink.date(course.started)
            sink.key("course_sessions"); sink.int(course.sessions)
            sink.endObject()
        }
        if kind == .needsInformation { sink.key("missing"); sink.strings(missing) }
        if kind == .pending {
            sink.key("unmet")
            sink.beginArray()
            for u in unmet { sink.string(u.text) }
            sink.endArray()
        }
        sink.key("sessions")
        sink.beginObject()
        sink.key("requested"); sink.int(requestedSessions)
        sink.key("covered"); sink.int(coveredSessions)
        sink.endObject()
        sink.key("cost"); writeCost(to: &sink)
        if let nextCoverableDate { sink.key("next_coverable_date"); sink.date(nextCoverableDate) }
        if !sessionLimits.isEmpty || !doseLimits.isEmpty || !benefitMaximums.isEmpty {
            sink.key("limits")
            sink.beginArray()
            for l in sessionLimits { l.write(to: &sink) }
            for l in doseLimits { l.write(to: &sink) }
            for b in benefitMaximums { b.write(to: &sink) }
            sink.endArray()
        }
        if let pathsToCoverage {
            sink.key("paths_to_coverage")
            sink.beginArray()
            for p in pathsToCoverage { p.write(to: &sink, describe: describe) }
            sink.endArray()
        }
        if explanation {
            sink.key("reasons")
            sink.beginArray()
            for r in reasons { r.write(to: &sink, deciding: decidingRules.contains(r.rule)) }
            sink.endArray()
        }
        sink.endObject()
    }

    func writeCost<S: JSONSink & ~Copyable>(to sink: inout S) {
        sink.beginObject()
        guard let cost else {
            sink.key("tier"); sink.string(tier)
            sink.key("plan_pays"); sink.null()
            sink.key("patient_pays"); sink.null()
            sink.key("missing"); sink.strings(costMissing)
            sink.endObject()
            return
        }
        sink.key("tier"); sink.string(cost.tier)
        sink.key("plan_pays"); sink.money(cost.planPays)
        sink.key("patient_pays"); sink.money(cost.patientPays)
        if cost.ifRequirementsMet { sink.key("if_requirements_met"); sink.bool(true) }
        sink.key("per_session")
        sink.beginArray()
        for s in cost.sessions.prefix(1000) { s.write(to: &sink) }
        sink.endArray()
        sink.endObject()
    }
}

extension SessionCost {
    func write<S: JSONSink & ~Copyable>(to sink: inout S) {
        sink.beginObject()
        sink.key("session"); sink.int(number)
        sink.key("covered"); sink.bool(covered)
        sink.key("allowed"); sink.money(allowed)
        sink.key("deductible"); sink.money(deductible)
        sink.key("copay"); sink.money(copay)
        sink.key("coinsurance"); sink.money(coinsurance)
        sink.key("over_benefit_maximum"); sink.money(overMaximum)
        sink.key("out_of_pocket_capped"); sink.bool(outOfPocketCapped)
        sink.key("patient_pays"); sink.money(patientPays)
        sink.key("plan_pays"); sink.money(planPays)
        sink.endObject()
    }
}

enum JSONSinks {
    /// What every limit entry begins with: its text, line, whether it applies in this week of
    /// treatment, and its window `(after, through]`.
    static func limitHead<S: JSONSink & ~Copyable>(to sink: inout S, text: String, line: Int, applies: Bool, week: Int,
                                                  window: (after: Day, through: Day)) {
        sink.key("limit"); sink.string(text)
        sink.key("line"); sink.int(line)
        sink.key("applies"); sink.bool(applies)
        sink.key("week"); sink.int(week)
        sink.key("window")
        sink.beginObject()
        sink.key("after"); sink.date(window.after)
        sink.key("through"); sink.date(window.through)
        sink.endObject()
    }
}

extension SessionLimitCheck {
    public var json: JSONValue { JSONValueSink.build { write(to: &$0) } }

    func write<S: JSONSink & ~Copyable>(to sink: inout S) {
        sink.beginObject()
        JSONSinks.limitHead(to: &sink, text: text, line: line, applies: applies, week: week, window: (windowStart, windowEnd))
        sink.key("used"); sink.int(used)
        if notCounted > 0 { sink.key("not_counted"); sink.int(notCounted) }
        sink.key("remaining"); sink.int(remaining)
        if let nextAvailable { sink.key("next_available"); sink.date(nextAvailable) }
        sink.endObject()
    }
}

extension DoseLimitCheck {
    public var json: JSONValue { JSONValueSink.build { write(to: &$0) } }

    func write<S: JSONSink & ~Copyable>(to sink: inout S) {
        func mg(_ d: Decimal) { sink.value(.number(d, text: "\(d)")) }
        sink.beginObject()
        JSONSinks.limitHead(to: &sink, text: text, line: line, applies: applies, week: week, window: (windowStart, windowEnd))
        sink.key("used_mg"); mg(used)
        sink.key("sessions_counted"); sink.int(sessionsCounted)
        sink.key("remaining_mg"); mg(remaining)
        if let dose { sink.key("dose_mg"); mg(dose) }
        if let sessionsAllowed { sink.key("sessions_allowed"); sink.int(sessionsAllowed) }
        sink.endObject()
    }
}

extension BenefitMaximumCheck {
    public var json: JSONValue { JSONValueSink.build { write(to: &$0) } }

    func write<S: JSONSink & ~Copyable>(to sink: inout S) {
        sink.beginObject()
        sink.key("limit"); sink.string(text)
        sink.key("line"); sink.int(line)
        sink.key("maximum"); sink.money(limit)
        sink.key("already_paid"); sink.money(alreadyPaid)
        sink.key("remaining"); sink.money(remaining)
        sink.endObject()
    }
}

extension RuleTrace {
    func write<S: JSONSink & ~Copyable>(to sink: inout S, deciding: Bool) {
        sink.beginObject()
        sink.key("kind"); sink.string(kind.rawValue)
        sink.key("title"); sink.string(title)
        sink.key("line"); sink.int(line)
        sink.key("outcome"); sink.string(outcome.rawValue)
        sink.key("deciding"); sink.bool(deciding)
        sink.key("criteria")
        sink.beginArray()
        for c in topCriteria { c.write(to: &sink) }
        sink.endArray()
        if let unless { sink.key("unless"); unless.write(to: &sink) }
        if !missing.isEmpty { sink.key("missing"); sink.strings(missing) }
        sink.endObject()
    }

    /// The criteria to list: the entries of a top-level `{ … }` block, else the lone `when` criterion.
    public var topCriteria: [CriterionTrace] {
        if when.block == .all && when.define == nil && when.label == nil { return when.children }
        return [when]
    }
}

extension CriterionTrace {
    func write<S: JSONSink & ~Copyable>(to sink: inout S) {
        sink.beginObject()
        sink.key("label"); sink.string(label)
        sink.key("source"); sink.string(source)
        if let define { sink.key("define"); sink.string(define) }
        sink.key("line"); sink.int(line)
        sink.key("outcome"); sink.string(outcome.rawValue)
        if let block { sink.key("block"); sink.string(block.description) }
        if block == nil {
            // One member per path: the evaluator keeps the first value read of each
            // (`Recorder.dedupe`).
            sink.key("values")
            sink.beginObject()
            for v in values { sink.key(text: v.path); sink.string(v.value) }
            sink.endObject()
        }
        if !missing.isEmpty { sink.key("missing"); sink.strings(missing) }
        if !children.isEmpty {
            sink.key("criteria")
            sink.beginArray()
            for c in children { c.write(to: &sink) }
            sink.endArray()
        }
        if let note { sink.key("note"); sink.string(note) }
        sink.endObject()
    }
}

extension CoveragePath {
    /// `paths_to_coverage` entries.
    /// `describe`: how the decision words a change (`Decision.describe`), so the JSON says
    /// what the text says (a denied authorization is to be reversed, not merely obtained).
    func write<S: JSONSink & ~Copyable>(to sink: inout S, describe: (CoverageChange) -> String = \.words) {
        sink.beginObject()
        sink.key("summary"); sink.string(sentence(describing: describe))
        sink.key("nature"); sink.string(nature.rawValue)
        if let ruleTitle { sink.key("rule"); sink.string(ruleTitle) }
        if let ruleLine { sink.key("rule_line"); sink.int(ruleLine) }
        sink.key("changes")
        sink.beginArray()
        for c in changes { c.write(to: &sink, describe: describe) }
        sink.endArray()
        sink.key("verified")
        if let verified { sink.bool(verified) } else { sink.null() }
        if let verifiedDecision { sink.key("verified_decision"); sink.string(verifiedDecision.rawValue) }
        sink.endObject()
    }
}

extension CoverageChange {
    func write<S: JSONSink & ~Copyable>(to sink: inout S, describe: (CoverageChange) -> String = \.words) {
        sink.beginObject()
        sink.key("kind"); sink.string(kind.rawValue)
        sink.key("nature"); sink.string(nature.rawValue)
        sink.key("change"); sink.string(describe(self))
        sink.key("detail"); sink.string(text)
        if let criterion { sink.key("criterion"); sink.string(criterion) }
        if let line { sink.key("line"); sink.int(line) }
        if let path { sink.key("path"); sink.string(path) }
        if !edits.isEmpty {
            sink.key("edits")
            sink.beginArray()
            for edit in edits {
                sink.beginObject()
                switch edit {
                case .set(let p, let v):
                    sink.key("set"); sink.string(p.joined(separator: "."))
                    sink.key("value"); sink.value(v)
                case .append(let p, let v):
                    sink.key("append"); sink.string(p.joined(separator: "."))
                    sink.key("value"); sink.value(v)
                case .remove(let p):
                    sink.key("remove"); sink.string(p.joined(separator: "."))
                case .ensureList(let p):
                    sink.key("ensure_list"); sink.string(p.joined(separator: "."))
                }
                sink.endObject()
            }
            sink.endArray()
        }
        sink.endObject()
    }
}

extension BlockKind: CustomStringConvertible {
    public var description: String {
        switch self {
        case .all: return "all of"
        case .any: return "any of"
        case .atLeast(let n): return "at least \(n) of"
        }
    }
}
