/// Whether a case's prior authorization is approved and still valid on the request date: the
/// one definition (LANGUAGE.md §4 step 6; docs/semantics.md, Requirements). It is met when
/// `authorization.prior_authorization` is `approved` and, when an authorization length `D`
/// applies, `request.date < approved_on + D`. The requirement checks, the CRD allowed period and
/// the paths to coverage all read it from here.
public enum AuthorizationValidity: Sendable, Equatable {
    /// Approved and valid on the request date; `until` is the first day it no longer is, nil
    /// when no length applies (or the end is past the calendar).
    case valid(until: Day?)
    /// Not approved: `pending`, `denied`, `none`, or no status given (nil).
    case notApproved(PriorAuthorizationStatus?)
    /// Approved on `approvedOn` for `lasts`, so no longer valid from `until`, on or before the request date.
    case expired(approvedOn: Day, lasts: Duration, until: Day)
    /// Approved, but without `authorization.approved_on`, so it cannot be checked against `lasts`.
    case undated(lasts: Duration)

    /// The validity of an authorization with `status`, approved on `approvedOn`, for a request
    /// on `date`, when it lasts `lasts` (nil: no length applies).
    public init(status: PriorAuthorizationStatus?, approvedOn: Day?, lasts: Duration?, on date: Day) {
        guard status == .approved else {
            self = .notApproved(status)
            return
        }
        guard let lasts else {
            self = .valid(until: nil)
            return
        }
        guard let approvedOn else {
            self = .undated(lasts: lasts)
            return
        }
        guard let until = lasts.after(approvedOn) else {
            self = .valid(until: nil)
            return
        }
        self = date < until ? .valid(until: until) : .expired(approvedOn: approvedOn, lasts: lasts, until: until)
    }

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// What an unmet prior authorization requirement says; nil when the authorization is valid.
    public var unmetText: String? {
        switch self {
        case .valid: return nil
        case .notApproved(let status):
            switch status {
            case nil: return "prior authorization approved (no status given)"
            case .denied?: return "prior authorization approved on appeal (the plan denied it)"
            case let status?: return "prior authorization approved (current status: \(status.rawValue))"
            }
        case .expired(let approvedOn, let lasts, let until):
            return "prior authorization renewed (approved \(approvedOn), valid for \(lasts): expired on \(until))"
        case .undated(let lasts):
            return "prior authorization approval date (`authorization.approved_on`), to check it is within \(lasts)"
        }
    }

    /// The days an authorization lasting `lasts` covers when it starts on `start`: from `start`
    /// to the day before `start + lasts`, both included; nil when that is off the calendar.
    public static func period(from start: Day, lasting lasts: Duration) -> ClosedRange<Day>? {
        guard let until = lasts.after(start), let end = until.addingDays(-1), start <= end else { return nil }
        return start...end
    }

    /// The case fields of an authorization approved, and so valid, on `day`, in case order.
    public static func approvedFields(on day: Day) -> [(String, JSONValue)] {
        [("prior_authorization", .string(PriorAuthorizationStatus.approved.rawValue)), ("approved_on", .string(day.description))]
    }
}

extension PatientCase {
    /// The authorization length that applies to the case's request under the cover rule at
    /// `rule` (an index into `policy.rules`) for a request of `review` kind: the rule's own
    /// `requires prior_authorization lasting D`, else the treatment's `limit` line for the review
    /// kind, else its plain `authorization lasts`; nil when none does.
    public func authorizationLength(under policy: CheckedPolicy, rule: Int?, review: ReviewKind) -> Duration? {
        if let rule, policy.rules.indices.contains(rule), let own = policy.rules[rule].authorizationLasts { return own }
        guard policy.limits.indices.contains(request.treatment) else { return nil }
        return policy.limits[request.treatment].authorization(for: review)?.lasts
    }

    /// Whether the case's prior authorization is approved and valid on the request date.
    public func authorizationValidity(under policy: CheckedPolicy, rule: Int?, review: ReviewKind) -> AuthorizationValidity {
        AuthorizationValidity(status: priorAuthorization, approvedOn: approvedOn,
                              lasts: authorizationLength(under: policy, rule: rule, review: review), on: request.date)
    }

    /// The days the authorization covers (CRD's allowed period): from `approved_on` when it is
    /// approved and dated, else from the request date (the authorization asked for now); nil
    /// when no length applies.
    public func authorizationPeriod(under policy: CheckedPolicy, rule: Int?, review: ReviewKind) -> ClosedRange<Day>? {
        guard let lasts = authorizationLength(under: policy, rule: rule, review: review) else { return nil }
        let start = priorAuthorization == .approved ? (approvedOn ?? request.date) : request.date
        return AuthorizationValidity.period(from: start, lasting: lasts)
    }
}
