/// Random valid policies for agreement testing (the fast and the explaining evaluator, `clause
/// eval` and `clause batch`), fuzzing and benchmarks. The text is built from the grammar
/// (Grammar/clause.ebnf) with static types tracked, so that it checks cleanly: every
/// declaration kind, code patterns and ranges, billing and FDA lines, defines and chains of
/// defines, cover and deny rules with labels, nested blocks, `unless`, requirements, count and
/// distinct with `where`, comparisons of numbers, percentages, money, dates and durations,
/// `known`, `in` lists and code sets, `fda` statuses, limits with phases, benefit maximums and
/// tiers of every cost kind. Deterministic: the same choices give the same text.
public enum PolicyGenerator {
    /// How large a policy may grow.
    public struct Options: Sendable {
        public var maxCodeSets = 4
        public var maxTreatments = 3
        public var maxDefines = 7
        public var maxRules = 6
        /// How deep expressions nest (blocks, operators), not counting defines.
        public var maxDepth = 4
        /// The longest chain of defines (`define c2 = c1` …) a policy may hold.
        public var maxChain = 400
        public init() {}
    }

    /// The text of one random policy (not necessarily valid, though nearly always).
    public static func text<S: ChoiceSource>(using source: inout S, options: Options = Options()) -> String {
        var writer = PolicyWriter(source: source, options: options)
        let text = writer.policy()
        source = writer.source
        return text
    }

    /// A random policy that checks cleanly: up to `attempts` texts are drawn until one checks
    /// (the draws go on from the same source). Nil policy when none did; `text` is the last one.
    public static func generate<S: ChoiceSource>(using source: inout S, options: Options = Options(),
                                                  attempts: Int = 4) -> (text: String, policy: CheckedPolicy?) {
        var last = ""
        for _ in 0..<max(attempts, 1) {
            last = text(using: &source, options: options)
            let result = Checker.check(source: SourceFile(name: "generated.clause", bytes: Array(last.utf8)))
            if let policy = result.policy { return (last, policy) }
        }
        return (last, nil)
    }

    // MARK: The vocabulary shared with `CaseGenerator`

    /// Case paths by the type of value the policies compare them with.
    static let numberPaths = ["patient.age", "scores.phq9", "scores.madrs", "scores.madrs_baseline",
                              "history.failed_antidepressants", "history.psychotherapy_weeks", "labs.bmi",
                              "request.sessions"]
    static let boolPaths = ["patient.pregnant", "provider.rems_certified", "medications.oral_antidepressant",
                            "request.clinical_trial", "history.ect_trial", "history.aneurysmal_vascular_disease",
                            "provider.referral"]
    static let stringPaths = ["prescriber.specialty", "patient.sex", "patient.plan_type", "request.treatment",
                              "provider.network", "request.diagnosis", "authorization.prior_authorization"]
    static let datePaths = ["request.date", "authorization.approved_on", "history.last_episode", "patient.enrolled_on"]
    static let moneyPaths = ["request.billed_per_session", "plan.deductible_remaining",
                             "plan.out_of_pocket_remaining", "patient.income"]

    /// String values a path (or an element field) is compared with.
    public static let stringPools: [String: [String]] = [
        "prescriber.specialty": ["psychiatry", "psychiatric nurse practitioner", "family medicine"],
        "patient.sex": ["F", "M", "X"],
        "patient.plan_type": ["gold", "silver", "bronze"],
        "authorization.prior_authorization": ["approved", "pending", "denied", "none"],
        "drug_class": ["SSRI", "SNRI", "TCA", "MAOI"],
        "reason": ["suicidal ideation", "mania", "psychosis"],
    ]

    /// Lists of the case and the fields of their elements.
    struct ListSpec {
        var path: String
        var fields: [(name: String, type: GenType)]
    }

    static let lists: [ListSpec] = [
        ListSpec(path: "history.trials", fields: [("drug_class", .string), ("weeks", .number),
                                                  ("improvement", .number), ("started", .date)]),
        ListSpec(path: "sessions", fields: [("treatment", .string), ("date", .date), ("plan_paid", .money)]),
        ListSpec(path: "history.hospitalizations", fields: [("days", .number), ("reason", .string), ("admitted", .date)]),
        ListSpec(path: "diagnoses", fields: []),
        ListSpec(path: "documents", fields: []),
    ]

