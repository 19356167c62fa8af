/// Lints: warnings about policies that check but are probably wrong. `clause check` prints them;
/// `--strict` makes them errors. There is no solver: each lint reasons over the rule structure
/// and the constants written in the policy, following `define`s.
///
/// | code | fires on |
/// |---|---|
/// | `contradictoryBounds` | a cover rule whose conjuncts bound one path contradictorily (`patient.age >= 18` and `patient.age < 16`) |
/// | `denyCoversRule` | a deny without `unless` whose `when` holds for every case a cover rule of the same treatment admits |
/// | `duplicateRule` | a rule identical (kind, treatments, criteria, requirements; labels aside) to an earlier one |
/// | `unusedDefine`, `unusedCodeSet` | a define or code set nothing refers to |
/// | `treatmentWithoutCoverRule` | a treatment no cover rule names: every request is denied |
/// | `overlappingCodes` | two patterns of one code set that match a common code |
/// | `shadowedLimit` | a session, dose or dollar limit that a stricter line always undercuts |
/// | `unreachableTier` | a tier on which no cover rule can be met, or a `not covered` tier that requires a referral |
/// | `reviewKindWithoutCover` | a treatment whose cover rules are all `for continuation` (or all `for initial`): requests of the other review kind can never be covered |
/// | `authorizationOutlastsLimit` | `requires prior_authorization lasting D` longer than the limit block's authorization length for the rule's review kinds |
/// | `likelyMisspelledPath` | without a `fields` block, a case path one or two edits from a reserved field or from a path the policy reads more (`patient.agee` beside `patient.age`), Lints+Typos |
///
/// A lint can be acknowledged in the source (`# clause: allow LINT "reason"` before the
/// declaration, Lints+Acknowledgements): it is then reported as a note with the reason.
///
/// Linting is its own stage, after parsing and checking: `lint(_:policy:source:)` takes the
/// parsed file and the policy checked from it (lints run only on a policy that checked) and
/// never parses again. `clause check` and `clause check --strict` call it through
/// `lint(_ result:source:)`.
public struct Linter {
    let source: SourceFile
    let file: PolicyFile
    /// The policy checked from `file`.
    let policy: CheckedPolicy
    let defines: [String: DefineDecl]
    /// The rules in source order, and the cover rules among them, each collected once (the lints
    /// read them per treatment and per rule: collected each time, that was quadratic).
    let rules: [RuleDecl]
    let coverRules: [RuleDecl]
    /// By treatment name: the indices in `coverRules` of its cover rules, in source order.
    let coverRulesByTreatment: [String: [Int]]
    var diagnostics: [Diagnostic] = []

    /// The lint stage: the lints of a parsed file and the policy checked from it, in source order.
    public static func lint(_ file: PolicyFile, policy: CheckedPolicy, source: SourceFile) -> [Diagnostic] {
        var linter = Linter(source: source, file: file, policy: policy)
        linter.run()
        return Diagnostic.sorted(linter.diagnostics)
    }

    /// The lints of a check's result; none when the policy did not check.
    public static func lint(_ result: CheckResult, source: SourceFile) -> [Diagnostic] {
        guard let policy = result.policy, let file = result.file else { return [] }
        return lint(file, policy: policy, source: source)
    }

    /// Parses, checks and lints source text in one step (for tests and tools that start from text).
    public static func lint(source: SourceFile) -> [Diagnostic] {
        lint(Checker.check(source: source), source: source)
    }

    init(source: SourceFile, file: PolicyFile, policy: CheckedPolicy) {
        self.source = source
        self.file = file
        self.policy = policy
        var defines: [String: DefineDecl] = [:]
        for case .define(let d) in file.declarations where defines[d.name.text] == nil { defines[d.name.text] = d }
        self.defines = defines
        rules = file.declarations.compactMap { if case .rule(let r) = $0 { return r } else { return nil } }
        coverRules = rules.filter { $0.kind == .cover }
        var byTreatment: [String: [Int]] = [:]
        for (i, rule) in coverRules.enumerated() {
            for name in Set(rule.treatments.map(\.text)) { byTreatment[name, default: []].append(i) }
        }
        coverRulesByTreatment = byTreatment
    }

