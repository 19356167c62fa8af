import Foundation

/// The result of checking: the resolved policy when there were no errors, and every diagnostic.
public struct CheckResult: Sendable {
    public var policy: CheckedPolicy?
    public var diagnostics: [Diagnostic]
    /// The parsed file that was checked (nil when the source was refused before parsing), so
    /// later stages (`Linter.lint`) work on it without parsing the source again.
    public var file: PolicyFile?
    /// Where each name is declared and used, when asked for (`check(source:recordingSymbols:)`).
    public var symbols: SymbolIndex?
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Resolves names, checks types and declarations, and builds a `CheckedPolicy`.
public struct Checker {
    let source: SourceFile
    let file: PolicyFile
    var diagnostics: [Diagnostic] = []

    var codeSetIndex = NameIndex()
    var defineIndex = NameIndex()
    var treatmentIndex = NameIndex()
    /// Case paths, each made once (`PathTable`).
    var paths = PathTable()
    /// Longer texts met again (limit lines), shared (`TextCache`).
    var texts = TextCache()
    var defineDecls: [DefineDecl] = []
    var resolvedDefines = IndexTable<ResolvedExpr>()
    /// The static type of each resolved define (`resolvedDefines[i].type`).
    var defineTypes = IndexTable<StaticType>()
    var defineState = IndexTable<VisitState>()
    /// Defines being resolved, innermost last: the path of a cycle when one closes.
    var defineStack: [Int] = []
    /// Depth of `resolve` calls, counting through defines; bounded by `maximumNesting`.
    var nesting = 0
    /// The deepest `nesting` reached so far, counting a reference to a resolved define as
    /// reaching as deep as that define's own expression does.
    var deepest = 0
    /// How deep each resolved define's expression reaches, relative to where it starts.
    var defineHeight = IndexTable<Int>()
    var reportedNesting = false
    /// The 0-based line `lineInOrder` found last.
    var lineHint = 0

    /// Expressions nest at most this deep, counted through the defines they use (a chain of
    /// defines too), so that checking and evaluation, both recursive, stay far within the stack.
    public static let maximumNesting = 1000
    /// A policy source may be at most this large (16 MB); larger input is refused unread.
    public static let maximumSourceBytes = 16 << 20

    /// `fields { … }` declarations by dotted path; `hasFieldSchema` once the policy has a block.
    var declaredFields: [String: FieldDecl] = [:]
    /// The first names of the case paths the policy reads outside `where` (and the reserved
    /// roots): inside `where`, a dotted path starting with one of them reads the case; any
    /// other dotted path reads the element (`augmentation.drug_class` of a trial).
    var caseRoots: Set<String> = []
    /// The list whose `where` filter (or element define) is being resolved.
    var currentList: [String]?
    /// The `table` declarations and their names.
    var tables: [LookupTable] = []
    var tableIndex: [String: Int] = [:]
    /// By define index: the list an element define (`define NAME of LIST`) describes.
    var defineElements: [Int: [String]] = [:]
    var hasFieldSchema = false
    /// Declarations and uses of names, recorded only when an editor asks (`Checker+Symbols`).
    var symbols: SymbolIndex?

    enum VisitState { case visiting, done }

    /// Checks a parsed file; with `recordingSymbols`, the result's `symbols` say where each name
    /// is declared and used (for editors; `Checker+Symbols`).
    public static func check(_ file: PolicyFile, source: SourceFile, recordingSymbols: Bool = false) -> CheckResult {
        var checker = Checker(source: source, file: file)
        if recordingSymbols { checker.symbols = SymbolIndex(declaring: file) }
        let policy = checker.run()
        let errors = checker.diagnostics.contains { $0.severity == .error }
        var result = CheckResult(policy: errors ? nil : policy, diagnostics: Diagnostic.sorted(checker.diagnostics), file: file)
        result.symbols = checker.symbols
        return result
    }

    /// Parses and checks source text in one step.
    public static func check(source: SourceFile, recordingSymbols: Bool = false) -> CheckResult {
        guard source.bytes.count <= Checker.maximumSourceBytes else {
            let size = source.bytes.count >> 20
            return CheckResult(policy: nil, diagnostics: [.error(
                .sourceTooLarge, "the policy is \(size) MB; at most \(Checker.maximumSourceBytes >> 20) MB is accepted",
                at: .empty, help: "a policy this large is almost certainly not a policy; split it or check the file")])
        }
        let parsed = Parser.parse(source)
        var result = check(parsed.file, source: source, recordingSymbols: recordingSymbols)
        if parsed.diagnostics.contains(where: { $0.severity == .error }) { result.policy = nil }
        result.diagnostics = Diagnostic.sorted(parsed.diagnostics + result.diagnostics)
        return result
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, at span: SourceSpan,
                        label: String? = nil, help: String? = nil) {
        guard diagnostics.count < Diagnostic.maximumPerStage else { return }
        diagnostics.append(.error(code, message, at: span, label: label, help: help))
    }