    /// The diagnosis categories code sets are drawn from (and cases' diagnoses).
    static let categories = ["F20", "F22", "F31", "F32", "F33", "F41", "F43", "F10", "Z01", "R45"]

    /// Documents that rules require (cases hold some of them).
    public static let documents = ["PHQ-9 score from the last 30 days", "letter of medical necessity",
                                   "treatment plan with response measures", "MADRS score at baseline and now"]
}

enum GenType: CaseIterable {
    case bool, number, money, date, duration, string
}

/// An expression's text and how tightly it binds: 1 `or`, 2 `and`, 3 comparisons and `in`,
/// 4 `+ -`, 5 `* /`, 6 unary, 7 atoms (literals, paths, parentheses, blocks, calls).
struct GenExpr {
    var text: String
    var prec: Int
}

struct PolicyWriter<S: ChoiceSource> {
    var source: S
    let options: PolicyGenerator.Options
    var codeSets: [String] = []
    var treatments: [String] = []
    var tiers: [String] = []
    var defines: [(name: String, type: GenType)] = []
    var billingCounter = 0

    init(source: S, options: PolicyGenerator.Options) {
        self.source = source
        self.options = options
    }

    mutating func pick(_ n: Int) -> Int { source.choose(n) }
    mutating func chance(_ p: Int) -> Bool { source.chance(p) }
    mutating func one(_ items: [String]) -> String { source.element(items) ?? "" }

    // MARK: Declarations

    mutating func policy() -> String {
        var header = "policy \"Generated policy \(pick(1000))\" {\n"
        if chance(80) { header += "  payer \"\(label())\"\n" }
        if chance(70) { header += "  version \"2026.\(pick(12))\"\n" }
        var effective: Day?
        if chance(85) {
            let day = date(from: 2025, years: 2)
            effective = day
            header += "  effective \(day)\n"
        }
        if chance(40) {
            let base = effective ?? date(from: 2025, years: 1)
            header += "  expires \(Day(ordinal: base.ordinal &+ 30 &+ pick(700)))\n"
        }
        if chance(20) { header += appeals() }
        header += "}\n"

        var declarations: [String] = []
        let codeSetCount = pick(options.maxCodeSets &+ 1)
        for i in 0..<codeSetCount {
            codeSets.append("cs\(i)")
            declarations.append(codeSet("cs\(i)"))
        }
        let treatmentCount = 1 &+ pick(options.maxTreatments)
        for i in 0..<treatmentCount { treatments.append("tr\(i)") }
        if chance(75) {
            var block = "network {\n"
            for i in 0..<(1 &+ pick(3)) {
                tiers.append("tier\(i)")
                block += "  " + tier("tier\(i)") + "\n"
            }
            declarations.append(block + "}\n")
        }
        for t in treatments { declarations.append(treatment(t)) }
        for i in 0..<pick(options.maxDefines &+ 1) {
            declarations.append(define("d\(i)"))
        }
        if chance(15) { declarations += chain() }
        // Every treatment usually has a cover rule; then more rules of either kind.
        for t in treatments where chance(90) { declarations.append(cover([t])) }
        for _ in 0..<pick(options.maxRules &+ 1) {
            let names = ruleTreatments()
            declarations.append(chance(50) ? deny(names) : cover(names))
        }
        for t in treatments where chance(60) { declarations.append(limit(t)) }
        // Declarations in any order (LANGUAGE.md §2); the order of rules matters to decisions.
        if chance(30) { declarations = source.shuffled(declarations) }
        var text = chance(20) ? "# A generated policy.\n" : ""
        text += header
        for d in declarations {
            if chance(5) { text += "# \(label())\n" }
            text += d
        }
        if chance(12) { text = withFields(text) }
        return text
    }