    /// The cover rules naming any of `treatments`, in source order.
    func coverRules(for treatments: [Name]) -> [RuleDecl] {
        let indices = treatments.count == 1 ? coverRulesByTreatment[treatments[0].text] ?? []
            : Set(treatments.flatMap { coverRulesByTreatment[$0.text] ?? [] }).sorted()
        return indices.map { coverRules[$0] }
    }

    mutating func warn(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String? = nil, help: String) {
        diagnostics.append(Diagnostic(.warning, code, message, at: span, label: label, help: help))
    }

    func line(_ span: SourceSpan) -> Int { source.line(of: span) }

    mutating func run() {
        lintUnused()
        lintTreatmentsWithoutCover()
        lintDuplicateRules()
        lintContradictions()
        lintDenyCoveringRules()
        lintCodeSets()
        lintLimits()
        lintTiers()
        lintReviewKinds()
        lintRuleAuthorizationLengths()
        lintMisspelledPaths()
        applyAcknowledgements()
    }

    // MARK: - Unused names, treatments without cover, duplicate rules

    mutating func lintUnused() {
        var used = Set<String>()
        func visit(_ e: Expr) {
            e.forEachNode { node in
                switch node.kind {
                case .path(let names) where names.count == 1: used.insert(names[0].text)
                case .diagnosisIn(let set): used.insert(set.text)
                default: break
                }
            }
        }
        for decl in file.declarations {
            switch decl {
            case .define(let d): visit(d.value.expr)
            case .rule(let r):
                visit(r.when.expr)
                if let u = r.unless { visit(u.expr) }
            case .treatment(let t):
                for clause in t.fda {
                    switch clause {
                    case .approved(let set, _, _): used.insert(set.text)
                    case .investigational(let set, _): if let set { used.insert(set.text) }
                    }
                }
            default: break
            }
        }
        for decl in file.declarations {
            switch decl {
            case .define(let d) where !used.contains(d.name.text):
                warn(.unusedDefine, "define `\(d.name.text)` is never used", at: d.name.span,
                     help: "use it in a rule, or remove it")
            case .codes(let c) where !used.contains(c.name.text):
                warn(.unusedCodeSet, "code set `\(c.name.text)` is never used", at: c.name.span,
                     help: "use it in a rule (`diagnosis in \(c.name.text)`) or an `fda` clause, or remove it")
            default: break
            }
        }
    }

    mutating func lintTreatmentsWithoutCover() {
        // The checked policy has each treatment's cover rules resolved (names, duplicates).
        for case .treatment(let t) in file.declarations {
            guard let index = policy.treatmentIndex(named: t.name.text), policy.coverRules[index].isEmpty,
                  !isDeniedOutright(index) else { continue }
            warn(.treatmentWithoutCoverRule, "treatment `\(t.name.text)` has no cover rule", at: t.name.span,
                 label: "every request for it is denied (`no_coverage_rule`)",
                 help: "add `cover \(t.name.text) \"…\" when { … }`; or, if the treatment is never covered, say so: "
                     + "`deny \(t.name.text) \"…\" as experimental when …` (no `unless`), or acknowledge this lint with "
                     + "`# clause: allow \(Linter.lintName(.treatmentWithoutCoverRule)) \"reason\"` on the line before the treatment")
        }
    }

    /// Whether the policy says outright that the treatment is never covered (an E&I bulletin):
    /// a deny rule for it without `unless` that is `as experimental` (whatever its `when`: a
    /// request it does not catch is still denied, `no_coverage_rule`, as the bulletin intends)
    /// or whose `when` is certainly true (`true`, or a block or `and` of such). A deny with an
    /// `unless` carves out an exception that no cover rule then covers, so the lint fires.
    func isDeniedOutright(_ treatment: Int) -> Bool {
        policy.denyRules[treatment].contains { r in
            let rule = policy.rules[r]
            guard let decl = rules.first(where: { $0.span.start == rule.span.start }), decl.unless == nil else { return false }
            return decl.experimental != nil || conjuncts(decl.when.expr).allSatisfy { if case .bool(true) = $0.kind { return true } else { return false } }
        }
    }

