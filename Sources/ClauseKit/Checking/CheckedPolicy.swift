import Foundation

/// A case list that a bare name can denote.
public enum CaseList: String, Sendable, Hashable {
    case diagnoses, documents, sessions
}

/// An expression with every name resolved: what the lowering (`ExprCompiler`) turns into closures.
/// Only the cases that hold a `ResolvedExpr` directly are `indirect`: leaves are stored inline.
public enum ResolvedKind: Sendable {
    case constant(Value)
    /// A dotted path into the case: `patient.age`.
    case casePath([String])
    /// A bare name inside `where`: a field of the current element.
    case elementField(String)
    /// A dotted path inside `where` that starts at the element: `augmentation.drug_class`.
    case elementPath([String])
    /// A named `define`, by index.
    case define(Int)
    case list([ResolvedExpr])
    indirect case unary(UnaryOperator, ResolvedExpr)
    indirect case binary(BinaryOperator, ResolvedExpr, ResolvedExpr)
    /// `X in CODESET`
    indirect case inCodeSet(ResolvedExpr, codeSet: Int)
    /// `diagnosis in CODESET`
    case diagnosisIn(codeSet: Int)
    case fda(FDAStatus)
    case known([String])
    /// `count(LIST where …)`; the list is a case path.
    indirect case count(list: [String], filter: ResolvedExpr?)
    /// With `table`: the table's values for the fields are counted (unlisted ones are not).
    indirect case distinct(list: [String], field: String, filter: ResolvedExpr?, table: Int? = nil)
    /// `X in TABLE`: X is one of the table's keys.
    indirect case inTable(ResolvedExpr, table: Int)
    indirect case aggregate(Aggregate, list: [String], field: String, filter: ResolvedExpr?)
    /// `X within D of Y`: Y - D <= X <= Y + D.
    indirect case within(ResolvedExpr, ResolvedExpr, of: ResolvedExpr)
    /// `days since X`: the request date minus X, in days (a number).
    indirect case daysSince(ResolvedExpr)
    case block(BlockKind, [ResolvedCriterion])
}

public struct ResolvedExpr: Sendable {
    public var kind: ResolvedKind
    public var span: SourceSpan
    public var type: StaticType
    public init(_ kind: ResolvedKind, _ span: SourceSpan, _ type: StaticType) {
        self.kind = kind
        self.span = span
        self.type = type
    }
}

/// A criterion with its label and source text, ready for explanations.
public struct ResolvedCriterion: Sendable {
    public var expr: ResolvedExpr
    public var label: String?
    public var span: SourceSpan
    public init(expr: ResolvedExpr, label: String?, span: SourceSpan) {
        self.expr = expr
        self.label = label
        self.span = span
    }
}

public struct CodeSet: Sendable {
    public var name: String
    public var patterns: [CodePattern]
    public var span: SourceSpan

    /// Whether a diagnosis code (upper-cased) is in the set (LANGUAGE.md §4, code patterns).
    public func contains(_ code: String) -> Bool {
        patterns.contains { $0.matches(code) }
    }
}

extension CodePattern {
    public func matches(_ code: String) -> Bool {
        switch kind {
        case .code(let c):
            guard code.hasPrefix(c) else { return false }
            if code.utf8.count == c.utf8.count { return true }
            // A code covers the codes under it: `F22` covers `F22.x`; `F43.1` covers `F43.10`.
            return c.contains(".") || code.utf8[code.utf8.index(code.utf8.startIndex, offsetBy: c.utf8.count)] == UInt8(ascii: ".")
        case .prefix(let p):
            return code.hasPrefix(p)
        case .range(let low, let high):
            let n = low.utf8.count
            guard code.utf8.count >= n else { return false }
            let head = String(code.prefix(n))
            return head >= low && head <= high
        }
    }
}

public struct Treatment: Sendable {
    public var name: String
    public var displayName: String
    public var billingCodes: [String]
    /// `fda approved for SET [since DATE]`
    public var approvals: [(codeSet: Int, since: Day?)]
    /// `fda investigational [for SET]`: nil code set means for every indication.
    public var investigational: [Int?]
    public var span: SourceSpan
}

/// A `table` of the policy: keys (lower-cased) to values.
public struct LookupTable: Sendable {
    public var name: String
    public var label: String?
    public var entries: [String: String]
    public var span: SourceSpan

    /// The value for `key`, compared without regard to case.
    public func value(for key: String) -> String? { entries[key.lowercased()] }
}

public struct Define: Sendable {
    public var name: String
    public var label: String?
    public var expr: ResolvedExpr
    public var span: SourceSpan
    /// For `define NAME of LIST`: the list whose elements it describes.
    public var element: [String]? = nil
}