    /// The policy with a `fields { … }` block declaring the case paths it reads, when that
    /// checks (a path compared as two types, or money, cannot be declared); else as it was.
    func withFields(_ text: String) -> String {
        var block = "fields {\n"
        let typed: [(paths: [String], type: String)] = [
            (PolicyGenerator.numberPaths, "number"), (PolicyGenerator.boolPaths, "boolean"),
            (PolicyGenerator.stringPaths, "string"), (PolicyGenerator.datePaths, "date"),
            (PolicyGenerator.lists.map(\.path), "list"),
        ]
        for (paths, type) in typed {
            for path in paths where ReservedFields.types[path] == nil && CaseList(rawValue: path) == nil && text.contains(path) {
                block += "  \(path): \(type)\n"
            }
        }
        let candidate = text + block + "}\n"
        let checked = Checker.check(source: SourceFile(name: "generated.clause", bytes: Array(candidate.utf8)))
        return checked.policy == nil ? text : candidate
    }

    mutating func appeals() -> String {
        var s = "  appeals {\n"
        let units = ["days", "weeks", "months", "hours"]
        if chance(60) { s += "    file within \(1 &+ pick(180)) \(one(units))\n" }
        if chance(50) { s += "    urgent decision within \(1 &+ pick(72)) hours\n" }
        if chance(50) { s += "    standard decision within \(1 &+ pick(30)) days\n" }
        if chance(40) { s += "    external review within \(1 &+ pick(120)) days\n" }
        if chance(40) { s += "    address \"\(label())\"\n" }
        return s + "  }\n"
    }

    mutating func codeSet(_ name: String) -> String {
        var patterns: [String] = []
        for _ in 0..<(1 &+ pick(5)) { patterns.append(codePattern()) }
        return "codes \(name) = icd10 { \(patterns.joined(separator: ", "))\(chance(10) ? "," : "") }\n"
    }

    mutating func codePattern() -> String {
        let category = one(PolicyGenerator.categories)
        switch pick(5) {
        case 0: return "\(category).\(pick(10))"
        case 1: return category
        case 2: return chance(50) ? "\(category).*" : "\(category).\(pick(10))*"
        case 3:
            let a = pick(10), b = a &+ pick(10 &- a)
            return "\(category).\(a)-\(category).\(b)"
        default:
            if chance(50) { return "\(category).A" }
            // Two-digit sub-codes: F43.10-F43.12
            let a = pick(10), b = a &+ pick(10 &- a)
            return "\(category).1\(a)-\(category).1\(b)"
        }
    }

    mutating func treatment(_ name: String) -> String {
        var s = "treatment \(name) \"\(label())\" {\n"
        for _ in 0..<pick(3) {
            var codes: [String] = []
            let hcpcs = chance(60)
            for _ in 0..<(1 &+ pick(3)) {
                billingCounter &+= 1
                codes.append(hcpcs ? "\(one(["J", "G", "S", "Q"]))\(1000 &+ billingCounter)" : "\(96000 &+ billingCounter)")
            }
            s += "  billing \(hcpcs ? "hcpcs" : "cpt") \(codes.joined(separator: ", "))\n"
        }
        if !codeSets.isEmpty {
            for _ in 0..<pick(3) {
                if chance(60) {
                    s += "  fda approved for \(one(codeSets))"
                    if chance(50) { s += " since \(date(from: 2018, years: 9))" }
                    s += "\n"
                } else {
                    s += "  fda investigational" + (chance(70) ? " for \(one(codeSets))" : "") + "\n"
                }
            }
        } else if chance(30) {
            s += "  fda investigational\n"
        }
        return s + "}\n"
    }

    mutating func tier(_ name: String) -> String {
        let cost: String
        let notCovered: Bool
        switch pick(4) {
        case 0: cost = "coinsurance \(pick(101))%"; notCovered = false
        case 1: cost = "copay \(money(small: true))"; notCovered = false
        case 2: cost = "copay \(money(small: true)) coinsurance \(pick(101))%"; notCovered = false
        default: cost = "not covered"; notCovered = true
        }
        var s = "tier \(name) \(cost)"
        if !notCovered && chance(40) { s += " after deductible" }
        if chance(25) { s += ", requires referral" }
        return s
    }