    func line(_ span: SourceSpan) -> Int { source.line(of: span) }

    /// `line(_:)` for spans met in source order (rules, limit lines, tiers): searched from the
    /// line found last, so the answer is the same, found in a few steps.
    mutating func lineInOrder(_ span: SourceSpan) -> Int {
        lineHint = source.lineIndex(of: span.start, from: lineHint)
        return lineHint + 1
    }

    // MARK: - Declarations

    mutating func run() -> CheckedPolicy {
        // Header
        var title = "", payer: String?, version: String?, effective: Day?, expires: Day?
        if let h = file.header {
            title = h.title.value
            payer = h.payer?.value
            version = h.version?.value
            effective = h.effective?.value
            expires = h.expires?.value
            if let e = h.effective, let x = h.expires, x.value <= e.value {
                error(.invalidDateOrder, "the policy expires on \(x.value), not after it takes effect on \(e.value)",
                      at: x.span, help: "`expires` must be later than `effective`")
            }
        }

        caseRoots = Checker.caseRoots(file)

        // Pass 1: declare names.
        // Room for every declaration at once, so no table grows (and rehashes) as it fills.
        var counts = (codes: 0, treatments: 0, defines: 0, rules: 0)
        for decl in file.declarations {
            switch decl {
            case .codes: counts.codes += 1
            case .treatment: counts.treatments += 1
            case .define: counts.defines += 1
            case .rule: counts.rules += 1
            default: break
            }
        }
        var codeSets: [CodeSet] = []
        codeSets.reserveCapacity(counts.codes)
        var treatmentDecls: [TreatmentDecl] = []
        treatmentDecls.reserveCapacity(counts.treatments)
        defineDecls.reserveCapacity(counts.defines)
        codeSetIndex.reserveCapacity(counts.codes)
        defineIndex.reserveCapacity(counts.defines)
        treatmentIndex.reserveCapacity(counts.treatments)
        resolvedDefines.reserveCapacity(counts.defines)
        defineTypes.reserveCapacity(counts.defines)
        defineState.reserveCapacity(counts.defines)
        defineHeight.reserveCapacity(counts.defines)
        // Code sets and defines share one namespace; the spans of the code sets' names, for
        // "declared twice" (a define's is in `defineDecls`).
        var codeSetNameSpans: [SourceSpan] = []
        codeSetNameSpans.reserveCapacity(counts.codes)
        for decl in file.declarations {
            switch decl {
            case .header(let h):
                error(.duplicateHeader, "a policy file has exactly one `policy` header", at: h.span,
                      help: "merge the two headers, or split the policies into two files")
            case .codes(let c):
                if let define = defineIndex[c.name.text] {
                    duplicate(c.name, previous: defineDecls[define].name.span)
                    continue
                }
                if let previous = codeSetIndex.insert(c.name.text, codeSets.count) {
                    duplicate(c.name, previous: codeSetNameSpans[previous])
                    continue
                }
                codeSetNameSpans.append(c.name.span)
                if c.system.text != "icd10" {
                    error(.unexpectedToken, "unknown code system `\(c.system.text)`", at: c.system.span, help: "code sets are written `codes NAME = icd10 { … }`")
                }
                checkPatterns(c.patterns)
                codeSets.append(CodeSet(name: c.name.text, patterns: c.patterns, span: c.span))
            case .define(let d):
                if let set = codeSetIndex[d.name.text] {
                    duplicate(d.name, previous: codeSetNameSpans[set])
                    continue
                }
                if let previous = defineIndex.insert(d.name.text, defineDecls.count) {
                    duplicate(d.name, previous: defineDecls[previous].name.span)
                    continue
                }
                if let element = d.element { defineElements[defineDecls.count] = element.map(\.text) }
                defineDecls.append(d)
            case .treatment(let t):
                if let previous = treatmentIndex.insert(t.name.text, treatmentDecls.count) {
                    duplicate(t.name, previous: treatmentDecls[previous].name.span, what: "treatment")
                    continue
                }
                treatmentDecls.append(t)
            case .fields(let f):
                declareFields(f)
            case .table(let t):
                declareTable(t)
            case .rule, .limit, .network:
                break
            }
        }
        // Tables follow `in` as code sets and list defines do: one name, one meaning.
        for t in tables where codeSetIndex[t.name] != nil || defineIndex[t.name] != nil {
            error(.duplicateName, "`\(t.name)` names a table and a \(codeSetIndex[t.name] != nil ? "code set" : "define")", at: t.span,
                  help: "rename one of them")
        }

        // Treatments: billing codes and FDA clauses.
        var treatments: [Treatment] = []
        treatments.reserveCapacity(treatmentDecls.count)
        var billingCodes: [String: Int] = [:]
        billingCodes.reserveCapacity(treatmentDecls.count)
        // By index, reading the declarations' parts in place: no copy of each declaration.
        for i in treatmentDecls.indices {
            var codes: [String] = []
            for line in treatmentDecls[i].billing {
                for code in line.codes {
                    let upper = Parser.capitals(code.text)
                    // One search of the table when the code is new (the usual case).
                    if let other = billingCodes.updateValue(i, forKey: upper) {
                        billingCodes[upper] = other
                        let owner = treatmentDecls[other].name.text
                        error(.duplicateBillingCode, "billing code `\(upper)` is already billed by `\(owner)`", at: code.span,
                              help: "a case may name its treatment by billing code, so each code must belong to one treatment")
                        continue
                    }
                    codes.append(upper)
                }
            }
            // Typed as `Treatment.approvals` is, so it is not converted (copied) there.
            var approvals: [(codeSet: Int, since: Day?)] = []
            var investigational: [Int?] = []
            for clause in treatmentDecls[i].fda {
                switch clause {
                case .approved(let set, let since, _):
                    if let s = resolveCodeSet(set) { approvals.append((s, since?.value)) }
                case .investigational(let set, _):
                    if let set {
                        if let s = resolveCodeSet(set) { investigational.append(s) }
                    } else {
                        investigational.append(nil)
                    }
                }
            }
            treatments.append(Treatment(name: treatmentDecls[i].name.text, displayName: treatmentDecls[i].displayName.value,
                                        billingCodes: codes, approvals: approvals, investigational: investigational,
                                        span: treatmentDecls[i].span))
        }

        // Defines (resolved on demand so cycles are found).
        for i in defineDecls.indices { _ = resolveDefine(i, from: defineDecls[i].name.span) }
        let defines = defineDecls.indices.map { i in
            var d = Define(name: defineDecls[i].name.text, label: defineDecls[i].value.label?.value,
                           expr: resolvedDefines[i] ?? ResolvedExpr(.constant(.bool(false)), defineDecls[i].span, .any),
                           span: defineDecls[i].span)
            d.element = defineDecls[i].element.map { paths.path($0) }
            return d
        }

        // Rules, limits, network.
        var rules: [Rule] = []
        rules.reserveCapacity(counts.rules)
        var denyRules = Array(repeating: [Int](), count: treatments.count)
        var coverRules = Array(repeating: [Int](), count: treatments.count)
        var limits = Array(repeating: TreatmentLimits(), count: treatments.count)
        var onlyTarget = Array(repeating: [Int]?.none, count: treatments.count)
        var limitSeen: [Int: SourceSpan] = [:]
        var tiers: [Tier] = []
        var tierSpans: [String: SourceSpan] = [:]
        for decl in file.declarations {
            switch decl {
            case .rule(let r):
                var targets: [Int] = []
                if r.treatments.count == 1 {
                    // The rules that name one treatment share one array for it.
                    if let ti = resolveTreatment(r.treatments[0]) {
                        targets = onlyTarget[ti] ?? [ti]
                        onlyTarget[ti] = targets
                    }
                } else {
                    for t in r.treatments {
                        guard let ti = resolveTreatment(t) else { continue }
                        if targets.contains(ti) {
                            error(.duplicateName, "treatment `\(t.text)` is named twice in this rule", at: t.span)
                        } else {
                            targets.append(ti)
                        }
                    }
                }
                let when = resolveCriterion(r.when, scope: .global)
                expectBool(when.expr, context: "a rule's `when` criteria")
                var unless: ResolvedCriterion?
                if let u = r.unless {
                    let ru = resolveCriterion(u, scope: .global)
                    expectBool(ru.expr, context: "an `unless` criterion")
                    unless = ru
                }
                // `requires` on a deny rule is reported by the parser only (`Parser.parseRule`).
                let index = rules.count
                var rule = Rule(index: index, kind: r.kind, treatments: targets, title: r.title?.value, when: when,
                                unless: unless, requirements: r.requirements, span: r.span, line: lineInOrder(r.span))
                rule.review = r.kind == .cover ? r.review?.kind : nil
                rule.experimental = r.kind == .deny && r.experimental != nil
                for requirement in r.requirements {
                    guard case .priorAuthorization(_, let lasting?) = requirement else { continue }
                    checkDuration(lasting)
                    if rule.authorizationLasts != nil {
                        error(.invalidLimit, "the rule's prior authorization is given a length twice", at: lasting.span)
                    }
                    rule.authorizationLasts = lasting.value
                }
                rules.append(rule)
                for t in targets {
                    if r.kind == .deny { denyRules[t].append(index) } else { coverRules[t].append(index) }
                }
            case .limit(let l):
                guard let ti = resolveTreatment(l.treatment) else { continue }
                if let prev = limitSeen[ti] {
                    error(.duplicateName, "treatment `\(l.treatment.text)` already has a `limit` block (line \(line(prev)))",
                          at: l.treatment.span, help: "put all of a treatment's limits in one block")
                    continue
                }
                limitSeen[ti] = l.span
                limits[ti] = checkLimit(l)
            case .network(let n):
                for t in n.tiers {
                    if let prev = tierSpans[t.name.text] {
                        error(.duplicateTier, "tier `\(t.name.text)` is declared twice", at: t.name.span,
                              help: "the first declaration is on line \(line(prev))")
                        continue
                    }
                    tierSpans[t.name.text] = t.name.span
                    checkTierCost(t)
                    tiers.append(Tier(name: t.name.text, cost: t.cost, afterDeductible: t.afterDeductible,
                                      requiresReferral: t.requiresReferral, line: lineInOrder(t.span)))
                }
            default:
                break
            }
        }

        var vocabulary = CaseVocabulary(treatments: treatments.map(\.name), billingCodes: billingCodes,
                                        tiers: tiers.map(\.name))
        vocabulary.fields = declaredFieldList
        vocabulary.newCourseAfter = limits.map(\.newCourseAfter)
        var checked = CheckedPolicy(source: source, title: title, payer: payer, version: version, effective: effective,
                             expires: expires, codeSets: codeSets, treatments: treatments, defines: defines,
                             rules: rules, denyRules: denyRules, coverRules: coverRules, limits: limits,
                             tiers: tiers, vocabulary: vocabulary)
        checked.appeals = AppealTerms(file.header?.appeals, source: source)
        checked.caseRoots = caseRoots
        checked.tables = tables
        checked.bulletin = checkBulletin(file.header)
        let keys = caseKeys
        checked.vocabulary.keys = JSONKeyTable(keys)
        checked.vocabulary.readKeys = keys
        return checked
    }

