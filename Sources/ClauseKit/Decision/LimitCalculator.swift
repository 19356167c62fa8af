/// Session caps over rolling windows, benefit maximums, and when the next session becomes coverable.
/// It keeps only what these need of the policy and the case (the treatment's limits, the case's
/// sessions), so making one copies neither.
struct LimitCalculator {
    let limits: TreatmentLimits
    let date: Day
    let treatment: Int
    /// Past sessions of the requested treatment on or before the request date, oldest first.
    let pastSessions: ArraySlice<PastSession>

    init(limits: TreatmentLimits, date: Day, treatment: Int, sessions: [PastSession]) {
        self.limits = limits
        self.date = date
        self.treatment = treatment
        // Most cases list only past sessions of the requested treatment: then no copy is made.
        if sessions.allSatisfy({ $0.treatment == treatment && $0.date <= date }) {
            pastSessions = sessions[...]
        } else {
            pastSessions = ArraySlice(sessions.filter { $0.treatment == treatment && $0.date <= date })
        }
    }

    /// The past sessions in a window that starts after `start` (nil: a window reaching before the
    /// calendar) and ends on or after the request date: a suffix of `pastSessions`, which are
    /// sorted and all on or before the request date, found by binary search. The one count of
    /// "sessions in the window" that session caps, benefit maximums and the next coverable date use.
    func sessionsInWindow(after start: Day?) -> ArraySlice<PastSession> {
        let past = pastSessions
        guard let start else { return past }
        var lo = past.startIndex, hi = past.endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if past[mid].date <= start { lo = mid + 1 } else { hi = mid }
        }
        return past[lo...]
    }

    /// Week of treatment at the request date: week 1 is days 0-6 from the first past session.
    var week: Int {
        guard let first = pastSessions.first?.date else { return 1 }
        return (date.ordinal - first.ordinal) / 7 + 1
    }

    func sessionChecks() -> [SessionLimitCheck] {
        let week = self.week
        var checks: [SessionLimitCheck] = []
        checks.reserveCapacity(limits.sessions.count)
        for limit in limits.sessions {
            let before = limit.per.before(date)
            let inWindow = sessionsInWindow(after: before)
            let used = inWindow.count
            let applies = limit.phase?.contains(week: week) ?? true
            let remaining = max(0, limit.count - used)
            var next: Day?
            if applies && remaining == 0 {
                // The session that must drop out of the window for one more to fit.
                let k = used - limit.count
                if k >= 0, k < used { next = limit.per.after(inWindow[inWindow.startIndex + k].date) }
            }
            checks.append(SessionLimitCheck(text: limit.text, line: limit.line, applies: applies, used: used,
                                            remaining: remaining, windowStart: before ?? Day.minimum, windowEnd: date,
                                            week: week, nextAvailable: next))
        }
        return checks
    }

    func benefitChecks() throws(EvaluationError) -> [BenefitMaximumCheck] {
        var checks: [BenefitMaximumCheck] = []
        guard !limits.benefitMaximums.isEmpty else { return checks }
        checks.reserveCapacity(limits.benefitMaximums.count)
        for maximum in limits.benefitMaximums {
            var paid = Money.zero
            for s in sessionsInWindow(after: maximum.per.before(date)) {
                guard let p = s.planPaid else {
                    // The case's own index: `sessions` here are sorted by date.
                    let field = s.caseIndex.map { "`sessions[\($0)].plan_paid`" } ?? "`plan_paid` of the session of \(s.date)"
                    throw EvaluationError(
                        "\(field) is missing: the benefit maximum `\(maximum.text)` needs what the plan paid for the session of \(s.date)",
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
        // The covered sessions count as taken on the request date, after every past one.
        let covered = max(0, covered)
        let caps = limits.sessions, maximums = limits.benefitMaximums
        let first = past.first?.date ?? date
        // Prefix sums of what the plan paid, for the benefit maximums.
        var paidPrefix: [Int64] = []
        if !limits.benefitMaximums.isEmpty {
            paidPrefix.reserveCapacity(past.count + 1)
            paidPrefix.append(0)
            for s in past {
                let (sum, overflow) = (paidPrefix.last ?? 0).addingReportingOverflow(s.planPaid?.cents ?? 0)
                paidPrefix.append(overflow ? Int64.max : sum)
            }
        }
        /// Whether the request date is in a window starting after `start` (nil: before the calendar).
        func holdsRequestDate(_ start: Day?) -> Bool { start.map { date > $0 } ?? true }
        /// How many sessions, past and covered, are in a window starting after `start`.
        func countAfter(_ start: Day?) -> Int {
            sessionsInWindow(after: start).count + (holdsRequestDate(start) ? covered : 0)
        }
        func isOpen(_ day: Day) -> Bool {
            let week = (day.ordinal - first.ordinal) / 7 + 1
            // By index: the limits are read in place, their texts not copied.
            for k in caps.indices where caps[k].phase?.contains(week: week) ?? true {
                if countAfter(caps[k].per.before(day)) >= caps[k].count { return false }
            }
            for k in maximums.indices {
                let start = maximums[k].per.before(day)
                let inWindow = sessionsInWindow(after: start).count
                var paid = paidPrefix[past.count] - paidPrefix[past.count - inWindow]
                if holdsRequestDate(start) { paid = paid.addingReportingOverflow(paidNow.cents).partialValue }
                if paid >= maximums[k].amount.cents { return false }
            }
            return true
        }
        // No session is added after the request date, so windows only lose sessions as days pass:
        // whether a session can be covered changes only on the day a session leaves a window
        // (a few days later at most when months clamp to a month's end) or a phase begins or ends.
        var candidates: [Int] = []
        // Room for the usual few; a long history grows it only with the sessions in a window.
        candidates.reserveCapacity(min(1 + 4 * (past.count + 1) * (caps.count + maximums.count) + 2 * caps.count, 256))
        if let next = date.addingDays(1) { candidates.append(next.ordinal) }
        func leaving(_ d: Day, _ per: Duration) {
            guard let leaves = per.after(d) else { return }
            // A window of days or weeks loses `d` exactly `per` after it; one of months or years
            // (whose start clamps to a month's end) up to three days later.
            let extras = per.fixedDays == nil ? 3 : 0
            for extra in 0...extras where leaves.ordinal <= Day.maximum.ordinal - extra { candidates.append(leaves.ordinal + extra) }
        }
        /// The days on which sessions leave the window of `per`.
        func leavingDays(_ per: Duration) {
            let start = per.before(date)
            for s in sessionsInWindow(after: start) { leaving(s.date, per) }
            if covered > 0 && holdsRequestDate(start) { leaving(date, per) }
        }
        // Each distinct window once.
        for i in caps.indices where !caps[..<i].contains(where: { $0.per == caps[i].per }) {
            leavingDays(caps[i].per)
        }
        for i in maximums.indices
        where !caps.contains(where: { $0.per == maximums[i].per }) && !maximums[..<i].contains(where: { $0.per == maximums[i].per }) {
            leavingDays(maximums[i].per)
        }
        /// The first day of week `n + 1` of treatment, when it is on the calendar.
        func afterWeeks(_ n: Int) -> Int? {
            let (days, o1) = n.multipliedReportingOverflow(by: 7)
            let (ordinal, o2) = first.ordinal.addingReportingOverflow(days)
            return o1 || o2 ? nil : ordinal
        }
        for k in caps.indices {
            switch caps[k].phase {
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
