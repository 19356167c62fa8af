import Foundation

/// The boundaries of what the two versions mention: each constant a case path is compared with
/// (just below, at, just above), each code of each code set, each tier, each FDA indication and
/// approval date, the policy dates, each requirement, each session cap, dose limit and benefit
/// maximum, each phase's first week, the new-course break, each review kind and authorization
/// length (a kind's, a rule's own).
extension PolicyDiff {
    func boundaries(for treatment: String) -> [Variation] {
        var out: [Variation] = []
        var seen = Set<String>()
        func add(_ subject: String, _ value: String, _ edits: [CaseEdit]) {
            guard seen.insert(subject + "=" + value).inserted else { return }
            out.append(Variation(subject: subject, value: value, edits: edits))
        }
        let date = baseDate
        for compiled in [oldCompiled, newCompiled] {
            let policy = compiled.policy
            guard let t = policy.treatmentIndex(named: treatment) else { continue }
            // Constants in the rules for the treatment, and in the defines they use.
            var exprs: [ResolvedExpr] = []
            for r in policy.denyRules[t] + policy.coverRules[t] {
                exprs.append(policy.rules[r].when.expr)
                if let u = policy.rules[r].unless { exprs.append(u.expr) }
            }
            exprs += policy.defines.map(\.expr)
            for e in exprs { comparisons(in: e, compiled: compiled, add) }

            // FDA indications and approval dates.
            let tr = policy.treatments[t]
            for (set, since) in tr.approvals {
                for code in PolicyDiff.codes(policy.codeSets[set]) {
                    add("indication", code, [.set(["request", "diagnosis"], .string(code)), .append(["diagnoses"], .string(code))])
                }
                if let since {
                    for d in [since.addingDays(-1), since].compactMap({ $0 }) {
                        add("request.date", d.description, [.set(["request", "date"], .string(d.description))])
                    }
                }
            }
            for set in tr.investigational.compactMap({ $0 }) {
                for code in PolicyDiff.codes(policy.codeSets[set]) {
                    add("indication", code, [.set(["request", "diagnosis"], .string(code)), .append(["diagnoses"], .string(code))])
                }
            }
            // Policy dates.
            for d in [policy.effective, policy.effective?.addingDays(-1), policy.expires, policy.expires?.addingDays(-1)] {
                if let d { add("request.date", d.description, [.set(["request", "date"], .string(d.description))]) }
            }
            // Tiers.
            for tier in policy.tiers {
                add("provider.network", tier.name, [.set(["provider", "network"], .string(tier.name))])
                add("provider.network without referral", tier.name,
                    [.set(["provider", "network"], .string(tier.name)), .set(["provider", "referral"], .bool(false))])
            }
            // Requirements.
            for r in policy.coverRules[t] {
                for req in policy.rules[r].requirements {
                    switch req {
                    case .priorAuthorization(_, let lasting):
                        add("authorization.prior_authorization", "none", [.set(["authorization", "prior_authorization"], .string("none"))])
                        add("authorization.prior_authorization", "denied",
                            [.set(["authorization", "prior_authorization"], .string("denied"))])
                        if let lasting = lasting?.value {
                            authorizationBoundaries(lasting, date: date, add)
                        }
                    case .referral:
                        add("provider.referral", "false", [.set(["provider", "referral"], .bool(false))])
                    case .document(let doc):
                        add("documents", "without \"\(doc.value)\"", [.set(["documents"], .array([]))])
                    }
                }
            }
            limitBoundaries(policy: policy, treatment: t, date: date, add)
        }
        // Where a version tells review kinds apart, every variation is also tried as a request of
        // each kind given by the case: a rule `for initial` differs from its unrestricted form only
        // for the other kind's requests.
        if distinguishesReviewKinds(treatment) {
            let review = ReviewKind.allCases.map { CaseEdit.set(["request", "review"], .string($0.rawValue)) }
            for v in out where !v.edits.contains(where: review.contains) {
                for (kind, edit) in zip(ReviewKind.allCases, review) {
                    add(v.subject + ", \(kind.rawValue) request", v.value, v.edits + [edit])
                }
            }
        }
        return out
    }