    mutating func duplicate(_ name: Name, previous: SourceSpan, what: String = "name") {
        error(.duplicateName, "\(what) `\(name.text)` is declared twice", at: name.span,
              help: "the first declaration is on line \(line(previous)); rename one of them")
    }

    mutating func declareTable(_ t: TableDecl) {
        if let previous = tableIndex[t.name.text] {
            duplicate(t.name, previous: tables[previous].span, what: "table")
            return
        }
        var entries: [String: String] = [:]
        for e in t.entries {
            let key = e.key.value.lowercased()
            if let earlier = entries[key] {
                error(.duplicateName, "key `\(e.key.value)` is listed twice in table `\(t.name.text)`", at: e.key.span,
                      help: earlier == e.value.value ? "remove one of the two lines" : "it maps to `\(earlier)` and to `\(e.value.value)`: keep one")
                continue
            }
            entries[key] = e.value.value
        }
        if t.entries.isEmpty { error(.unexpectedToken, "table `\(t.name.text)` lists nothing", at: t.span) }
        tableIndex[t.name.text] = tables.count
        tables.append(LookupTable(name: t.name.text, label: t.label?.value, entries: entries, span: t.span))
    }

    mutating func checkPatterns(_ patterns: [CodePattern]) {
        for i in patterns.indices {
            // Read in place: only ranges are looked at, and a copy of each pattern costs.
            if case .range(let low, let high) = patterns[i].kind {
                let span = patterns[i].span
                if low.utf8.count != high.utf8.count {
                    error(.invalidCodeRange, "the ends of range `\(low)-\(high)` have different lengths", at: span,
                          help: "write both ends to the same precision, e.g. `F32.0-F32.5`")
                } else if low > high {
                    error(.invalidCodeRange, "range `\(low)-\(high)` is empty: `\(low)` comes after `\(high)`", at: span)
                }
            }
        }
    }

