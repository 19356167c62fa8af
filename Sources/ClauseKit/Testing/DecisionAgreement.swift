/// Agreement of the evaluator's paths on one case: the fast decision (`decide(c)`) and the
/// explained one (`decide(c, explain: true)`) must agree on everything but the explanation, and
/// `clause batch` must write each exactly as `clause eval --format json` would. Used by the
/// generated-policy differential tests and the `generated` fuzz target.
public enum DecisionAgreement {
    /// The explained decision's JSON, compact, as `clause eval --format json` prints it (less
    /// the layout) and `clause batch --explain` writes it.
    public static func evalJSON(_ d: Decision) -> String {
        JSONWriter.write(d.json, pretty: false)
    }

    /// The decision's JSON less what only the explanation holds: `reasons`, `paths_to_coverage`
    /// and the `summary` that quotes the reasons.
    public static func withoutExplanation(_ d: Decision) -> String {
        guard case .object(var o) = d.json else { return "not an object" }
        o["reasons"] = nil
        o["paths_to_coverage"] = nil
        o["summary"] = nil
        return JSONWriter.write(.object(o), pretty: false)
    }

    /// Nil when both paths agree on the case; else what differs, in a few lines.
    public static func disagreement(_ policy: CompiledPolicy, _ c: PatientCase) -> String? {
        let fast: Result<Decision, EvaluationError>
        do { fast = .success(try policy.decide(c)) } catch { fast = .failure(error) }
        let explained: Result<Decision, EvaluationError>
        do { explained = .success(try policy.decide(c, explain: true)) } catch { explained = .failure(error) }
        switch (fast, explained) {
        case (.failure(let a), .failure(let b)):
            return a.message == b.message && a.line == b.line ? nil
                : "errors differ:\n  fast:      line \(a.line): \(a.message)\n  explained: line \(b.line): \(b.message)"
        case (.failure(let a), .success(let b)):
            return "the fast path throws, the explained path decides:\n  fast:      line \(a.line): \(a.message)\n  explained: \(withoutExplanation(b))"
        case (.success(let a), .failure(let b)):
            return "the explained path throws, the fast path decides:\n  fast:      \(withoutExplanation(a))\n  explained: line \(b.line): \(b.message)"
        case (.success(let a), .success(let b)):
            return disagreement(fast: a, explained: b)
        }
    }

    /// Nil when two decisions of the same case agree on everything but the explanation.
    public static func disagreement(fast a: Decision, explained b: Decision) -> String? {
        var problems: [String] = []
        func same<T: Equatable>(_ what: String, _ x: T, _ y: T) {
            if x != y { problems.append("\(what): fast \(x), explained \(y)") }
        }
        same("decision", a.kind, b.kind)
        same("denial kind", a.denialKind, b.denialKind)
        same("sessions requested", a.requestedSessions, b.requestedSessions)
        same("sessions covered", a.coveredSessions, b.coveredSessions)
        same("plan pays", a.cost?.planPays, b.cost?.planPays)
        same("patient pays", a.cost?.patientPays, b.cost?.patientPays)
        same("tier", a.cost?.tier ?? a.tier, b.cost?.tier ?? b.tier)
        same("per-session costs", a.cost?.sessions ?? [], b.cost?.sessions ?? [])
        same("cost missing", a.costMissing, b.costMissing)
        same("missing", a.missing, b.missing)
        same("unmet", a.unmet, b.unmet)
        same("session limits", a.sessionLimits.map(\.json), b.sessionLimits.map(\.json))
        same("dose limits", a.doseLimits.map(\.json), b.doseLimits.map(\.json))
        same("course", a.course, b.course)
        same("benefit maximums", a.benefitMaximums.map(\.json), b.benefitMaximums.map(\.json))
        same("next coverable date", a.nextCoverableDate, b.nextCoverableDate)
        same("deciding rules", a.decidingRules, b.decidingRules)
        same("fda status", a.fdaStatus, b.fdaStatus)
        same("indication", a.indication, b.indication)
        let x = withoutExplanation(a), y = withoutExplanation(b)
        if x != y { problems.append("decision JSON differs:\n  fast:      \(x)\n  explained: \(y)") }
        // `clause batch` without `--explain` writes the fast decision through the byte sink.
        let direct = String(decoding: a.compactJSONBytes, as: UTF8.self)
        if direct != x { problems.append("the byte sink differs from the JSON tree:\n  bytes: \(direct)\n  tree:   \(x)") }
        return problems.isEmpty ? nil : problems.joined(separator: "\n")
    }

    /// Nil when `clause batch` (with and without `--explain`) writes, for the case on one line,
    /// what `decide` gives: the explained decision's compact JSON, and the fast decision less the
    /// explanation; or, for a case that cannot be decided, an error object in both.
    public static func batchDisagreement(_ policy: CompiledPolicy, caseLine: String) -> String? {
        let bytes = Array(caseLine.utf8)
        var explainedLine: [UInt8] = [], fastLine: [UInt8] = []
        let explainedOK = BatchDecider(policy: policy, explain: true).decide(line: bytes[...], number: 1, into: &explainedLine)
        let fastOK = BatchDecider(policy: policy, explain: false).decide(line: bytes[...], number: 1, into: &fastLine)
        guard explainedOK == fastOK else {
            return "clause batch decides the case explained: \(explainedOK), unexplained: \(fastOK)\n  "
                + String(decoding: explainedLine, as: UTF8.self) + "  " + String(decoding: fastLine, as: UTF8.self)
        }
        guard explainedOK else { return nil }
        guard let c = try? CaseDecoder.decode(bytes: bytes, vocabulary: policy.policy.vocabulary),
              let explained = try? policy.decide(c, explain: true) else {
            return "clause batch decided a case that decide() refuses"
        }
        var problems: [String] = []
        let wantExplained = evalJSON(explained) + "\n"
        let gotExplained = String(decoding: explainedLine, as: UTF8.self)
        if gotExplained != wantExplained {
            problems.append("the explained clause batch line differs from the eval JSON:\n  batch: \(gotExplained)  eval:  \(wantExplained)")
        }
        let wantFast = withoutExplanation(explained) + "\n"
        let gotFast = String(decoding: fastLine, as: UTF8.self)
        if gotFast != wantFast {
            problems.append("clause batch line differs from the eval JSON less the explanation:\n  batch: \(gotFast)  eval:  \(wantFast)")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "\n")
    }
}