    /// Whether either version decides a request of `treatment` by its review kind: a cover rule
    /// for one kind, a kind's own authorization length, or courses.
    func distinguishesReviewKinds(_ treatment: String) -> Bool {
        [old, new].contains { policy in
            guard let t = policy.treatmentIndex(named: treatment) else { return false }
            let limits = policy.limits[t]
            return limits.newCourseAfter != nil || !limits.reviewAuthorizationLasts.isEmpty
                || policy.coverRules[t].contains { policy.rules[$0].review != nil }
        }
    }

    func limitBoundaries(policy: CheckedPolicy, treatment t: Int, date: Day, _ add: (String, String, [CaseEdit]) -> Void) {
        let name = policy.treatments[t].name
        let limits = policy.limits[t]
        // Caps beyond 400 sessions are not probed (and their arithmetic cannot overflow).
        for cap in limits.sessions where cap.count <= 400 {
            for n in [cap.count - 1, cap.count, cap.count + 1] where n >= 1 {
                add("request.sessions", String(n), [.set(["request", "sessions"], .int(n))])
            }
            for used in [cap.count - 1, cap.count] where used >= 0 {
                // Past sessions one day apart ending the day before the request.
                let sessions: [JSONValue] = (0..<used).compactMap { i in date.addingDays(-(used - i)).map { pastSession(name, $0) } }
                add("past sessions", "\(used) in the \(cap.per) before the request", [.set(["sessions"], .array(sessions))])
            }
        }
        for maximum in limits.benefitMaximums {
            for paid in [maximum.amount, maximum.amount.subtracting(Money(cents: 5000))].compactMap({ $0 }) where paid.cents > 0 {
                guard let day = date.addingDays(-1) else { continue }
                let s: JSONValue = .obj([("treatment", .string(name)), ("date", .string(day.description)), ("plan_paid", .money(paid))])
                add("plan paid so far", paid.dollars, [.set(["sessions"], .array([s]))])
            }
        }
        if let lasts = limits.authorizationLasts { authorizationBoundaries(lasts, date: date, add) }
        for kind in ReviewKind.allCases {
            if let own = limits.reviewAuthorizationLasts[kind] { authorizationBoundaries(own.lasts, date: date, add) }
        }
        // Review kinds: each, given by the case, where a version tells them apart.
        if distinguishesReviewKinds(name) {
            for kind in ReviewKind.allCases {
                add("request.review", kind.rawValue, [.set(["request", "review"], .string(kind.rawValue))])
            }
        }
        doseBoundaries(limits.doses, name: name, date: date, add)
        // The first week of each phase: a course that started so that the request falls in that
        // week, or in the week before.
        let phases = limits.sessions.compactMap(\.phase) + limits.doses.compactMap(\.phase)
        let weeks = phases.flatMap { phase -> [Int] in
            switch phase {
            case .weeks(let a, let b): return [a, b &+ 1]
            case .fromWeek(let a): return [a]
            }
        }
        for week in Set(weeks).sorted() where week > 1 && week <= 520 {
            for back in [7 * (week - 1), 7 * (week - 1) - 1] {
                guard let start = Duration(back, .days).before(date) else { continue }
                add("course started", "\(Plural.count(back, "day")) before the request",
                    [.set(["sessions"], .array([pastSession(name, start)]))])
            }
        }
        // The new-course break: one past session just within it and just beyond it.
        if let gap = limits.newCourseAfter, let edge = gap.before(date) {
            for d in [edge.addingDays(1), edge, edge.addingDays(-1)].compactMap({ $0 }) {
                add("last session", d.description, [.set(["sessions"], .array([pastSession(name, d)]))])
            }
        }
    }