    mutating func checkLimit(_ l: LimitDecl) -> TreatmentLimits {
        var result = TreatmentLimits()
        for lineDecl in l.lines {
            // Limit lines repeat from treatment to treatment: the same text is shared.
            let text = texts.text(source.bytes, source.range(of: lineDecl.span))
            switch lineDecl {
            case .sessions(let count, let per, let phase, let span):
                checkDuration(per)
                checkPhase(phase, at: span)
                result.sessions.append(SessionLimit(count: count, per: per.value, phase: phase, line: lineInOrder(span), text: text))
            case .dose(let milligrams, let per, let phase, let span):
                checkDuration(per)
                checkPhase(phase, at: span)
                if milligrams <= 0 {
                    error(.invalidLimit, "a dose limit must be more than 0 mg", at: span)
                } else if milligrams > 1_000_000_000 {
                    error(.invalidLimit, "a dose limit of \(milligrams) mg is beyond any dose", at: span,
                          help: "dose limits up to 1000000000 mg are supported")
                }
                result.doses.append(DoseLimit(milligrams: milligrams, per: per.value, phase: phase, line: lineInOrder(span), text: text))
            case .benefitMaximum(let amount, let per, let span):
                checkDuration(per)
                if amount.cents < 0 {
                    error(.invalidLimit, "a benefit maximum cannot be negative", at: span)
                }
                result.benefitMaximums.append(BenefitMaximum(amount: amount, per: per.value, line: lineInOrder(span), text: text))
            case .authorizationLasts(let d, let review?, let span):
                checkDuration(d)
                if result.reviewAuthorizationLasts[review] != nil {
                    error(.invalidLimit, "`\(review.rawValue) authorization lasts` is given twice for `\(l.treatment.text)`", at: span)
                }
                result.reviewAuthorizationLasts[review] = (d.value, lineInOrder(span))
            case .authorizationLasts(let d, nil, let span):
                checkDuration(d)
                if result.authorizationLasts != nil {
                    error(.invalidLimit, "`authorization lasts` is given twice for `\(l.treatment.text)`", at: span)
                }
                result.authorizationLasts = d.value
                result.authorizationLine = lineInOrder(span)
            case .newCourse(let gap, let span):
                checkDuration(gap)
                if result.newCourseAfter != nil {
                    error(.invalidLimit, "`new course after` is given twice for `\(l.treatment.text)`", at: span)
                }
                result.newCourseAfter = gap.value
                result.newCourseLine = lineInOrder(span)
            }
        }
        return result
    }

