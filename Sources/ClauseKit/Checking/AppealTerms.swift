/// A policy's appeal deadlines: the `appeals { … }` block of its header, each term defaulting
/// to the ACA rules for commercial plans (../shared/DOMAIN.md: 180 days to appeal internally;
/// a decision in 72 hours when urgent, 30 days for a pre-service request).
public struct AppealTerms: Sendable {
    public struct Term: Sendable {
        public var period: AppealPeriod
        /// The policy line that sets it; nil when it is the default.
        public var line: Int?
    }
    public var fileWithin = Term(period: .duration(Duration(180, .days)), line: nil)
    public var urgentDecision = Term(period: .hours(72), line: nil)
    public var standardDecision = Term(period: .duration(Duration(30, .days)), line: nil)
    /// No default: external review rules vary by state and plan type.
    public var externalReview: Term?
    public var address: String?
    /// The line of the `appeals` block, when the policy has one.
    public var line: Int?

    public init() {}

    init(_ decl: AppealsDecl?, source: SourceFile) {
        guard let decl else { return }
        line = source.line(of: decl.span)
        func term(_ d: AppealDeadline?) -> Term? { d.map { Term(period: $0.period, line: source.line(of: $0.span)) } }
        if let t = term(decl.fileWithin) { fileWithin = t }
        if let t = term(decl.urgentDecision) { urgentDecision = t }
        if let t = term(decl.standardDecision) { standardDecision = t }
        externalReview = term(decl.externalReview)
        address = decl.address?.value
    }
}

extension AppealPeriod {
    /// The deadline counted from `day`: whole days for hours rounded up, calendar units otherwise.
    public func deadline(from day: Day) -> Day? {
        switch self {
        case .hours(let h):
            let (plus, overflow) = h.addingReportingOverflow(23)
            return overflow ? nil : day.addingDays(plus / 24)
        case .duration(let d):
            return d.after(day)
        }
    }
}
