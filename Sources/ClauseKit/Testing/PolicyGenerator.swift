/// Random valid policies for agreement testing (the fast and the explaining evaluator, `clause
/// eval` and `clause batch`), fuzzing and benchmarks. The text is built from the grammar
/// (Grammar/clause.ebnf) with static types tracked, so that it checks cleanly: every
/// declaration kind, code patterns and ranges, billing and FDA lines, defines and chains of
/// defines, cover and deny rules with labels, nested blocks, `unless`, requirements, count and
/// distinct with `where`, comparisons of numbers, percentages, money, dates and durations,
/// `known`, `in` lists and code sets, `fda` statuses, limits with phases, benefit maximums and
/// tiers of every cost kind; and revision 2: cover rules `for initial|continuation`, denies `as
/// experimental`, `requires prior_authorization lasting D`, dose limits (`N mg per D`), per-kind
/// authorization lengths and `new course after D without sessions`. Deterministic: the same
/// choices give the same text.
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
                              "request.sessions", "request.dose_mg"]
    static let boolPaths = ["patient.pregnant", "provider.rems_certified", "medications.oral_antidepressant",
                            "request.clinical_trial", "history.ect_trial", "history.aneurysmal_vascular_disease",
                            "provider.referral"]
    static let stringPaths = ["prescriber.specialty", "patient.sex", "patient.plan_type", "request.treatment",
                              "provider.network", "request.diagnosis", "authorization.prior_authorization", "request.review"]
    static let datePaths = ["request.date", "authorization.approved_on", "history.last_episode", "patient.enrolled_on"]
    static let moneyPaths = ["request.billed_per_session", "plan.deductible_remaining",
                             "plan.out_of_pocket_remaining", "patient.income"]

    /// String values a path (or an element field) is compared with.
    public static let stringPools: [String: [String]] = [
        "prescriber.specialty": ["psychiatry", "psychiatric nurse practitioner", "family medicine"],
        "patient.sex": ["F", "M", "X"],
        "patient.plan_type": ["gold", "silver", "bronze"],
        "authorization.prior_authorization": ["approved", "pending", "denied", "none"],
        "request.review": ["initial", "continuation"],
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
        ListSpec(path: "sessions", fields: [("treatment", .string), ("date", .date), ("plan_paid", .money), ("dose_mg", .number)]),
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
        var kindAuthorization = Set<String>()
        var hasNewCourse = false
        for _ in 0..<(1 &+ pick(4)) {
            switch pick(7) {
            case 4:
                // A dose limit, sometimes with a fraction and a phase.
                s += "  \(1 &+ pick(400))\(chance(20) ? ".\(pick(10))" : "") mg per \(duration())" + phase() + "\n"
            case 5:
                let kind = one(["initial", "continuation"])
                if kindAuthorization.insert(kind).inserted { s += "  \(kind) authorization lasts \(duration())\n" }
            case 6:
                if !hasNewCourse {
                    hasNewCourse = true
                    s += "  new course after \(duration()) without sessions\n"
                }
            case 0, 1:
                let n = pick(12)
                s += "  \(n) \(n == 1 && chance(50) ? "session" : "sessions") per \(duration())" + phase() + "\n"
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

    /// A limit line's phase, or none.
    mutating func phase() -> String {
        switch pick(3) {
        case 1:
            let a = 1 &+ pick(8)
            return " during \(chance(80) ? "weeks" : "week") \(a)-\(a &+ pick(8))"
        case 2: return " from \(chance(80) ? "week" : "weeks") \(1 &+ pick(12))"
        default: return ""
        }
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
        if chance(20) { s += " for \(one(["initial", "continuation"]))" }
        s += " when " + criteria()
        var lasting = false
        for _ in 0..<pick(4) {
            switch pick(3) {
            case 0:
                s += "\n  requires prior_authorization"
                // At most one length per rule.
                if !lasting && chance(30) {
                    lasting = true
                    s += " lasting \(duration())"
                }
            case 1: s += "\n  requires referral"
            default: s += "\n  requires document \"\(one(PolicyGenerator.documents))\""
            }
        }
        return s + "\n"
    }

    mutating func deny(_ names: [String]) -> String {
        var s = "deny \(names.joined(separator: ", "))"
        if chance(80) { s += " \"\(label())\"" }
        if chance(20) { s += " as experimental" }
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
}