    mutating func checkPhase(_ phase: Phase?, at span: SourceSpan) {
        switch phase {
        case .weeks(let a, let b)? where a < 1 || b < a:
            error(.invalidPhase, "weeks \(a)-\(b) is not a valid phase", at: span,
                  help: "weeks count from 1; write `during weeks 1-4`")
        case .fromWeek(let a)? where a < 1:
            error(.invalidPhase, "week \(a) is not a valid phase", at: span, help: "weeks count from 1")
        default: break
        }
    }

    mutating func checkDuration(_ d: DurationLiteral) {
        if d.value.amount < 1 {
            error(.invalidLimit, "a duration must be at least 1 \(d.value.unit.rawValue.dropLast())", at: d.span)
        } else if d.value.amount > 100_000 {
            error(.invalidLimit, "duration `\(d.value)` is longer than any calendar allows", at: d.span,
                  help: "durations up to 100000 days are supported")
        }
    }

    mutating func checkTierCost(_ t: TierDecl) {
        func checkPercent(_ p: Decimal) {
            if p < 0 || p > 1 {
                error(.invalidLimit, "coinsurance must be between 0% and 100%", at: t.span)
            }
        }
        switch t.cost {
        case .coinsurance(let p): checkPercent(p)
        case .copay(let m):
            if m.cents < 0 { error(.invalidLimit, "a copay cannot be negative", at: t.span) }
        case .copayThenCoinsurance(let m, let p):
            checkPercent(p)
            if m.cents < 0 { error(.invalidLimit, "a copay cannot be negative", at: t.span) }
        case .notCovered:
            if t.afterDeductible {
                error(.invalidLimit, "a tier that is `not covered` has no deductible", at: t.span)
            }
        }
    }