    mutating func limit(_ t: String) -> String {
        var s = "limit \(t) {\n"
        var hasAuthorization = false
        for _ in 0..<(1 &+ pick(4)) {
            switch pick(4) {
            case 0, 1:
                let n = pick(12)
                s += "  \(n) \(n == 1 && chance(50) ? "session" : "sessions") per \(duration())"
                switch pick(3) {
                case 1:
                    let a = 1 &+ pick(8)
                    s += " during \(chance(80) ? "weeks" : "week") \(a)-\(a &+ pick(8))"
                case 2: s += " from \(chance(80) ? "week" : "weeks") \(1 &+ pick(12))"
                default: break
                }
                s += "\n"
            case 2:
                s += "  \(money(small: false)) per \(duration())\n"
            default:
                if !hasAuthorization {
                    hasAuthorization = true
                    s += "  authorization lasts \(duration())\n"
                }
            }
        }
        return s + "}\n"
    }

    mutating func duration() -> String {
        switch pick(4) {
        case 0: return "\(1 &+ pick(400)) days"
        case 1: return "\(1 &+ pick(52)) \(chance(20) ? "week" : "weeks")"
        case 2: return "\(1 &+ pick(12)) months"
        default: return chance(50) ? "1 year" : "\(1 &+ pick(3)) years"
        }
    }

    mutating func define(_ name: String) -> String {
        let type: GenType
        switch pick(10) {
        case 0...5: type = .bool
        case 6, 7: type = .number
        case 8: type = chance(50) ? .money : .date
        default: type = .duration
        }
        let e = expr(type, depth: 1 &+ pick(options.maxDepth), element: nil)
        defines.append((name, type))
        return "define \(name) = \(e.text)\(optionalLabel())\n"
    }

    /// `define cK_0 = …`, `define cK_1 = cK_0`, …: a chain of defines, sometimes wrapped.
    mutating func chain() -> [String] {
        let k = defines.count
        let length = 2 &+ pick(max(options.maxChain &- 1, 1))
        var out: [String] = []
        let base = expr(.bool, depth: 1, element: nil)
        out.append("define c\(k)_0 = \(base.text)\n")
        for i in 1..<length {
            let previous = "c\(k)_\(i &- 1)"
            let body: String
            switch pick(6) {
            case 1: body = "not \(previous)"
            case 2: body = "\(previous) and true"
            case 3: body = "any { \(previous) }"
            default: body = previous
            }
            out.append("define c\(k)_\(i) = \(body)\(i == length &- 1 ? optionalLabel() : "")\n")
        }
        defines.append(("c\(k)_\(length &- 1)", .bool))
        // The chain's declarations in reverse order half the time: names resolve across the file.
        return chance(50) ? out.reversed() : out
    }

    mutating func ruleTreatments() -> [String] {
        var names = [one(treatments)]
        if treatments.count > 1 && chance(25) {
            let other = one(treatments)
            if other != names[0] { names.append(other) }
        }
        return names
    }

    mutating func cover(_ names: [String]) -> String {
        var s = "cover \(names.joined(separator: ", "))"
        if chance(80) { s += " \"\(label())\"" }
        s += " when " + criteria()
        for _ in 0..<pick(4) {
            switch pick(3) {
            case 0: s += "\n  requires prior_authorization"
            case 1: s += "\n  requires referral"
            default: s += "\n  requires document \"\(one(PolicyGenerator.documents))\""
            }
        }
        return s + "\n"
    }

    mutating func deny(_ names: [String]) -> String {
        var s = "deny \(names.joined(separator: ", "))"
        if chance(80) { s += " \"\(label())\"" }
        s += " when " + criteria()
        if chance(35) { s += "\n  unless " + criteria() }
        return s + "\n"
    }

    /// A rule's `when` or `unless`: usually a block, else one labelled expression.
    mutating func criteria() -> String {
        let depth = 1 &+ pick(options.maxDepth)
        if chance(60) { return block(depth: depth, element: nil).text }
        return entry(expr(.bool, depth: depth, element: nil)) + optionalLabel()
    }

