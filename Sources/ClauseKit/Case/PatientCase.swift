import Foundation

/// What a case decoder needs to know of a policy: its treatments, billing codes and tiers.
public struct CaseVocabulary: Sendable {
    /// Treatment names in declaration order; a treatment's index is its identity.
    public var treatments: [String]
    /// Billing code (upper-cased) to treatment index.
    public var billingCodes: [String: Int]
    /// Declared network tiers.
    public var tiers: [String]
    /// The case fields the policy declares in `fields { … }`; the decoder checks their types.
    public var fields: [DeclaredField] = []
    /// Per treatment: its `new course after` break (for `request.review`), nil without one.
    public var newCourseAfter: [Duration?] = []
    /// The JSON keys the policy's cases use, which the reader interns (`JSONKeyTable`).
    var keys: JSONKeyTable = .reserved
    /// The same keys as a list (`CaseKeyTypos` compares a case's other keys with them).
    var readKeys: [String] = ReservedFields.jsonKeys

    public init(treatments: [String], billingCodes: [String: Int], tiers: [String]) {
        self.treatments = treatments
        self.billingCodes = billingCodes
        self.tiers = tiers
    }
}

public enum PriorAuthorizationStatus: String, Sendable, Hashable, CaseIterable {
    case approved, pending, denied, none
}

/// The request a case makes: one treatment on one date for some sessions.
public struct CaseRequest: Sendable {
    /// Index into `CaseVocabulary.treatments`.
    public var treatment: Int
    public var date: Day
    public var sessions: Int
    /// The allowed amount per session; nil when the case does not say (the cost is then unknown).
    public var billedPerSession: Money?
    /// `request.diagnosis`, the indication, when given.
    public var diagnosis: String?
    /// `request.review`, when the case gives it; else the review kind is derived from the
    /// courses (`Courses`).
    public var review: ReviewKind?
    /// `request.dose_mg`: the dose of each requested session, in milligrams, when given.
    public var dose: Decimal?

    public init(treatment: Int, date: Day, sessions: Int, billedPerSession: Money?, diagnosis: String?,
                review: ReviewKind? = nil, dose: Decimal? = nil) {
        self.treatment = treatment
        self.date = date
        self.sessions = sessions
        self.billedPerSession = billedPerSession
        self.diagnosis = diagnosis
        self.review = review
        self.dose = dose
    }
}

/// One past session from the case's `sessions` list.
public struct PastSession: Sendable {
    /// Index into `CaseVocabulary.treatments`.
    public var treatment: Int
    public var date: Day
    public var planPaid: Money?
    /// Its index in the case's `sessions` list (which the decoder sorts by date), so that an
    /// error names `sessions[i]` as the case wrote it; nil for a session not read from a case.
    public var caseIndex: Int?
    /// `dose_mg`: the dose given in the session, in milligrams, when the case says.
    public var dose: Decimal?

    public init(treatment: Int, date: Day, planPaid: Money?, caseIndex: Int? = nil, dose: Decimal? = nil) {
        self.treatment = treatment
        self.date = date
        self.planPaid = planPaid
        self.caseIndex = caseIndex
        self.dose = dose
    }

    /// The case path of one of its fields (`sessions[3].dose_mg`), or words naming the session
    /// by date when it was not read from a case.
    func path(_ field: String) -> String {
        caseIndex.map { "sessions[\($0)].\(field)" } ?? "`\(field)` of the session of \(date)"
    }
}

/// A patient case: the reserved fields of LANGUAGE.md §5, decoded and validated, plus the
/// whole JSON document, from which any other path is read.
public struct PatientCase: Sendable {
    public var id: String?
    public var root: JSONValue
    /// Diagnosis codes as given (upper-cased); empty when the case has none.
    public var diagnoses: [String]
    /// Whether the case had a `diagnoses` field at all.
    public var hasDiagnoses: Bool
    public var request: CaseRequest
    /// `provider.network`: a declared tier, or nil when absent.
    public var network: String?
    /// `provider.referral`, nil when absent.
    public var referral: Bool?
    /// `authorization.prior_authorization`, nil when absent.
    public var priorAuthorization: PriorAuthorizationStatus?
    /// `authorization.approved_on`, nil when absent.
    public var approvedOn: Day?
    /// `documents`, nil when absent.
    public var documents: [String]?
    /// `sessions`, sorted by date (stable), empty when absent.
    public var sessions: [PastSession]
    public var deductibleRemaining: Money?
    public var outOfPocketRemaining: Money?

    public init(id: String?, root: JSONValue, diagnoses: [String], hasDiagnoses: Bool, request: CaseRequest,
                network: String?, referral: Bool?, priorAuthorization: PriorAuthorizationStatus?,
                approvedOn: Day?, documents: [String]?, sessions: [PastSession],
                deductibleRemaining: Money?, outOfPocketRemaining: Money?) {
        self.id = id
        self.root = root
        self.diagnoses = diagnoses
        self.hasDiagnoses = hasDiagnoses
        self.request = request
        self.network = network
        self.referral = referral
        self.priorAuthorization = priorAuthorization
        self.approvedOn = approvedOn
        self.documents = documents
        self.sessions = sessions
        self.deductibleRemaining = deductibleRemaining
        self.outOfPocketRemaining = outOfPocketRemaining
    }

    /// The indication: `request.diagnosis` if present, else the first of `diagnoses`.
    public var indication: String? { request.diagnosis ?? diagnoses.first }

    /// The past sessions of the requested treatment on or before the request date, oldest
    /// first: what limits count and courses are made of. Most cases list only such sessions,
    /// and then no copy is made.
    public var pastSessionsOfRequest: ArraySlice<PastSession> {
        let t = request.treatment, date = request.date
        if sessions.allSatisfy({ $0.treatment == t && $0.date <= date }) { return sessions[...] }
        return ArraySlice(sessions.filter { $0.treatment == t && $0.date <= date })
    }

    /// The request's courses under a policy's `new course after` for the treatment.
    public func courses(newCourseAfter: Duration?, weeks: Bool = false) -> Courses {
        Courses(past: pastSessionsOfRequest, date: request.date, newCourseAfter: newCourseAfter, given: request.review,
                weeks: weeks)
    }
}

/// A problem with a case: which field, what was wrong, where in the JSON text when known.
public struct CaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the field (`request.date`, `sessions[2].date`), empty for the document itself.
    public var path: String
    public var message: String
    /// 1-based position in the JSON text, when the error is a syntax error or the field's position is known.
    public var line: Int?
    public var column: Int?

    public init(path: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        var s = ""
        if let line, let column { s += "\(line):\(column): " }
        if !path.isEmpty { s += "`\(path)`: " }
        return s + message
    }
}
