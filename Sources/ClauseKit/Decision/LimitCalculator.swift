/// Session caps over rolling windows, benefit maximums, and when the next session becomes coverable.
struct LimitCalculator {
    let policy: CheckedPolicy
    let patientCase: PatientCase

    var date: Day { patientCase.request.date }
    var treatment: Int { patientCase.request.treatment }
    var limits: TreatmentLimits { policy.limits[treatment] }

    /// Past sessions of the requested treatment on or before the request date, oldest first.
    var pastSessions: [PastSession] {
        patientCase.sessions.filter { $0.treatment == treatment && $0.date <= date }
    }

    /// Week of treatment at the request date: week 1 is days 0-6 from the first past session.
    var week: Int {
        guard let first = pastSessions.first?.date else { return 1 }
        return (date.ordinal - first.ordinal) / 7 + 1
    }

    /// The first day of the window `(date - per, date]`, exclusive; `Day.minimum` when the
    /// window reaches before the calendar (then that first day is inside the window too).
    func windowStart(_ per: Duration) -> Day {
        per.before(date) ?? Day.minimum
    }

    /// Whether `day` (on or before the request date) is inside the window of `per`.
    func isInWindow(_ day: Day, _ per: Duration) -> Bool {
        guard let start = per.before(date) else { return true }
        return day > start
    }

    func sessionChecks() -> [SessionLimitCheck] {
        let week = self.week
        let past = pastSessions
        return limits.sessions.map { limit in
            let start = windowStart(limit.per)
            let inWindow = past.filter { isInWindow($0.date, limit.per) }
            let applies = limit.phase?.contains(week: week) ?? true
            let remaining = max(0, limit.count - inWindow.count)
            var next: Day?
            if applies && remaining == 0 {
                next = LimitCalculator.nextFree(dates: inWindow.map(\.date), count: limit.count, per: limit.per)
            }
            return SessionLimitCheck(text: limit.text, line: limit.line, applies: applies, used: inWindow.count,
                                     remaining: remaining, windowStart: start, windowEnd: date, week: week,
                                     nextAvailable: next)
        }
    }

    /// The day a window of `per` holding `dates` (oldest first) next has room under `count`.
    static func nextFree(dates: [Day], count: Int, per: Duration) -> Day? {
        let k = dates.count - count  // 0-based index of the session that must drop out
        guard k >= 0, k < dates.count else { return nil }
        return per.after(dates[k])
    }

    func benefitChecks(interpreter: Interpreter) throws(EvaluationError) -> [BenefitMaximumCheck] {
        var checks: [BenefitMaximumCheck] = []
        for maximum in limits.benefitMaximums {
            var paid = Money.zero
            for (i, s) in patientCase.sessions.enumerated() where s.treatment == treatment && isInWindow(s.date, maximum.per) && s.date <= date {
                guard let p = s.planPaid else {
                    throw EvaluationError(
                        "`sessions[\(i)].plan_paid` is missing: the benefit maximum `\(maximum.text)` needs what the plan paid for the session of \(s.date)",
                        span: .empty, line: maximum.line)
                }
                guard let sum = paid.adding(p) else {
                    throw EvaluationError("the plan's past payments overflow", span: .empty, line: maximum.line)
                }
                paid = sum
            }
            let remaining = maximum.amount.subtracting(paid).map { Money(cents: max(0, $0.cents)) } ?? .zero
            checks.append(BenefitMaximumCheck(text: maximum.text, line: maximum.line, limit: maximum.amount,
                                              alreadyPaid: paid, remaining: remaining))
        }
        return checks
    }

    /// When a session beyond the `covered` ones becomes coverable: the latest of the dates on which
    /// each binding cap (counting the covered sessions as taken on the request date) has room again,
    /// and on which an exhausted benefit maximum has money again.
    func nextCoverableDate(covered: Int, benefits: [BenefitMaximumCheck]) -> Day? {
        var result: Day?
        let past = pastSessions
        for limit in limits.sessions where limit.phase?.contains(week: week) ?? true {
            let dates = past.filter { isInWindow($0.date, limit.per) }.map(\.date) + Array(repeating: date, count: covered)
            guard dates.count >= limit.count, let next = LimitCalculator.nextFree(dates: dates, count: limit.count, per: limit.per) else { continue }
            result = max(result ?? next, next)
        }
        for (maximum, check) in zip(limits.benefitMaximums, benefits) where check.remaining.cents <= 0 {
            // The oldest paid session in the window drops out first.
            if let oldest = patientCase.sessions.first(where: { $0.treatment == treatment && isInWindow($0.date, maximum.per) && $0.date <= date && ($0.planPaid?.cents ?? 0) > 0 }),
               let next = maximum.per.after(oldest.date) {
                result = max(result ?? next, next)
            }
        }
        return result
    }
}