    /// A past session of the treatment on `day`; with a dose (1 mg unless given) when either
    /// version limits the treatment's doses, which then need one.
    func pastSession(_ name: String, _ day: Day, doseMg: Int? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [("treatment", .string(name)), ("date", .string(day.description)),
                                              ("plan_paid", .string("0.00"))]
        let limitsDoses = [old, new].contains { p in p.treatmentIndex(named: name).map { !p.limits[$0].doses.isEmpty } ?? false }
        if let mg = doseMg ?? (limitsDoses ? 1 : nil) { fields.append(("dose_mg", .int(mg))) }
        return .obj(fields)
    }

    /// Approval dates just within and just beyond an authorization length (each review kind is
    /// tried by `boundaries(for:)` where the versions tell them apart).
    func authorizationBoundaries(_ lasts: Duration, date: Day, _ add: (String, String, [CaseEdit]) -> Void) {
        guard let start = lasts.before(date) else { return }
        for d in [start, start.addingDays(1)].compactMap({ $0 }) {
            add("authorization.approved_on", d.description, [.set(["authorization", "approved_on"], .string(d.description))])
        }
    }

    /// Dose limits: a requested dose at half the cap, at it and above it; a window already holding
    /// the cap less one requested dose, and all of it.
    func doseBoundaries(_ doses: [DoseLimit], name: String, date: Day, _ add: (String, String, [CaseEdit]) -> Void) {
        for dose in doses where dose.milligrams <= 1_000_000 {
            let cap = NSDecimalNumber(decimal: dose.milligrams).intValue
            for mg in [cap / 2, cap, cap + 1] where mg >= 1 {
                add("request.dose_mg", String(mg), [.set(["request", "dose_mg"], .int(mg)), .set(["request", "sessions"], .int(1))])
            }
            guard let yesterday = date.addingDays(-1), cap >= 2 else { continue }
            let half = cap / 2
            for used in [cap - half, cap] {
                add("dose given so far", "\(used) mg the day before, \(half) mg requested",
                    [.set(["sessions"], .array([pastSession(name, yesterday, doseMg: used)])),
                     .set(["request", "dose_mg"], .int(half)), .set(["request", "sessions"], .int(1))])
            }
        }
    }

    /// Comparisons of a case path (or a count) with a constant, and code set tests, anywhere in `e`.
    func comparisons(in e: ResolvedExpr, compiled: CompiledPolicy, _ add: (String, String, [CaseEdit]) -> Void) {
        switch e.kind {
        case .binary(let op, let l, let r) where op.isComparison:
            var path = l, constant = r
            if case .constant = l.kind { path = r; constant = l }
            guard case .constant(let c) = constant.kind else { return }
            switch path.kind {
            case .casePath(let p):
                let name = p.joined(separator: ".")
                for v in PolicyDiff.around(c) {
                    if let j = JSONValue.from(v) { add(name, v.display, [.set(p, j)]) }
                }
            case .count(let list, let filter), .distinct(let list, _, let filter, nil):
                var field: String?
                if case .distinct(_, let f, _, _) = path.kind { field = f }
                countBoundaries(list: list, field: field, filter: filter, c, compiled: compiled, add)
            default:
                break
            }
        case .binary(_, let l, let r):
            comparisons(in: l, compiled: compiled, add)
            comparisons(in: r, compiled: compiled, add)
        case .unary(_, let x):
            comparisons(in: x, compiled: compiled, add)
        case .block(_, let entries):
            for entry in entries { comparisons(in: entry.expr, compiled: compiled, add) }
        case .diagnosisIn(let set):
            for code in PolicyDiff.codes(compiled.policy.codeSets[set]) {
                add("diagnoses", "adding \(code)", [.append(["diagnoses"], .string(code))])
                add("diagnoses", "only \(code)", [.set(["diagnoses"], .array([.string(code)]))])
            }
        case .casePath(let p):
            let name = p.joined(separator: ".")
            add(name, "true", [.set(p, .bool(true))])
            add(name, "false", [.set(p, .bool(false))])
        default:
            break
        }
    }

