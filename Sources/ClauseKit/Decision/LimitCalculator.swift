/// Session caps over rolling windows, benefit maximums, and when the next session becomes coverable.
struct LimitCalculator {
    let policy: CheckedPolicy
    let patientCase: PatientCase
    /// Past sessions of the requested treatment on or before the request date, oldest first.
    let pastSessions: [PastSession]

    init(policy: CheckedPolicy, patientCase: PatientCase) {
        self.policy = policy
        self.patientCase = patientCase
        let treatment = patientCase.request.treatment, date = patientCase.request.date
        pastSessions = patientCase.sessions.filter { $0.treatment == treatment && $0.date <= date }
    }

    var date: Day { patientCase.request.date }
    var treatment: Int { patientCase.request.treatment }
    var limits: TreatmentLimits { policy.limits[treatment] }

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
            // Past sessions are oldest first: those in the window are a suffix.
            let firstIn = past.firstIndex { isInWindow($0.date, limit.per) } ?? past.count
            let used = past.count - firstIn
            let applies = limit.phase?.contains(week: week) ?? true
            let remaining = max(0, limit.count - used)
            var next: Day?
            if applies && remaining == 0 {
                next = LimitCalculator.nextFree(dates: past[firstIn...].map(\.date), count: limit.count, per: limit.per)
            }
            return SessionLimitCheck(text: limit.text, line: limit.line, applies: applies, used: used,
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

    func benefitChecks() throws(EvaluationError) -> [BenefitMaximumCheck] {
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

    /// When a session beyond the `covered` ones becomes coverable: the first day after the request
    /// date on which every session cap that applies *on that day* (phases follow the week of
    /// treatment) has room, counting the covered sessions as taken on the request date, and on which
    /// every benefit maximum has money left (counting what the plan pays now). Only the days on which
    /// that can change are tried, each in O(limits × log sessions); nil when no day ever opens.
    func nextCoverableDate(covered: Int, paidNow: Money = .zero) -> Day? {
        let past = pastSessions
        let dates = past.map(\.date) + Array(repeating: date, count: max(0, covered))  // sorted: all past <= date
        let first = dates.first ?? date
        // Prefix sums of what the plan paid, for the benefit maximums.
        var paidPrefix: [Int64] = [0]
        paidPrefix.reserveCapacity(past.count + 1)
        for s in past {
            let (sum, overflow) = (paidPrefix.last ?? 0).addingReportingOverflow(s.planPaid?.cents ?? 0)
            paidPrefix.append(overflow ? Int64.max : sum)
        }
        /// How many of `sorted` are after `start`.
        func countAfter(_ start: Day, in sorted: [Day]) -> Int {
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] <= start { lo = mid + 1 } else { hi = mid }
            }
            return sorted.count - lo
        }
        let pastDates = past.map(\.date)
        // A window reaching before the calendar holds every session, its first day included.
        let beforeCalendar = Day(ordinal: Day.minimum.ordinal - 1)
        func isOpen(_ day: Day) -> Bool {
            let week = (day.ordinal - first.ordinal) / 7 + 1
            for limit in limits.sessions where limit.phase?.contains(week: week) ?? true {
                if countAfter(limit.per.before(day) ?? beforeCalendar, in: dates) >= limit.count { return false }
            }
            for maximum in limits.benefitMaximums {
                let start = maximum.per.before(day) ?? beforeCalendar
                let inWindow = countAfter(start, in: pastDates)
                var paid = paidPrefix[past.count] - paidPrefix[past.count - inWindow]
                if date > start { paid = paid.addingReportingOverflow(paidNow.cents).partialValue }
                if paid >= maximum.amount.cents { return false }
            }
            return true
        }
        // No session is added after the request date, so windows only lose sessions as days pass:
        // whether a session can be covered changes only on the day a session leaves a window
        // (a few days later at most when months clamp to a month's end) or a phase begins or ends.
        var candidates: [Int] = []
        if let next = date.addingDays(1) { candidates.append(next.ordinal) }
        var windows: [Duration] = []
        for per in limits.sessions.map(\.per) + limits.benefitMaximums.map(\.per) where !windows.contains(per) {
            windows.append(per)
        }
        for per in windows {
            let start = per.before(date) ?? beforeCalendar
            for d in dates where d > start {
                guard let leaves = per.after(d) else { continue }
                for extra in 0...3 where leaves.ordinal <= Day.maximum.ordinal - extra { candidates.append(leaves.ordinal + extra) }
            }
        }
        /// The first day of week `n + 1` of treatment, when it is on the calendar.
        func afterWeeks(_ n: Int) -> Int? {
            let (days, o1) = n.multipliedReportingOverflow(by: 7)
            let (ordinal, o2) = first.ordinal.addingReportingOverflow(days)
            return o1 || o2 ? nil : ordinal
        }
        for limit in limits.sessions {
            switch limit.phase {
            case .weeks(let a, let b)?:
                if let d = afterWeeks(a - 1) { candidates.append(d) }
                if let d = afterWeeks(b) { candidates.append(d) }
            case .fromWeek(let a)?:
                if let d = afterWeeks(a - 1) { candidates.append(d) }
            case nil:
                break
            }
        }
        candidates.sort()
        var tried: Int?
        for ordinal in candidates where ordinal != tried && ordinal > date.ordinal && ordinal <= Day.maximum.ordinal {
            tried = ordinal
            if isOpen(Day(ordinal: ordinal)) { return Day(ordinal: ordinal) }
        }
        return nil
    }
}
