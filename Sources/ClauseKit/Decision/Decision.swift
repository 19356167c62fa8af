import Foundation

/// The five answers a case can get (LANGUAGE.md §4).
public enum DecisionKind: String, Sendable, Hashable {
    case covered
    case partiallyCovered = "partially_covered"
    case denied
    case pending
    case needsInformation = "needs_information"
}

/// Why a case was denied.
public enum DenialKind: String, Sendable, Hashable {
    case policyNotInEffect = "policy_not_in_effect"
    case excluded
    /// A `deny … as experimental`: the policy holds the treatment experimental or investigational.
    case experimental
    case noCoverageRule = "no_coverage_rule"
    case criteriaNotMet = "criteria_not_met"
    case tierNotCovered = "tier_not_covered"
    /// The satisfied rule requires prior authorization and the payer denied it.
    case authorizationDenied = "authorization_denied"
    case limitReached = "limit_reached"
}

/// A requirement of the satisfied cover rule or of the tier that the case does not meet yet.
public struct UnmetRequirement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case priorAuthorization = "prior_authorization"
        case referral
        case document
    }
    public var kind: Kind
    /// What is needed, in plain words: "prior authorization (status: none)".
    public var text: String
    /// The policy line that asks for it.
    public var line: Int
}

/// A session cap as applied to this case.
public struct SessionLimitCheck: Sendable {
    public var text: String
    public var line: Int
    /// Whether its phase matched the current week of treatment.
    public var applies: Bool
    /// Past sessions of the treatment inside the window.
    public var used: Int
    /// Sessions still allowed now (never below 0).
    public var remaining: Int
    /// The window `(from, to]`.
    public var windowStart: Day
    public var windowEnd: Day
    /// Week of treatment (1-based) at the request date.
    public var week: Int
    /// When a session next becomes coverable under this cap, if none is now.
    public var nextAvailable: Day?
    /// Sessions in the window that a phase-limited cap does not count (another phase of their course).
    public var notCounted = 0
}

/// A dose limit (`N mg per D`) as applied to this case.
public struct DoseLimitCheck: Sendable {
    public var text: String
    public var line: Int
    /// Whether its phase matched the current week of treatment.
    public var applies: Bool
    /// The limit, in mg.
    public var limit: Decimal
    /// The mg of the past sessions it counts in the window.
    public var used: Decimal
    /// How many past sessions it counts in the window.
    public var sessionsCounted: Int
    /// The mg still allowed in the window (never below 0).
    public var remaining: Decimal
    /// `request.dose_mg`, the dose of each requested session.
    public var dose: Decimal?
    /// How many requested sessions fit in what remains; nil when it does not apply or a dose it
    /// counts is unknown.
    public var sessionsAllowed: Int?
    /// The case paths of the doses it needs and the case lacks (`request.dose_mg`,
    /// `sessions[i].dose_mg`); empty when it does not apply.
    public var missingDoses: [String] = []
    /// The window `(from, to]`.
    public var windowStart: Day
    public var windowEnd: Day
    /// Week of treatment (1-based) at the request date.
    public var week: Int
}

/// A benefit maximum as applied to this case.
public struct BenefitMaximumCheck: Sendable {
    public var text: String
    public var line: Int
    public var limit: Money
    public var alreadyPaid: Money
    public var remaining: Money
}

/// What one requested session costs.
public struct SessionCost: Sendable, Hashable {
    public var number: Int
    public var covered: Bool
    public var allowed: Money
    public var deductible: Money
    public var copay: Money
    public var coinsurance: Money
    /// What the benefit maximum moved from the plan to the member.
    public var overMaximum: Money
    /// Whether the out-of-pocket maximum capped the member's share.
    public var outOfPocketCapped: Bool
    public var patientPays: Money
    public var planPays: Money
}

/// The cost of the request to the member and the plan.
public struct CostShare: Sendable {
    public var tier: String?
    public var planPays: Money
    public var patientPays: Money
    public var sessions: [SessionCost]
    /// True when the decision is pending: the cost if the missing requirements are met.
    public var ifRequirementsMet: Bool
}

/// A decision with everything needed to explain it (Cedar's `Response` is the model):
/// the text, JSON and REPL renderings are views of this one value.
public struct Decision: Sendable {
    public var kind: DecisionKind
    public var denialKind: DenialKind?
    public var caseID: String?
    public var treatment: String
    public var treatmentDisplayName: String
    public var requestDate: Day
    public var indication: String?
    public var fdaStatus: FDAStatus?
    public var requestedSessions: Int
    public var coveredSessions: Int
    /// Paths of unknown facts the outcome depends on (needs_information).
    public var missing: [String]
    /// Unmet requirements (pending).
    public var unmet: [UnmetRequirement]
    public var cost: CostShare?
    /// Why the cost could not be computed, when it could not: the case paths it needs.
    public var costMissing: [String]
    /// Every rule evaluated for the treatment, in file order.
    public var reasons: [RuleTrace]
    /// The rules that determined the decision (the applying deny, the satisfied cover rule, …).
    public var decidingRules: [Int]
    public var sessionLimits: [SessionLimitCheck]
    public var doseLimits: [DoseLimitCheck] = []
    public var benefitMaximums: [BenefitMaximumCheck]
    /// The request's review kind and place in its course; nil when the decision did not reach
    /// a point where they matter (before the rules were evaluated).
    public var course: CourseSummary? = nil
    /// The provider's tier, when known.
    public var tier: String?
    /// For limit_reached and partially_covered: when the next session becomes coverable.
    public var nextCoverableDate: Day?
    /// Policy metadata for citations.
    public var policyTitle: String
    public var policyVersion: String?
    public var effective: Day?
    public var expires: Day?
    /// The bulletin the policy is written from (number, revision and review dates, address).
    public var bulletin = PolicyBulletin()
    /// The smallest sets of changes that would make the treatment covered; nil when not worked
    /// out (`CompiledPolicy.decide(_:explain: true)` fills it in).
    public var pathsToCoverage: [CoveragePath]? = nil
}

/// Where the request falls in its treatment course (LANGUAGE.md §4, courses and review kinds).
public struct CourseSummary: Sendable, Hashable {
    public var review: ReviewKind
    /// Whether the case gave `request.review` (else it was derived from the sessions).
    public var reviewGiven: Bool
    /// The request's week in the current course.
    public var week: Int
    /// The first day of the current course.
    public var started: Day
    /// Past sessions of the current course.
    public var sessions: Int
    /// Whether the request starts a new course after a break (the case has earlier courses).
    public var restarted: Bool

    /// The review line of an explanation: "continuation request, week 6 of the course that
    /// began 2026-04-06 (9 sessions so far)".
    public var sentence: String {
        var s = review == .initial ? "initial request" : "continuation request"
        s += reviewGiven ? " (as the case states)" : ""
        if sessions == 0 {
            s += restarted ? ", starting a new course after a break in treatment" : ", starting a course of treatment"
        } else {
            s += ", week \(week) of the course that began \(started) (\(Plural.count(sessions, "session")) so far)"
        }
        return s
    }

    init(_ courses: Courses) {
        review = courses.review
        reviewGiven = courses.reviewGiven
        week = courses.requestWeek
        started = courses.currentStart
        sessions = courses.currentSessions
        restarted = courses.currentSessions == 0 && courses.pastCourses > 0
    }
}