    // MARK: Expressions

    mutating func expr(_ type: GenType, depth: Int, element: PolicyGenerator.ListSpec?) -> GenExpr {
        switch type {
        case .bool: return bool(depth, element)
        case .number: return number(depth, element)
        case .money: return moneyExpr(depth, element)
        case .date: return dateExpr(depth, element)
        case .duration: return durationExpr(depth, element)
        case .string: return stringExpr(element)
        }
    }

    /// `e` as the operand of a binary operator of precedence `p` (right operands bind one tighter).
    func operand(_ e: GenExpr, _ p: Int, right: Bool = false) -> String {
        (e.prec < p || (right && e.prec == p)) ? "(\(e.text))" : e.text
    }

    func binary(_ l: GenExpr, _ op: String, _ r: GenExpr, _ p: Int) -> GenExpr {
        // Comparisons do not chain: both sides bind tighter.
        let chainless = p == 3
        return GenExpr(text: "\(operand(l, chainless ? 4 : p)) \(op) \(operand(r, chainless ? 4 : p, right: true))", prec: p)
    }

    func unary(_ op: String, _ e: GenExpr) -> GenExpr {
        let inner = e.prec < 6 || e.text.hasPrefix("-") ? "(\(e.text))" : e.text
        return GenExpr(text: op == "not" ? "not \(inner)" : "-\(inner)", prec: 6)
    }

    /// A criterion as a block entry: an entry cannot start with `-` (it would continue the
    /// previous entry as a subtraction) or a string (it would label the previous entry).
    func entry(_ e: GenExpr) -> String {
        e.text.hasPrefix("-") || e.text.hasPrefix("\"") ? "(\(e.text))" : e.text
    }

    mutating func definesOf(_ type: GenType) -> [String] {
        defines.filter { $0.type == type }.map(\.name)
    }

    mutating func bool(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        let choices = depth <= 0 ? 9 : 17
        switch pick(choices) {
        case 0:
            if let element, let field = element.fields.first(where: { $0.type == .bool }) {
                return GenExpr(text: field.name, prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.boolPaths), prec: 7)
        case 1: return comparison(.number, d, element)
        case 2: return GenExpr(text: chance(50) ? "true" : "false", prec: 7)
        case 3:
            if let element, !element.fields.isEmpty, chance(30) {
                return GenExpr(text: "known \(one(element.fields.map(\.name)))", prec: 7)
            }
            return GenExpr(text: "known \(anyPath())", prec: 7)
        case 4:
            guard !codeSets.isEmpty else { return comparison(.number, d, element) }
            return GenExpr(text: "diagnosis in \(one(codeSets))", prec: 7)
        case 5: return GenExpr(text: "fda \(one(["approved", "off_label", "investigational"]))", prec: 7)
        case 6:
            let names = definesOf(.bool)
            guard element == nil, !names.isEmpty else { return comparison(.money, d, element) }
            return GenExpr(text: one(names), prec: 7)
        case 7: return comparison(pickComparable(), d, element)
        case 8: return element == nil ? countComparison(d, element) : comparison(.number, d, element)
        case 9: return binary(bool(d, element), "and", bool(d, element), 2)
        case 10: return binary(bool(d, element), "or", bool(d, element), 1)
        case 11: return unary("not", bool(d, element))
        case 12: return block(depth: d, element: element)
        case 13: return inList(d, element)
        case 14:
            guard !codeSets.isEmpty else { return inList(d, element) }
            let left: GenExpr = chance(40) ? GenExpr(text: "request.diagnosis", prec: 7)
                : chance(50) ? GenExpr(text: "patient.primary_code", prec: 7) : stringExpr(element)
            return binary(left, "in", GenExpr(text: one(codeSets), prec: 7), 3)
        case 16 where chance(30):
            // Two facts the checker cannot type: what they hold decides (or fails) at evaluation.
            let types: [GenType] = [.number, .string, .date, .money, .bool]
            let a = types[pick(types.count)], b = types[pick(types.count)]
            return binary(untypedFact(a), one(["==", "!=", "<", ">="]), untypedFact(b), 3)
        case 15:
            return binary(GenExpr(text: "(\(bool(d, element).text))", prec: 7), one(["==", "!="]),
                          GenExpr(text: "(\(bool(d, element).text))", prec: 7), 3)
        default: return comparison(.number, d, element)
        }
    }

