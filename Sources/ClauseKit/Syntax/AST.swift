import Foundation

/// An identifier as written, with its span.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var span: SourceSpan
    public init(_ text: String, _ span: SourceSpan) {
        self.text = text
        self.span = span
    }
    public var description: String { text }
}

/// A string literal as written (escapes decoded), with its span.
public struct StringLiteral: Hashable, Sendable {
    public var value: String
    public var span: SourceSpan
    public init(_ value: String, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

/// A date literal with its span.
public struct DateLiteral: Hashable, Sendable {
    public var value: Day
    public var span: SourceSpan
    public init(_ value: Day, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

/// `28 days`, `6 months` with its span.
public struct DurationLiteral: Hashable, Sendable {
    public var value: Duration
    public var span: SourceSpan
    public init(_ value: Duration, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
}

/// A parsed policy file: one header and the declarations in source order.
public struct PolicyFile: Sendable {
    public var header: PolicyHeader?
    public var declarations: [Declaration]
    public init(header: PolicyHeader?, declarations: [Declaration]) {
        self.header = header
        self.declarations = declarations
    }
}

// policy := "policy" STRING "{" ("payer" STRING | "version" STRING | "effective" DATE | "expires" DATE
//            | "number" STRING | "revised" DATE | "reviewed" DATE | "source" STRING | appeals)* "}"
public struct PolicyHeader: Sendable {
    public var title: StringLiteral
    public var payer: StringLiteral?
    public var version: StringLiteral?
    public var effective: DateLiteral?
    public var expires: DateLiteral?
    /// The bulletin the policy is written from (contextual words, Parser+Declarations):
    /// `number "CPB 0938"`, `revised DATE`, `reviewed DATE`, `source "https://…"`.
    public var number: StringLiteral? = nil
    public var revised: DateLiteral? = nil
    public var reviewed: DateLiteral? = nil
    public var source: StringLiteral? = nil
    /// `appeals { … }`: appeal deadlines and address (Parser+Appeals).
    public var appeals: AppealsDecl? = nil
    public var span: SourceSpan
    public init(title: StringLiteral, payer: StringLiteral? = nil, version: StringLiteral? = nil,
                effective: DateLiteral? = nil, expires: DateLiteral? = nil, span: SourceSpan) {
        self.title = title
        self.payer = payer
        self.version = version
        self.effective = effective
        self.expires = expires
        self.span = span
    }
}

/// `indirect`: a declaration is one pointer in the file's array, however large its kind.
public indirect enum Declaration: Sendable {
    case header(PolicyHeader)  // a second header, kept so the checker can report it
    case codes(CodeSetDecl)
    /// `table NAME ["label"] { KEY: VALUE … }`
    case table(TableDecl)
    case treatment(TreatmentDecl)
    case define(DefineDecl)
    case rule(RuleDecl)
    case limit(LimitDecl)
    case network(NetworkDecl)
    /// `fields { … }`: the case fields the policy reads, with their types.
    case fields(FieldsDecl)

    public var span: SourceSpan {
        switch self {
        case .header(let d): return d.span
        case .codes(let d): return d.span
        case .treatment(let d): return d.span
        case .define(let d): return d.span
        case .rule(let d): return d.span
        case .limit(let d): return d.span
        case .network(let d): return d.span
        case .fields(let d): return d.span
        case .table(let d): return d.span
        }
    }
}

// codes := "codes" NAME "=" "icd10" "{" pattern ("," pattern)* ","? "}"
public struct CodeSetDecl: Sendable {
    public var name: Name
    public var system: Name  // `icd10`
    public var patterns: [CodePattern]
    public var span: SourceSpan
    public init(name: Name, system: Name, patterns: [CodePattern], span: SourceSpan) {
        self.name = name
        self.system = system
        self.patterns = patterns
        self.span = span
    }
}

/// One entry of a code set.
public struct CodePattern: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `F33.2` or a bare category `F22`: the code itself and every code under it.
        case code(String)
        /// `F33.*` (stored as `F33.`) or `F10.2*` (stored as `F10.2`): every code with this prefix.
        case prefix(String)
        /// `F32.0-F32.5`: codes whose first `low.count` characters lie in `low...high`.
        case range(low: String, high: String)
    }
    public var kind: Kind
    public var span: SourceSpan
    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

// treatment := "treatment" NAME STRING "{" treatmentItem* "}"
public struct TreatmentDecl: Sendable {
    public var name: Name
    public var displayName: StringLiteral
    public var billing: [BillingLine]
    public var fda: [FDAClause]
    public var span: SourceSpan
    public init(name: Name, displayName: StringLiteral, billing: [BillingLine], fda: [FDAClause], span: SourceSpan) {
        self.name = name
        self.displayName = displayName
        self.billing = billing
        self.fda = fda
        self.span = span
    }
}

public enum BillingSystem: String, Sendable, Hashable {
    case hcpcs, cpt
}

// billing := "billing" ("hcpcs" | "cpt") CODE ("," CODE)*
public struct BillingLine: Sendable {
    public var system: BillingSystem
    public var codes: [Name]  // code text with its span
    public var span: SourceSpan
    public init(system: BillingSystem, codes: [Name], span: SourceSpan) {
        self.system = system
        self.codes = codes
        self.span = span
    }
}

// fda := "fda" "approved" "for" NAME ("since" DATE)? | "fda" "investigational" ("for" NAME)?
public enum FDAClause: Sendable {
    case approved(codeSet: Name, since: DateLiteral?, span: SourceSpan)
    case investigational(codeSet: Name?, span: SourceSpan)
}

// define := "define" NAME "=" expr STRING?
public struct DefineDecl: Sendable {
    public var name: Name
    public var value: Criterion  // the expression with its optional label
    public var span: SourceSpan
    /// `define NAME of LIST = …`: a condition on one element of the list (its bare names are
    /// the element's fields), usable in a `where` over that list.
    public var element: [Name]? = nil
    public init(name: Name, value: Criterion, span: SourceSpan) {
        self.name = name
        self.value = value
        self.span = span
    }
}

public enum RuleKind: String, Sendable, Hashable {
    case cover, deny
}

public enum Requirement: Sendable, Hashable {
    /// `requires prior_authorization [lasting D]`: the rule's own authorization length, if given.
    case priorAuthorization(SourceSpan, lasting: DurationLiteral? = nil)
    case referral(SourceSpan)
    case document(StringLiteral)

    public var span: SourceSpan {
        switch self {
        case .priorAuthorization(let s, _), .referral(let s): return s
        case .document(let d): return d.span
        }
    }
}

/// The two kinds of review a request gets (LANGUAGE.md §4, courses and review kinds).
public enum ReviewKind: String, Sendable, Hashable, CaseIterable {
    /// The first request of a course.
    case initial
    /// A request in a course that already has sessions: re-authorization on response.
    case continuation
}

// rule := ("cover" | "deny") NAME ("," NAME)* STRING? ("for" ("initial" | "continuation") | "as" "experimental")?
//         "when" criteria ("unless" criteria)? requirement*
public struct RuleDecl: Sendable {
    public var kind: RuleKind
    public var treatments: [Name]
    public var title: StringLiteral?
    /// `for initial` / `for continuation` on a cover rule, with the span of those words.
    public var review: (kind: ReviewKind, span: SourceSpan)? = nil
    /// `as experimental` on a deny rule: the span of those words.
    public var experimental: SourceSpan? = nil
    public var when: Criterion
    public var unless: Criterion?
    public var requirements: [Requirement]
    public var span: SourceSpan
    public init(kind: RuleKind, treatments: [Name], title: StringLiteral?, when: Criterion,
                unless: Criterion?, requirements: [Requirement], span: SourceSpan) {
        self.kind = kind
        self.treatments = treatments
        self.title = title
        self.when = when
        self.unless = unless
        self.requirements = requirements
        self.span = span
    }
}

/// Which weeks of treatment a session limit applies to.
public enum Phase: Sendable, Hashable {
    /// `during weeks A-B`
    case weeks(Int, Int)
    /// `from week A`
    case fromWeek(Int)

    public func contains(week: Int) -> Bool {
        switch self {
        case .weeks(let a, let b): return week >= a && week <= b
        case .fromWeek(let a): return week >= a
        }
    }
}

// limitLine := INT "sessions" "per" DURATION phase? | NUMBER "mg" "per" DURATION phase?
//            | MONEY "per" DURATION | ("initial" | "continuation")? "authorization" "lasts" DURATION
//            | "new" "course" "after" DURATION "without" "sessions"
public enum LimitLine: Sendable {
    case sessions(count: Int, per: DurationLiteral, phase: Phase?, span: SourceSpan)
    /// `N mg per D [phase]`: the total dose of the window's sessions.
    case dose(milligrams: Decimal, per: DurationLiteral, phase: Phase?, span: SourceSpan)
    case benefitMaximum(amount: Money, per: DurationLiteral, span: SourceSpan)
    /// `[initial | continuation] authorization lasts D`; `review` nil for both kinds.
    case authorizationLasts(DurationLiteral, review: ReviewKind?, span: SourceSpan)
    /// `new course after D without sessions`
    case newCourse(after: DurationLiteral, span: SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .sessions(_, _, _, let s), .dose(_, _, _, let s), .benefitMaximum(_, _, let s), .authorizationLasts(_, _, let s),
             .newCourse(_, let s):
            return s
        }
    }
}

// limit := "limit" NAME "{" limitLine* "}"
public struct LimitDecl: Sendable {
    public var treatment: Name
    public var lines: [LimitLine]
    public var span: SourceSpan
    public init(treatment: Name, lines: [LimitLine], span: SourceSpan) {
        self.treatment = treatment
        self.lines = lines
        self.span = span
    }
}

/// What a member pays on a tier.
public enum TierCost: Sendable, Hashable {
    case coinsurance(Decimal)  // fraction: 0.2 for 20%
    case copay(Money)
    case copayThenCoinsurance(Money, Decimal)
    case notCovered
}

// tier := "tier" NAME cost ("after" "deductible")? ("," "requires" "referral")?
public struct TierDecl: Sendable {
    public var name: Name
    public var cost: TierCost
    public var afterDeductible: Bool
    public var requiresReferral: Bool
    public var span: SourceSpan
    public init(name: Name, cost: TierCost, afterDeductible: Bool, requiresReferral: Bool, span: SourceSpan) {
        self.name = name
        self.cost = cost
        self.afterDeductible = afterDeductible
        self.requiresReferral = requiresReferral
        self.span = span
    }
}

// network := "network" "{" tier* "}"
public struct NetworkDecl: Sendable {
    public var tiers: [TierDecl]
    public var span: SourceSpan
    public init(tiers: [TierDecl], span: SourceSpan) {
        self.tiers = tiers
        self.span = span
    }
}

/// An expression with the optional label that names it in explanations.
public struct Criterion: Sendable {
    public var expr: Expr
    public var label: StringLiteral?
    public var span: SourceSpan { label.map { expr.span.union($0.span) } ?? expr.span }
    public init(expr: Expr, label: StringLiteral?) {
        self.expr = expr
        self.label = label
    }
}

public enum BlockKind: Sendable, Hashable {
    case all            // { … }
    case any            // any { … }
    case atLeast(Int)   // at least N of { … }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case not = "not"
    /// `documented X`: X, with a fact the case does not give counting as not met (false).
    case documented = "documented"
}

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in` = "in"
    case and = "and", or = "or"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: return true
        default: return false
        }
    }
    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: return true
        default: return false
        }
    }
}

public enum FDAStatus: String, Sendable, Hashable {
    case approved, offLabel = "off_label", investigational
}

/// Only the cases that hold an `Expr` directly are `indirect`: leaves (numbers, paths,
/// strings…) are stored inline, without an allocation each.
public enum ExprKind: Sendable {
    case number(Decimal, isInteger: Bool)
    case percent(Decimal)          // already a fraction
    case money(Money)
    case date(Day)
    case duration(Duration)
    case string(String)
    case bool(Bool)
    case list([Expr])
    /// A bare name or a dotted path, as written: `adult`, `patient.age`, `history.trials.drug_class`.
    case path([Name])
    indirect case unary(UnaryOperator, Expr)
    indirect case binary(BinaryOperator, Expr, Expr)
    /// `diagnosis in CODESET`
    case diagnosisIn(Name)
    /// `fda approved` | `fda off_label` | `fda investigational`
    case fda(FDAStatus)
    /// `known PATH`
    case known([Name])
    /// `count(LIST [where COND])`
    indirect case count(list: [Name], filter: Expr?)
    /// `distinct(LIST.FIELD [where COND])`: `list` excludes the last segment, which is `field`;
    /// `distinct(TABLE(LIST.FIELD) …)` counts the table's values for the fields instead.
    indirect case distinct(list: [Name], field: Name, filter: Expr?, table: Name? = nil)
    /// `sum(LIST.FIELD [where COND])`, `min(…)`, `max(…)`: `list` excludes `field`, as for `distinct`.
    indirect case aggregate(Aggregate, list: [Name], field: Name, filter: Expr?)
    /// `DATE within DURATION of DATE`
    indirect case within(Expr, Expr, of: Expr)
    /// `days since DATE`: the days from DATE to the request date.
    indirect case daysSince(Expr)
    /// `{ … }`, `any { … }`, `at least N of { … }`
    case block(BlockKind, [Criterion])
}

/// What `sum`, `min` and `max` make of the values of a list's field.
public enum Aggregate: String, Sendable, Hashable, CaseIterable {
    case sum, min, max
}

public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: SourceSpan
    public init(_ kind: ExprKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// One `KEY: VALUE` line of a table; either side a word or a string.
public struct TableEntry: Sendable {
    public var key: StringLiteral
    public var value: StringLiteral
    public init(key: StringLiteral, value: StringLiteral) {
        self.key = key
        self.value = value
    }
}

// table := "table" NAME STRING? "{" (entry ","?)* "}"      entry := (WORD | STRING) ":" (WORD | STRING)
/// A lookup table of the policy: drugs to their classes, say (`table antidepressant_class {
/// sertraline: SSRI … }`). Keys match case strings without regard to case.
public struct TableDecl: Sendable {
    public var name: Name
    public var label: StringLiteral?
    public var entries: [TableEntry]
    public var span: SourceSpan
    public init(name: Name, label: StringLiteral?, entries: [TableEntry], span: SourceSpan) {
        self.name = name
        self.label = label
        self.entries = entries
        self.span = span
    }
}