public struct Rule: Sendable {
    public var index: Int
    public var kind: RuleKind
    public var treatments: [Int]
    public var title: String?
    public var when: ResolvedCriterion
    public var unless: ResolvedCriterion?
    public var requirements: [Requirement]
    public var span: SourceSpan
    public var line: Int
    /// `for initial` / `for continuation`: the review kind the rule is restricted to.
    public var review: ReviewKind? = nil
    /// `deny … as experimental`.
    public var experimental = false
    /// `requires prior_authorization lasting D`: the rule's own authorization length.
    public var authorizationLasts: Duration? = nil

    /// Whether the rule applies to a request of `review` kind: a rule `for initial` or `for
    /// continuation` is left out of the other kind's decisions (neither true nor false).
    @inline(__always)
    public func applies(to review: ReviewKind) -> Bool {
        self.review.map { $0 == review } ?? true
    }
}

public struct SessionLimit: Sendable {
    public var count: Int
    public var per: Duration
    public var phase: Phase?
    public var line: Int
    public var text: String
}

/// `N mg per D [phase]`: a cap on the total dose of the treatment's sessions in a window.
public struct DoseLimit: Sendable {
    public var milligrams: Decimal
    public var per: Duration
    public var phase: Phase?
    public var line: Int
    public var text: String
}

public struct BenefitMaximum: Sendable {
    public var amount: Money
    public var per: Duration
    public var line: Int
    public var text: String
}

public struct TreatmentLimits: Sendable {
    public var sessions: [SessionLimit] = []
    public var doses: [DoseLimit] = []
    public var benefitMaximums: [BenefitMaximum] = []
    /// `authorization lasts D`: for both review kinds, unless a kind has its own line.
    public var authorizationLasts: Duration?
    public var authorizationLine: Int?
    /// `initial authorization lasts D` / `continuation authorization lasts D`, by kind.
    public var reviewAuthorizationLasts: [ReviewKind: (lasts: Duration, line: Int)] = [:]
    /// `new course after D without sessions`: the break that starts a new course; nil: one course.
    public var newCourseAfter: Duration?
    public var newCourseLine: Int?

    /// The block's authorization length for a request of `review` kind (its own line, else the
    /// plain `authorization lasts`), with its line; nil when the block gives none.
    public func authorization(for review: ReviewKind) -> (lasts: Duration, line: Int)? {
        if let own = reviewAuthorizationLasts[review] { return own }
        if let lasts = authorizationLasts, let line = authorizationLine { return (lasts, line) }
        return nil
    }

    /// Whether some line of the block depends on the course (a phase, a break).
    public var followsCourses: Bool {
        newCourseAfter != nil || sessions.contains { $0.phase != nil } || doses.contains { $0.phase != nil }
    }
}

public struct Tier: Sendable {
    public var name: String
    public var cost: TierCost
    public var afterDeductible: Bool
    public var requiresReferral: Bool
    public var line: Int
}

/// A policy that parsed and checked without errors: names resolved, ready to evaluate.
public struct CheckedPolicy: Sendable {
    public var source: SourceFile
    public var title: String
    public var payer: String?
    public var version: String?
    public var effective: Day?
    public var expires: Day?
    public var codeSets: [CodeSet]
    public var treatments: [Treatment]
    public var defines: [Define]
    public var rules: [Rule]
    /// Per treatment index: its deny rules and cover rules, in file order.
    public var denyRules: [[Int]]
    public var coverRules: [[Int]]
    public var limits: [TreatmentLimits]
    public var tiers: [Tier]
    public var vocabulary: CaseVocabulary
    /// The roots of the case the policy reads outside `where` (with the reserved ones): inside
    /// `where`, a dotted path starting at one of them reads the case, any other the element.
    public var caseRoots: Set<String> = []
    /// The `table` declarations, in file order.
    public var tables: [LookupTable] = []
    /// Appeal deadlines and address (`appeals { … }` in the header, else the defaults).
    public var appeals = AppealTerms()
    /// The bulletin the policy is written from (`number`, `revised`, `reviewed`, `source`).
    public var bulletin = PolicyBulletin()

    /// The cover rules of `treatment` that apply to a request of `review` kind, in file order.
    public func coverRules(of treatment: Int, for review: ReviewKind) -> [Int] {
        coverRules[treatment].filter { rules[$0].applies(to: review) }
    }

    /// The review kind of a case's request under this policy (`Courses`).
    public func review(of patientCase: PatientCase) -> ReviewKind {
        let t = patientCase.request.treatment
        return patientCase.courses(newCourseAfter: limits.indices.contains(t) ? limits[t].newCourseAfter : nil).review
    }

    public func treatmentIndex(named name: String) -> Int? {
        treatments.firstIndex { $0.name == name }
    }

    public func tier(named name: String) -> Tier? {
        tiers.first { $0.name == name }
    }
}