    mutating func pickComparable() -> GenType {
        switch pick(4) {
        case 0: return .date
        case 1: return .duration
        case 2: return .money
        default: return .string
        }
    }

    mutating func comparison(_ type: GenType, _ d: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let ops = type == .string ? ["==", "!="] : ["==", "!=", "<", "<=", ">", ">="]
        let op = one(ops)
        var l = chance(60) ? fact(type, element) : expr(type, depth: d, element: element)
        var r = expr(type, depth: d, element: element)
        // Usually a fact on the left and a constant on the right, as policies are written.
        if chance(70) { r = literal(type, element) }
        if type == .string && l.text.hasPrefix("\"") && r.text.hasPrefix("\"") { l = stringPath(element) }
        return binary(l, op, r, 3)
    }

    /// A case path the checker does not type (not a reserved field) that usually holds `type`.
    mutating func untypedFact(_ type: GenType) -> GenExpr {
        let paths: [String]
        switch type {
        case .number: paths = PolicyGenerator.numberPaths
        case .string: paths = PolicyGenerator.stringPaths
        case .date: paths = PolicyGenerator.datePaths
        case .money: paths = PolicyGenerator.moneyPaths
        case .bool, .duration: paths = PolicyGenerator.boolPaths
        }
        return GenExpr(text: one(paths.filter { ReservedFields.types[$0] == nil }), prec: 7)
    }

    /// A fact of the case (or of the element, inside `where`) of the given type.
    mutating func fact(_ type: GenType, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        if let element, chance(75), let f = source.element(element.fields.filter({ $0.type == type })) {
            return GenExpr(text: f.name, prec: 7)
        }
        switch type {
        case .bool: return GenExpr(text: one(PolicyGenerator.boolPaths), prec: 7)
        case .number: return GenExpr(text: one(PolicyGenerator.numberPaths), prec: 7)
        case .money: return GenExpr(text: one(PolicyGenerator.moneyPaths), prec: 7)
        case .date: return GenExpr(text: one(PolicyGenerator.datePaths), prec: 7)
        case .string: return stringPath(element)
        case .duration:
            return binary(GenExpr(text: "request.date", prec: 7), "-", fact(.date, element), 4)
        }
    }

    mutating func countComparison(_ d: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let call = listCall(d)
        return binary(call, one([">=", "<", "==", ">", "<=", "!="]), GenExpr(text: "\(pick(4))", prec: 7), 3)
    }

    /// `count(LIST [where …])` or `distinct(LIST.FIELD [where …])`.
    mutating func listCall(_ d: Int) -> GenExpr {
        let list = PolicyGenerator.lists[pick(PolicyGenerator.lists.count)]
        var filter = ""
        if !list.fields.isEmpty, chance(65) {
            filter = " where " + bool(max(d, 0), list).text
        } else if list.fields.isEmpty, chance(3) {
            filter = " where weeks > 2"  // elements that are not records: an evaluation error
        }
        if !list.fields.isEmpty, chance(35) {
            let field = one(list.fields.map(\.name))
            return GenExpr(text: "distinct(\(list.path).\(field)\(filter))", prec: 7)
        }
        return GenExpr(text: "count(\(list.path)\(filter))", prec: 7)
    }

    mutating func inList(_ d: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        if chance(50) {
            let left = stringPath(element)
            var items: [String] = []
            for _ in 0..<(1 &+ pick(3)) { items.append(stringLiteral(for: left.text)) }
            return binary(left, "in", GenExpr(text: "[\(items.joined(separator: ", "))\(chance(10) ? "," : "")]", prec: 7), 3)
        }
        let left = number(0, element)
        var items: [String] = []
        for _ in 0..<pick(4) { items.append(chance(25) ? fact(.number, element).text : number(0, nil).text) }
        return binary(left, "in", GenExpr(text: "[\(items.joined(separator: ", "))]", prec: 7), 3)
    }

