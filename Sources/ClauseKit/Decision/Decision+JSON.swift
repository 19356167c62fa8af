/// The JSON view of a decision (LANGUAGE.md §6). Keys are always in the same order.
extension Decision {
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = []
        if let caseID { pairs.append(("id", .string(caseID))) }
        pairs.append(("decision", .string(kind.rawValue)))
        if let denialKind { pairs.append(("denial_kind", .string(denialKind.rawValue))) }
        pairs.append(("treatment", .string(treatment)))
        pairs.append(("summary", .string(summary)))
        pairs.append(("policy", .obj([
            ("title", .string(policyTitle)),
            ("version", policyVersion.map(JSONValue.string) ?? .null),
        ])))
        pairs.append(("request_date", .string(requestDate.description)))
        pairs.append(("indication", indication.map(JSONValue.string) ?? .null))
        pairs.append(("fda_status", fdaStatus.map { .string($0.rawValue) } ?? .null))
        if kind == .needsInformation { pairs.append(("missing", .array(missing.map(JSONValue.string)))) }
        if kind == .pending { pairs.append(("unmet", .array(unmet.map { .string($0.text) }))) }
        pairs.append(("sessions", .obj([("requested", .int(requestedSessions)), ("covered", .int(coveredSessions))])))
        pairs.append(("cost", costJSON))
        if let nextCoverableDate { pairs.append(("next_coverable_date", .string(nextCoverableDate.description))) }
        if !sessionLimits.isEmpty || !benefitMaximums.isEmpty {
            pairs.append(("limits", .array(sessionLimits.map(\.json) + benefitMaximums.map(\.json))))
        }
        if let pathsToCoverage { pairs.append(("paths_to_coverage", .array(pathsToCoverage.map(\.json)))) }
        pairs.append(("reasons", .array(reasons.map { $0.json(deciding: decidingRules.contains($0.rule)) })))
        return .object(JSONObject(pairs))
    }

    var costJSON: JSONValue {
        guard let cost else {
            return .obj([("tier", tier.map(JSONValue.string) ?? .null), ("plan_pays", .null), ("patient_pays", .null),
                         ("missing", .array(costMissing.map(JSONValue.string)))])
        }
        var pairs: [(String, JSONValue)] = [
            ("tier", cost.tier.map(JSONValue.string) ?? .null),
            ("plan_pays", .money(cost.planPays)),
            ("patient_pays", .money(cost.patientPays)),
        ]
        if cost.ifRequirementsMet { pairs.append(("if_requirements_met", .bool(true))) }
        pairs.append(("per_session", .array(cost.sessions.prefix(1000).map(\.json))))
        return .object(JSONObject(pairs))
    }
}

extension SessionCost {
    var json: JSONValue {
        .obj([
            ("session", .int(number)), ("covered", .bool(covered)), ("allowed", .money(allowed)),
            ("deductible", .money(deductible)), ("copay", .money(copay)), ("coinsurance", .money(coinsurance)),
            ("over_benefit_maximum", .money(overMaximum)), ("out_of_pocket_capped", .bool(outOfPocketCapped)),
            ("patient_pays", .money(patientPays)), ("plan_pays", .money(planPays)),
        ])
    }
}

extension SessionLimitCheck {
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("limit", .string(text)), ("line", .int(line)), ("applies", .bool(applies)), ("week", .int(week)),
            ("window", .obj([("after", .string(windowStart.description)), ("through", .string(windowEnd.description))])),
            ("used", .int(used)), ("remaining", .int(remaining)),
        ]
        if let nextAvailable { pairs.append(("next_available", .string(nextAvailable.description))) }
        return .object(JSONObject(pairs))
    }
}

extension BenefitMaximumCheck {
    var json: JSONValue {
        .obj([("limit", .string(text)), ("line", .int(line)), ("maximum", .money(limit)),
              ("already_paid", .money(alreadyPaid)), ("remaining", .money(remaining))])
    }
}

extension RuleTrace {
    func json(deciding: Bool) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("kind", .string(kind.rawValue)),
            ("title", title.map(JSONValue.string) ?? .null),
            ("line", .int(line)),
            ("outcome", .string(outcome.rawValue)),
            ("deciding", .bool(deciding)),
        ]
        pairs.append(("criteria", .array(topCriteria.map(\.json))))
        if let unless { pairs.append(("unless", unless.json)) }
        if !missing.isEmpty { pairs.append(("missing", .array(missing.map(JSONValue.string)))) }
        return .object(JSONObject(pairs))
    }

    /// The criteria to list: the entries of a top-level `{ … }` block, else the lone `when` criterion.
    public var topCriteria: [CriterionTrace] {
        if when.block == .all && when.define == nil && when.label == nil { return when.children }
        return [when]
    }
}

extension CriterionTrace {
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("label", label.map(JSONValue.string) ?? .null),
            ("source", .string(source)),
        ]
        if let define { pairs.append(("define", .string(define))) }
        pairs.append(("line", .int(line)))
        pairs.append(("outcome", .string(outcome.rawValue)))
        if let block { pairs.append(("block", .string(block.description))) }
        if block == nil {
            pairs.append(("values", .object(JSONObject(values.map { ($0.path, $0.value.map(JSONValue.string) ?? .null) }))))
        }
        if !missing.isEmpty { pairs.append(("missing", .array(missing.map(JSONValue.string)))) }
        if !children.isEmpty { pairs.append(("criteria", .array(children.map(\.json)))) }
        if let note { pairs.append(("note", .string(note))) }
        return .object(JSONObject(pairs))
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
