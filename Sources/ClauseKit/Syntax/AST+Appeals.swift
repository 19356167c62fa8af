import Foundation

/// How long an appeal step may take: hours (an urgent decision) or a calendar duration.
public enum AppealPeriod: Sendable, Hashable, CustomStringConvertible {
    case hours(Int)
    case duration(Duration)

    public var description: String {
        switch self {
        case .hours(let n): return Plural.count(n, "hour")
        case .duration(let d): return d.description
        }
    }
}

/// One deadline of an `appeals` block as written.
public struct AppealDeadline: Sendable, Hashable {
    public var period: AppealPeriod
    public var span: SourceSpan
    public init(_ period: AppealPeriod, _ span: SourceSpan) {
        self.period = period
        self.span = span
    }
}

// appeals    := "appeals" "{" appealItem* "}"         (inside the policy header)
// appealItem := "file" "within" period
//             | "urgent" "decision" "within" period
//             | "standard" "decision" "within" period
//             | "external" "review" "within" period
//             | "address" STRING
// period     := INT ("hour" | "hours" | "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years")
public struct AppealsDecl: Sendable {
    /// How long after the denial the member may file an internal appeal.
    public var fileWithin: AppealDeadline?
    /// How fast the plan decides an urgent (expedited) appeal.
    public var urgentDecision: AppealDeadline?
    /// How fast the plan decides a standard pre-service appeal.
    public var standardDecision: AppealDeadline?
    /// How long after the final internal denial the member may ask for external review.
    public var externalReview: AppealDeadline?
    /// Where appeals are sent.
    public var address: StringLiteral?
    public var span: SourceSpan
    public init(span: SourceSpan) { self.span = span }
}