    mutating func number(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 7 : 11) {
        case 0: return literal(.number, element)
        case 1:
            if let element, chance(70), let f = source.element(element.fields.filter({ $0.type == .number })) {
                return GenExpr(text: f.name, prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.numberPaths), prec: 7)
        case 2: return GenExpr(text: "\(pick(100))%", prec: 7)
        case 3: return GenExpr(text: "\(pick(100)).\(pick(100))", prec: 7)
        case 4: return element == nil ? listCall(max(d, 0)) : literal(.number, element)
        case 5:
            let names = definesOf(.number)
            guard element == nil, !names.isEmpty else { return GenExpr(text: one(PolicyGenerator.numberPaths), prec: 7) }
            return GenExpr(text: one(names), prec: 7)
        case 6: return GenExpr(text: one(["0", "1", "9223372036854775807", "0.000001"]), prec: 7)
        case 7: return binary(number(d, element), one(["+", "-"]), number(d, element), 4)
        case 8: return binary(number(d, element), one(["*", "/"]), number(d, element), 5)
        case 9: return unary("-", number(d, element))
        default:
            // money / money is a number
            return binary(moneyExpr(d, element), "/", moneyExpr(d, element), 5)
        }
    }

    mutating func moneyExpr(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 3 : 7) {
        case 0: return literal(.money, element)
        case 1:
            if let element, element.fields.contains(where: { $0.type == .money }), chance(70) {
                return GenExpr(text: "plan_paid", prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.moneyPaths), prec: 7)
        case 2:
            let names = definesOf(.money)
            guard element == nil, !names.isEmpty else { return literal(.money, element) }
            return GenExpr(text: one(names), prec: 7)
        case 3: return binary(moneyExpr(d, element), one(["+", "-"]), moneyExpr(d, element), 4)
        case 4:
            return chance(50) ? binary(moneyExpr(d, element), "*", number(d, element), 5)
                : binary(number(d, element), "*", moneyExpr(d, element), 5)
        case 5: return binary(moneyExpr(d, element), "/", number(d, element), 5)
        default: return unary("-", moneyExpr(d, element))
        }
    }

    mutating func dateExpr(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 3 : 5) {
        case 0: return literal(.date, element)
        case 1:
            if let element, chance(70), let f = source.element(element.fields.filter({ $0.type == .date })) {
                return GenExpr(text: f.name, prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.datePaths), prec: 7)
        case 2:
            let names = definesOf(.date)
            guard element == nil, !names.isEmpty else { return GenExpr(text: "request.date", prec: 7) }
            return GenExpr(text: one(names), prec: 7)
        case 3: return binary(dateExpr(d, element), one(["+", "-"]), durationExpr(d, element), 4)
        default: return binary(durationExpr(d, element), "+", dateExpr(d, element), 4)
        }
    }

    mutating func durationExpr(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 2 : 6) {
        case 0: return GenExpr(text: duration(), prec: 7)
        case 1:
            let names = definesOf(.duration)
            guard element == nil, !names.isEmpty else { return GenExpr(text: duration(), prec: 7) }
            return GenExpr(text: one(names), prec: 7)
        case 2: return binary(dateExpr(d, element), "-", dateExpr(d, element), 4)
        case 3: return binary(durationExpr(d, element), one(["+", "-"]), durationExpr(d, element), 4)
        case 4:
            return chance(50) ? binary(durationExpr(d, element), "*", number(0, element), 5)
                : binary(number(0, element), "*", durationExpr(d, element), 5)
        default: return unary("-", durationExpr(d, element))
        }
    }

    mutating func stringExpr(_ element: PolicyGenerator.ListSpec?) -> GenExpr {
        chance(30) ? literal(.string, element) : stringPath(element)
    }

    mutating func stringPath(_ element: PolicyGenerator.ListSpec?) -> GenExpr {
        if let element, chance(75), let f = source.element(element.fields.filter({ $0.type == .string })) {
            return GenExpr(text: f.name, prec: 7)
        }
        return GenExpr(text: one(PolicyGenerator.stringPaths), prec: 7)
    }

    mutating func anyPath() -> String {
        switch pick(5) {
        case 0: return one(PolicyGenerator.numberPaths)
        case 1: return one(PolicyGenerator.boolPaths)
        case 2: return one(PolicyGenerator.stringPaths)
        case 3: return one(PolicyGenerator.datePaths)
        default: return one(PolicyGenerator.moneyPaths)
        }
    }

    mutating func literal(_ type: GenType, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        switch type {
        case .bool: return GenExpr(text: chance(50) ? "true" : "false", prec: 7)
        case .number:
            switch pick(4) {
            case 0: return GenExpr(text: "\(pick(40))", prec: 7)
            case 1: return GenExpr(text: "\(pick(101))%", prec: 7)
            case 2: return GenExpr(text: "\(pick(30)).\(pick(10))", prec: 7)
            default: return GenExpr(text: "\(pick(8))", prec: 7)
            }
        case .money: return GenExpr(text: money(small: chance(50)), prec: 7)
        case .date: return GenExpr(text: "\(date(from: 2024, years: 4))", prec: 7)
        case .duration: return GenExpr(text: duration(), prec: 7)
        case .string:
            let field = element?.fields.first { $0.type == .string }?.name ?? one(PolicyGenerator.stringPaths)
            return GenExpr(text: stringLiteral(for: field), prec: 7)
        }
    }

    /// A string literal a path is likely to equal.
    mutating func stringLiteral(for path: String) -> String {
        let pool: [String]
        switch path {
        case "request.treatment", "treatment": pool = treatments + ["other"]
        case "provider.network": pool = tiers + ["nowhere"]
        case "request.diagnosis": pool = ["F33.2", "F32.A", "F22", "Z01.818"]
        default: pool = PolicyGenerator.stringPools[path] ?? ["yes", "no"]
        }
        return quoted(one(pool))
    }

    // MARK: Blocks and labels

    mutating func block(depth: Int, element: PolicyGenerator.ListSpec?) -> GenExpr {
        var entries: [String] = []
        let count = 1 &+ pick(4)
        for _ in 0..<count {
            entries.append(entry(bool(depth &- 1, element)) + (element == nil ? optionalLabel() : ""))
        }
        let opening: String
        switch pick(3) {
        case 1: opening = "any {"
        case 2: opening = "at least \(chance(90) ? 1 &+ pick(count) : 0) of {"
        default: opening = "{"
        }
        if chance(50) || element != nil {
            return GenExpr(text: "\(opening) \(entries.joined(separator: " ")) }", prec: 7)
        }
        return GenExpr(text: "\(opening)\n    \(entries.joined(separator: "\n    "))\n  }", prec: 7)
    }

    mutating func optionalLabel() -> String {
        chance(55) ? " \"\(label())\"" : ""
    }

    mutating func label() -> String {
        let words = ["member is 18 or older", "diagnosis of major depression", "REMS-certified setting",
                     "two failed trials", "pregnancy", "enrolled in a clinical trial", "severe symptoms",
                     "with \\\"quotes\\\" and a \\\\ backslash", "caf\u{e9} \u{2014} d\u{e9}j\u{e0} vu", "tab\\tand newline\\n"]
        return one(words)
    }

    func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: Values

    mutating func date(from year: Int, years: Int) -> Day {
        let start = Day(year: year, month: 1, day: 1)?.ordinal ?? 0
        return Day(ordinal: start &+ pick(365 &* max(years, 1)))
    }

    mutating func money(small: Bool) -> String {
        switch pick(small ? 3 : 4) {
        case 0: return "$\(pick(100))"
        case 1: return "$\(pick(500)).\(pick(10))\(pick(10))"
        case 2: return "$\(pick(60)).\(pick(10))"
        default: return "$\(1 &+ pick(20)),\(pick(10))00.00"
        }
    }
}
