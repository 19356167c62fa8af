import Foundation

/// The changes that give one leaf criterion (a comparison, a fact, a code set test) the wanted value.
extension CriterionSolver {
    func leaf(_ e: ResolvedExpr, want: Bool, label: String?) -> CoverageChange? {
        let unknown = truth(e) == .unknown
        let kind: CoverageChange.Kind = unknown ? .missingFact : .fact
        let criterion = label ?? text(e.span)
        let ln = line(e.span)
        switch e.kind {
        case .casePath(let p):
            let path = p.joined(separator: ".")
            return CoverageChange(kind: kind, text: "\(path) is \(want)" + now(e),
                                  words: CoverageWords.yesNo(CoverageWords.subject(path, label: label), want: want, now: value(e)),
                                  criterion: criterion, line: ln, path: path, edits: [.set(p, .bool(want))])
        case .binary(let op, let l, let r) where op.isComparison:
            return compare(op, l, r, want: want, kind: kind, criterion: criterion, label: label, line: ln)
        case .diagnosisIn(let set):
            return diagnosis(in: set, want: want, kind: kind, criterion: criterion, line: ln)
        case .fda(let status):
            return fda(status, want: want, criterion: criterion, line: ln)
        case .known(let p):
            let path = p.joined(separator: ".")
            let subject = CoverageWords.subject(path, label: label)
            if want {
                return CoverageChange(kind: .missingFact, text: "\(path) given in the case", words: "\(subject) (not given)",
                                      criterion: criterion, line: ln, path: path)
            }
            return CoverageChange(kind: .fact, text: "\(path) not given", words: "no \(subject) recorded" + CoverageWords.shows(value(e)),
                                  criterion: criterion, line: ln, path: path, edits: [.remove(p)])
        case .constant:
            return nil
        default:
            let missing = unknown ? " (supply: " + (evaluator.eval(e)?.missing ?? []).joined(separator: ", ") + ")" : ""
            return CoverageChange(kind: kind, text: "`\(text(e.span))` \(want ? "holds" : "does not hold")" + missing,
                                  words: CoverageWords.criterion(label ?? AppealLetter.words(text(e.span)), want: want, now: nil,
                                                                 given: !unknown),
                                  criterion: criterion, line: ln)
        }
    }

    /// A case path's text, or the expression's source when it is not one.
    func pathText(_ e: ResolvedExpr) -> String {
        if case .casePath(let p) = e.kind { return p.joined(separator: ".") }
        return text(e.span)
    }

    /// " (now 16)", " (not given)".
    func now(_ e: ResolvedExpr) -> String {
        guard let v = value(e) else { return " (not given)" }
        return " (now \(v.display))"
    }

    // MARK: Comparisons