    // MARK: - Names

    mutating func resolveTreatment(_ name: Name) -> Int? {
        if let i = treatmentIndex[name.text] {
            used(.treatment, name)
            return i
        }
        error(.undeclaredTreatment, "unknown treatment `\(name.text)`", at: name.span,
              label: suggestion(for: name.text, among: Array(treatmentIndex.keys)),
              help: "declare it with `treatment \(name.text) \"Display name\" { … }`")
        return nil
    }

    mutating func resolveCodeSet(_ name: Name) -> Int? {
        if let i = codeSetIndex[name.text] {
            used(.codeSet, name)
            return i
        }
        if defineIndex[name.text] != nil {
            error(.wrongKindOfName, "`\(name.text)` is a `define`, not a code set", at: name.span)
            return nil
        }
        error(.undeclaredName, "unknown code set `\(name.text)`", at: name.span,
              label: suggestion(for: name.text, among: Array(codeSetIndex.keys)),
              help: "declare it with `codes \(name.text) = icd10 { … }`")
        return nil
    }

    func suggestion(for name: String, among candidates: [String]) -> String? {
        // Past the diagnostic cap the error is dropped: skip the quadratic search.
        guard diagnostics.count < Diagnostic.maximumPerStage, name.utf8.count <= 100 else { return nil }
        let best = candidates.filter { abs($0.utf8.count - name.utf8.count) <= max(2, name.count / 3) }.map { ($0, editDistance(name, $0)) }
            .filter { $0.1 <= max(2, name.count / 3) }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
        return best.map { "did you mean `\($0.0)`?" }
    }

    mutating func resolveDefine(_ i: Int, from span: SourceSpan) -> ResolvedExpr? {
        switch defineState[i] {
        case .done: return resolvedDefines[i]
        case .visiting:
            reportCycle(through: i, at: span)
            return nil
        case nil:
            defineState[i] = .visiting
            defineStack.append(i)
            let (outerDeepest, base) = (deepest, nesting)
            deepest = nesting
            // An element define's body is about one element of its list, as a `where` filter is.
            let outerList = currentList
            let element = defineDecls[i].element
            if let element { currentList = resolveListPath(element) }
            let r = element == nil ? resolve(defineDecls[i].value.expr, scope: .global)
                : resolveFilter(defineDecls[i].value.expr, list: currentList ?? [], context: "an element define")
            currentList = outerList
            defineHeight[i] = deepest - base
            deepest = max(outerDeepest, deepest)
            defineStack.removeLast()
            defineState[i] = .done
            resolvedDefines[i] = r
            defineTypes[i] = r.type
            return r
        }
    }

    /// Reports the cycle that closes at define `i`. (Apart from `resolveDefine`, which checking
    /// recurses through, so that its frame stays small.)
    mutating func reportCycle(through i: Int, at span: SourceSpan) {
        let start = defineStack.lastIndex(of: i) ?? 0
        let cycle = (defineStack[start...] + [i]).map { "`\(defineDecls[$0].name.text)`" }
        let message = cycle.count == 2
            ? "`\(defineDecls[i].name.text)` is defined in terms of itself"
            : "cyclic defines: " + cycle.joined(separator: " → ")
        error(.cyclicDefine, message, at: span,
              help: "a `define` may not refer back to itself, directly or through other defines")
    }
}

/// Edit distance (optimal string alignment: an insertion, deletion, substitution or swap of two
/// neighbouring characters is one edit), for every "did you mean" (also the REPL's) and the
/// typo checks (`isLikelyMisspelling`).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = Array(repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
        }
        (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
}

/// Whether the word `a` is probably a misspelling of the different word `b`: one edit apart
/// when the shorter has fewer than six letters, one or two otherwise; never words of under
/// three letters (`x.a`, `x.b`) or words that differ only in their digits (`phq8`, `phq9`).
/// The typo lint (`Lints+Typos`) and the case-key warning (`CaseKeyTypos`) share it.
public func isLikelyMisspelling(_ a: String, of b: String) -> Bool {
    let shorter = min(a.utf8.count, b.utf8.count)
    guard shorter >= 3, a != b, abs(a.utf8.count - b.utf8.count) <= 2 else { return false }
    if a.filter({ !$0.isNumber }) == b.filter({ !$0.isNumber }) { return false }
    let d = editDistance(a, b)
    return d <= (shorter < 6 ? 1 : 2)
}