    /// `count`/`distinct` compared with N: lists of N-1, N and N+1 qualifying elements, and N
    /// elements at each boundary of each field constant in the filter.
    func countBoundaries(list: [String], field: String?, filter: ResolvedExpr?, _ c: Value, compiled: CompiledPolicy,
                         _ add: (String, String, [CaseEdit]) -> Void) {
        guard case .number(let d) = c, ["sessions", "diagnoses", "documents"].contains(list.joined(separator: ".")) == false else { return }
        // Counts beyond 50 are not probed (a list of that many entries says nothing more).
        guard d >= 0, d <= 50 else { return }
        let n = NSDecimalNumber(decimal: d).intValue
        let solver = CriterionSolver(compiled, patientCase: placeholderCase(compiled.policy))
        guard let template = solver.elementTemplate(filter) else { return }
        let listName = list.joined(separator: ".")
        func elements(_ count: Int, _ element: JSONObject) -> [JSONValue] {
            (0..<count).map { i in
                var e = element
                if let field { e[field] = .string("class \(i + 1)") }
                return .object(e)
            }
        }
        func describe(_ count: Int, _ element: JSONObject) -> String {
            let fields = element.pairs.map { "\($0.0) \(Value.display(of: $0.1))" }.joined(separator: ", ")
            let noun = Plural.word(count, "entry")
            if field != nil { return "\(count) \(noun) of different \(field ?? "") with " + fields }
            return "\(count) \(noun) with " + fields
        }
        for k in [n - 1, n, n + 1] where k >= 0 && k <= 50 {
            add(listName, describe(k, template), [.set(list, .array(elements(k, template)))])
        }
        // Each field constant of the filter, at its boundary, on n qualifying-otherwise elements.
        var fieldConstants: [(String, Value)] = []
        func visit(_ e: ResolvedExpr) {
            switch e.kind {
            case .binary(.and, let l, let r), .binary(.or, let l, let r): visit(l); visit(r)
            case .binary(let op, let l, let r) where op.isComparison:
                if case .elementField(let f) = l.kind, case .constant(let v) = r.kind { fieldConstants.append((f, v)) }
                if case .elementField(let f) = r.kind, case .constant(let v) = l.kind { fieldConstants.append((f, v)) }
            default: break
            }
        }
        if let filter { visit(filter) }
        for (f, v) in fieldConstants {
            for value in PolicyDiff.around(v) {
                guard let j = JSONValue.from(value), n >= 1, n <= 50 else { continue }
                var e = template
                e[f] = j
                add(listName, describe(n, e), [.set(list, .array(elements(n, e)))])
            }
        }
    }

    /// A case with nothing in it, for the solver's element templates (which read only constants).
    func placeholderCase(_ policy: CheckedPolicy) -> PatientCase {
        PatientCase(id: nil, root: .obj([]), diagnoses: [], hasDiagnoses: false,
                    request: CaseRequest(treatment: 0, date: baseDate, sessions: 0, billedPerSession: nil, diagnosis: nil),
                    network: nil, referral: nil, priorAuthorization: nil, approvedOn: nil, documents: nil, sessions: [],
                    deductibleRemaining: nil, outOfPocketRemaining: nil)
    }

    /// Just below, at and just above a constant (booleans both ways; a string and another).
    static func around(_ c: Value) -> [Value] {
        switch c {
        case .bool: return [.bool(true), .bool(false)]
        case .string(let s): return [.string(s), .string(s + " (other)")]
        case .list(let items): return items
        default:
            return [CriterionSolver.step(c, up: false), c, CriterionSolver.step(c, up: true)].compactMap { $0 }
        }
    }

    /// Codes that probe a code set: each plain code, each prefix with a code under it, each
    /// range's two ends.
    static func codes(_ set: CodeSet) -> [String] {
        var out: [String] = []
        for p in set.patterns {
            switch p.kind {
            case .code(let c): out.append(c)
            case .prefix(let pre): out.append(pre.hasSuffix(".") ? pre + "9" : pre + "0")
            case .range(let low, let high): out += [low, high]
            }
        }
        return out
    }
}