    func compare(_ written: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr, want: Bool,
                 kind: CoverageChange.Kind, criterion: String, label: String?, line ln: Int) -> CoverageChange? {
        if written == .in && !want {
            let subject = CoverageWords.subject(pathText(l), label: label)
            return CoverageChange(kind: kind, text: "\(text(l.span)) none of \(text(r.span))" + now(l),
                                  words: CoverageWords.noneOf(subject, value(r), source: text(r.span), now: value(l)),
                                  criterion: criterion, line: ln)
        }
        // Constants on both sides: no fact of the case can change the outcome.
        if isConstant(l) && isConstant(r) { return nil }
        var op = want ? written : written.negated
        var variable = l
        var constant = r
        if !isConstant(r) && isConstant(l) {
            guard let flipped = op.flipped else { return nil }
            op = flipped
            variable = r
            constant = l
        }
        guard isConstant(constant), let c = value(constant) else {
            let name = label ?? AppealLetter.words("\(text(l.span)) \(op.rawValue) \(text(r.span))")
            return CoverageChange(kind: kind, text: "`\(text(l.span)) \(op.rawValue) \(text(r.span))`" + now(variable),
                                  words: CoverageWords.criterion(name, want: true, now: value(variable), given: false),
                                  criterion: criterion, line: ln)
        }
        let wanted = "\(op.phrase) \(text(constant.span))"
        switch variable.kind {
        case .casePath(let p):
            let path = p.joined(separator: ".")
            let target = CriterionSolver.boundary(op, c).flatMap(JSONValue.from)
            let words = CoverageWords.comparison(CoverageWords.subject(path, label: label), op, c, source: text(constant.span),
                                                 now: value(variable))
            return CoverageChange(kind: kind, text: "\(path) \(wanted)" + now(variable), words: words, criterion: criterion,
                                  line: ln, path: path, edits: target.map { [.set(p, $0)] } ?? [])
        case .count(let list, let filter):
            return counted(list: list, field: nil, filter: filter, op: op, c, variable: variable, kind: kind,
                           criterion: criterion, label: label, wanted: wanted, line: ln)
        case .distinct(let list, let field, let filter, nil):
            return counted(list: list, field: field, filter: filter, op: op, c, variable: variable, kind: kind,
                           criterion: criterion, label: label, wanted: wanted, line: ln)
        default:
            let words = label.map { CoverageWords.criterion($0, want: want, now: value(variable), percent: text(constant.span).hasSuffix("%"),
                                                            given: false) }
                ?? CoverageWords.comparison(AppealLetter.words(text(variable.span)), op, c, source: text(constant.span),
                                            now: value(variable))
            return CoverageChange(kind: kind, text: "\(text(variable.span)) \(wanted)" + now(variable), words: words,
                                  criterion: criterion, line: ln)
        }
    }

    func isConstant(_ e: ResolvedExpr) -> Bool {
        switch e.kind {
        case .constant: return true
        case .list(let items): return items.allSatisfy(isConstant)
        case .unary(.negate, let x): return isConstant(x)
        case .binary(let op, let a, let b) where op.isArithmetic: return isConstant(a) && isConstant(b)
        default: return false
        }
    }

    /// A value `v` for which `v op c` holds, as close to `c` as the type allows.
    static func boundary(_ op: BinaryOperator, _ c: Value) -> Value? {
        switch (op, c) {
        case (.equal, _), (.greaterEqual, _), (.lessEqual, _):
            if case .list = c { return nil }
            return c
        case (.in, .list(let items)): return items.first
        case (.notEqual, .bool(let b)): return .bool(!b)
        case (.greater, _), (.notEqual, _): return step(c, up: true)
        case (.less, _): return step(c, up: false)
        default: return nil
        }
    }

    /// The next value above or below `c`: one for whole numbers, a hundredth otherwise, a cent, a day.
    static func step(_ c: Value, up: Bool) -> Value? {
        switch c {
        case .number(let d):
            var copy = d, rounded = Decimal()
            NSDecimalRound(&rounded, &copy, 0, .plain)
            let unit: Decimal = rounded == d ? 1 : Decimal(string: "0.01") ?? 1
            return .number(up ? d + unit : d - unit)
        case .money(let m):
            return (up ? m.adding(Money(cents: 1)) : m.subtracting(Money(cents: 1))).map(Value.money)
        case .date(let day):
            return day.addingDays(up ? 1 : -1).map(Value.date)
        default:
            return nil
        }
    }

    // MARK: count(...) and distinct(...)