    mutating func lintDuplicateRules() {
        var seen: [String: RuleDecl] = [:]
        for r in rules {
            // Rules for different review kinds, or with different authorization lengths, differ.
            let requirements = r.requirements.map(ExpressionPrinter.requirement).sorted()
            let qualifier = ExpressionPrinter.ruleQualifier(review: r.review?.kind, experimental: r.experimental != nil)
            let key = [r.kind.rawValue + qualifier, r.treatments.map(\.text).sorted().joined(separator: ","),
                       Linter.key(r.when.expr), r.unless.map { Linter.key($0.expr) } ?? "",
                       requirements.joined(separator: ";")].joined(separator: "\u{1}")
            if let first = seen[key] {
                warn(.duplicateRule, "this \(r.kind.rawValue) rule is identical to the one on line \(line(first.span))",
                     at: r.title?.span ?? r.span, label: "same treatments, criteria and requirements",
                     help: "remove one of them; the second never changes a decision")
            } else {
                seen[key] = r
            }
        }
    }

    // MARK: - Structure helpers

    func isBlock(_ e: Expr) -> Bool {
        if case .block = e.kind { return true }
        return false
    }

    /// A structural key for an expression: its canonical text with labels dropped.
    static func key(_ e: Expr) -> String { ExpressionPrinter.render(stripLabels(e)) }

    static func stripLabels(_ e: Expr) -> Expr {
        var copy = e
        switch e.kind {
        case .list(let items): copy.kind = .list(items.map(stripLabels))
        case .unary(let op, let x): copy.kind = .unary(op, stripLabels(x))
        case .binary(let op, let l, let r): copy.kind = .binary(op, stripLabels(l), stripLabels(r))
        case .count(let l, let f): copy.kind = .count(list: l, filter: f.map(stripLabels))
        case .distinct(let l, let field, let f, let t): copy.kind = .distinct(list: l, field: field, filter: f.map(stripLabels), table: t)
        case .aggregate(let kind, let l, let field, let f):
            copy.kind = .aggregate(kind, list: l, field: field, filter: f.map(stripLabels))
        case .within(let a, let b, let c): copy.kind = .within(stripLabels(a), stripLabels(b), of: stripLabels(c))
        case .daysSince(let x): copy.kind = .daysSince(stripLabels(x))
        case .block(let kind, let entries):
            copy.kind = .block(kind, entries.map { Criterion(expr: stripLabels($0.expr), label: nil) })
        default: break
        }
        return copy
    }

    /// The criteria that must all hold for `e` to hold: entries of `{ }` blocks and operands of
    /// `and`, through defines (each define followed once).
    func conjuncts(_ e: Expr, _ seen: Set<String> = []) -> [Expr] {
        switch e.kind {
        case .block(.all, let entries): return entries.flatMap { conjuncts($0.expr, seen) }
        case .block(.atLeast(let n), let entries) where n == entries.count: return entries.flatMap { conjuncts($0.expr, seen) }
        case .binary(.and, let l, let r): return conjuncts(l, seen) + conjuncts(r, seen)
        case .path(let names) where names.count == 1:
            if let d = defines[names[0].text], !seen.contains(d.name.text) {
                return conjuncts(d.value.expr, seen.union([d.name.text]))
            }
            return [e]
        default: return [e]
        }
    }

    /// The criteria of which any one makes `e` hold: entries of `any { }` and operands of `or`.
    func disjuncts(_ e: Expr, _ seen: Set<String> = []) -> [Expr] {
        switch e.kind {
        case .block(.any, let entries), .block(.atLeast(1), let entries): return entries.flatMap { disjuncts($0.expr, seen) }
        case .block(.all, let entries) where entries.count == 1: return disjuncts(entries[0].expr, seen)
        case .binary(.or, let l, let r): return disjuncts(l, seen) + disjuncts(r, seen)
        case .path(let names) where names.count == 1:
            if let d = defines[names[0].text], !seen.contains(d.name.text) {
                return disjuncts(d.value.expr, seen.union([d.name.text]))
            }
            return [e]
        default: return [e]
        }
    }
}