    func counted(list: [String], field: String?, filter: ResolvedExpr?, op: BinaryOperator, _ c: Value,
                 variable: ResolvedExpr, kind: CoverageChange.Kind, criterion: String, label: String?,
                 wanted: String, line ln: Int) -> CoverageChange? {
        let listPath = list.joined(separator: ".")
        let outcome = evaluator.eval(variable)
        let missing = outcome?.missing ?? []
        var have: Decimal
        if case .number(let n)? = outcome?.value {
            have = n
        } else if outcome?.value == nil && missing == [listPath] {
            have = 0  // the case has no such list: every element must be added
        } else {
            let rest = [Listing.rest(missing.count, "fact")].compactMap { $0 }
            let supplied = missing.isEmpty ? listPath : (Listing.head(missing) + rest).joined(separator: ", ")
            // The patient's words name each missing field once ("weeks and improvement"), however
            // many entries lack it; the author's text lists the paths (bounded by Listing).
            var seen = Set<String>()
            let supply = (missing.isEmpty ? [listPath] : missing).map { CoverageWords.subject($0) }.filter { seen.insert($0).inserted }
            return CoverageChange(kind: .missingFact, text: "\(criterion): supply \(supplied)",
                                  words: "\(AppealLetter.words(criterion)) (not given: \(CoverageWords.list(supply, or: false)))",
                                  criterion: criterion, line: ln, path: listPath)
        }
        guard case .number(let limit) = c else { return nil }
        let what = field.map { "different \($0) values among \(listPath)" } ?? "entries of \(listPath)"
        let counting = filter.map { " where \(text($0.span))" } ?? ""
        let needed = CriterionSolver.needed(op, have: have, limit: limit)
        var sentence = "\(what)\(counting) \(wanted) (now \(Value.format(have)))"
        if let label {
            // The label says what is counted in the policy's words; the rest says how many more.
            let unit = field.map { "different \($0)" } ?? "more entry"
            sentence = needed > 0
                ? "\(label): \(needed) more \(field == nil ? "entr\(needed == 1 ? "y" : "ies")" : unit) in \(listPath)\(counting) (now \(Value.format(have)), \(wanted) needed)"
                : "\(label): \(what)\(counting) \(wanted) (now \(Value.format(have)))"
        }
        // Adding elements that satisfy the filter is a concrete edit when the filter is simple
        // and the list is not one the case reserves (past sessions carry dates and payments).
        var edits: [CaseEdit] = []
        if needed > 0, needed <= 10, !["sessions", "diagnoses", "documents"].contains(listPath),
           let template = elementTemplate(filter) {
            for i in 0..<needed {
                var element = template
                if let field { element[field] = .string("another \(field) \(i + 1)") }
                edits.append(.append(list, .object(element)))
            }
        }
        let name = label ?? AppealLetter.words("\(field.map { "different \($0) values among " } ?? "entries of ")\(listPath)\(counting)")
            + (label == nil ? " \(wanted)" : "")
        let words = CoverageWords.counted(name, more: needed, have: Value.format(have), needed: Value.format(limit))
        return CoverageChange(kind: kind, text: sentence, words: words, criterion: criterion, line: ln, path: listPath, edits: edits)
    }

    /// How many more elements make `have op limit` hold; 0 when adding cannot help.
    static func needed(_ op: BinaryOperator, have: Decimal, limit: Decimal) -> Int {
        let gap: Decimal
        switch op {
        case .greaterEqual, .equal: gap = limit - have
        case .greater: gap = limit - have + 1
        default: return 0
        }
        guard gap > 0, gap <= 1000 else { return 0 }
        return NSDecimalNumber(decimal: gap).intValue
    }

    /// An element that satisfies `filter`, when the filter is a conjunction of field comparisons
    /// with constants (`weeks >= 6 and improvement <= 25%`); nil otherwise.
    func elementTemplate(_ filter: ResolvedExpr?) -> JSONObject? {
        var element = JSONObject()
        guard let filter else { return element }
        func fill(_ e: ResolvedExpr) -> Bool {
            switch e.kind {
            case .binary(.and, let l, let r): return fill(l) && fill(r)
            case .block(.all, let entries): return entries.allSatisfy { fill($0.expr) }
            case .elementField(let name):
                element[name] = .bool(true)
                return true
            case .binary(let op, let l, let r) where op.isComparison:
                var op = op, field = l, constant = r
                if case .elementField = r.kind { guard let f = op.flipped else { return false }; op = f; field = r; constant = l }
                guard case .elementField(let name) = field.kind, isConstant(constant), let c = value(constant),
                      let v = CriterionSolver.boundary(op, c), let j = JSONValue.from(v) else { return false }
                element[name] = j
                return true
            default:
                return false
            }
        }
        return fill(filter) ? element : nil
    }

    // MARK: Codes and FDA status

    func diagnosis(in set: Int, want: Bool, kind: CoverageChange.Kind, criterion: String, line ln: Int) -> CoverageChange? {
        let codeSet = policy.codeSets[set]
        if want {
            guard let example = CriterionSolver.example(codeSet) else { return nil }
            return CoverageChange(kind: kind, text: "a diagnosis in `\(codeSet.name)` (e.g. \(example))",
                                  words: "a \(CoverageWords.codeSet(codeSet.name)) diagnosis (such as \(example))", criterion: criterion,
                                  line: ln, path: "diagnoses", edits: [.append(["diagnoses"], .string(example))])
        }
        if !patientCase.hasDiagnoses && patientCase.request.diagnosis == nil {
            return CoverageChange(kind: .missingFact, text: "diagnoses given, none in `\(codeSet.name)`",
                                  words: "the diagnoses, none of them \(CoverageWords.codeSet(codeSet.name)) (not given)", criterion: criterion,
                                  line: ln, path: "diagnoses", edits: [.ensureList(["diagnoses"])])
        }
        let matching = patientCase.diagnoses.filter { codeSet.contains($0) }
        var edits: [CaseEdit] = [.set(["diagnoses"], .array(patientCase.diagnoses.filter { !codeSet.contains($0) }.map(JSONValue.string)))]
        var shown = matching
        if let d = patientCase.request.diagnosis, codeSet.contains(d.uppercased()) {
            edits.append(.remove(["request", "diagnosis"]))
            if !shown.contains(d) { shown.append(d) }
        }
        return CoverageChange(kind: kind, text: "no diagnosis in `\(codeSet.name)` (now \(shown.joined(separator: ", ")))",
                              words: "no \(CoverageWords.codeSet(codeSet.name)) diagnosis (the record shows \(CoverageWords.list(shown, or: false)))",
                              criterion: criterion, line: ln, path: "diagnoses", edits: edits)
    }

    func fda(_ status: FDAStatus, want: Bool, criterion: String, line ln: Int) -> CoverageChange? {
        let treatment = policy.treatments[patientCase.request.treatment]
        let needsApproved = (want && status == .approved) || (!want && status == .offLabel)
        guard needsApproved, let approval = treatment.approvals.first,
              let example = CriterionSolver.example(policy.codeSets[approval.codeSet]) else {
            return CoverageChange(kind: .fact, text: "FDA status \(want ? "" : "not ")\(status.rawValue) for the indication",
                                  words: "an indication for which the FDA status of \(treatment.displayName) is \(want ? "" : "not ")\(CoverageWords.fda(status))",
                                  criterion: criterion, line: ln)
        }
        let name = policy.codeSets[approval.codeSet].name
        return CoverageChange(kind: .fact, text: "an indication \(treatment.name) is FDA-approved for: `\(name)` (e.g. \(example))",
                              words: "a diagnosis \(treatment.displayName) is FDA-approved for (\(CoverageWords.codeSet(name)), such as \(example))",
                              criterion: criterion, line: ln, path: "request.diagnosis",
                              edits: [.set(["request", "diagnosis"], .string(example))])
    }

    /// A code the set holds: its first plain code, prefix or range start.
    static func example(_ set: CodeSet) -> String? {
        guard let first = set.patterns.first else { return nil }
        switch first.kind {
        case .code(let c): return c
        case .prefix(let p): return p.hasSuffix(".") ? p + "0" : p
        case .range(let low, _): return low
        }
    }
}

extension BinaryOperator {
    /// The comparison that holds exactly when this one does not.
    var negated: BinaryOperator {
        switch self {
        case .equal: return .notEqual
        case .notEqual: return .equal
        case .less: return .greaterEqual
        case .lessEqual: return .greater
        case .greater: return .lessEqual
        case .greaterEqual: return .less
        default: return self
        }
    }

    /// The comparison with its operands swapped (`18 <= x` is `x >= 18`); nil for `in`.
    var flipped: BinaryOperator? {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        case .equal, .notEqual: return self
        default: return nil
        }
    }

    var phrase: String {
        switch self {
        case .greaterEqual: return "at least"
        case .greater: return "more than"
        case .lessEqual: return "at most"
        case .less: return "less than"
        case .equal: return "equal to"
        case .notEqual: return "other than"
        case .in: return "one of"
        default: return rawValue
        }
    }
}
