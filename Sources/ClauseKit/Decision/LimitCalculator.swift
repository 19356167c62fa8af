import Foundation

/// Session caps over rolling windows, benefit maximums, and when the next session becomes coverable.
/// It keeps only what these need of the policy and the case (the treatment's limits, the case's
/// sessions), so making one copies neither.
struct LimitCalculator {
    let limits: TreatmentLimits
    let date: Day
    let treatment: Int
    /// Past sessions of the requested treatment on or before the request date, oldest first.
    let pastSessions: ArraySlice<PastSession>
    /// The courses those sessions form, and the request's week and review kind.
    let courses: Courses
    /// `request.dose_mg`, when given.
    let requestDose: Decimal?

    init(limits: borrowing TreatmentLimits, patientCase: borrowing PatientCase) {
        let request = patientCase.request
        self.init(limits: copy limits, date: request.date, treatment: request.treatment, past: patientCase.pastSessionsOfRequest,
                  review: request.review, dose: request.dose)
    }

    /// `past`: the sessions of `treatment` on or before `date`, oldest first (`PatientCase.pastSessionsOfRequest`).
    init(limits: TreatmentLimits, date: Day, treatment: Int, past: ArraySlice<PastSession>, review: ReviewKind? = nil,
         dose: Decimal? = nil) {
        self.limits = limits
        self.date = date
        self.treatment = treatment
        requestDose = dose
        pastSessions = past
        let phased = limits.sessions.contains { $0.phase != nil } || limits.doses.contains { $0.phase != nil }
        courses = Courses(past: past, date: date, newCourseAfter: limits.newCourseAfter, given: review, weeks: phased)
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

    /// Whether the past session at `index` (of `pastSessions`) is counted by a line with
    /// `phase`: it fell in that phase of its own course (every session, without a phase).
    func counts(_ index: Int, _ phase: Phase?) -> Bool {
        guard let phase else { return true }
        return phase.contains(week: courses.week(ofPast: index - pastSessions.startIndex, on: pastSessions[index].date))
    }

    /// Week of treatment at the request date, in the current course.
    var week: Int { courses.requestWeek }

    func sessionChecks() -> [SessionLimitCheck] {
        let week = self.week
        var checks: [SessionLimitCheck] = []
        checks.reserveCapacity(limits.sessions.count)
        for limit in limits.sessions {
            let before = limit.per.before(date)
            let inWindow = sessionsInWindow(after: before)
            var used = inWindow.count
            if limit.phase != nil { used = inWindow.indices.reduce(0) { $0 + (counts($1, limit.phase) ? 1 : 0) } }
            let applies = limit.phase?.contains(week: week) ?? true
            let remaining = max(0, limit.count - used)
            var next: Day?
            if applies && remaining == 0 {
                // The counted session that must drop out of the window for one more to fit.
                let k = used - limit.count
                if k >= 0, k < used,
                   let leaving = inWindow.indices.lazy.filter({ counts($0, limit.phase) }).dropFirst(k).first {
                    next = limit.per.after(pastSessions[leaving].date)
                }
            }
            var check = SessionLimitCheck(text: limit.text, line: limit.line, applies: applies, used: used,
                                          remaining: remaining, windowStart: before ?? Day.minimum, windowEnd: date,
                                          week: week, nextAvailable: next)
            check.notCounted = inWindow.count - used
            checks.append(check)
        }
        return checks
    }

    /// The dose limits as applied to the request. A past session the limit counts without a
    /// `dose_mg`, and the request's own `dose_mg` when a limit applies and the case lacks it,
    /// are added to `missing` (the decision then needs that information).
    func doseChecks(missing: inout [String]) -> [DoseLimitCheck] {
        var checks: [DoseLimitCheck] = []
        guard !limits.doses.isEmpty else { return checks }
        checks.reserveCapacity(limits.doses.count)
        let week = self.week
        for limit in limits.doses {
            let before = limit.per.before(date)
            let inWindow = sessionsInWindow(after: before)
            var used = Decimal(0)
            var counted = 0
            var lacking: [String] = []
            let applies = limit.phase?.contains(week: week) ?? true
            for i in inWindow.indices where counts(i, limit.phase) {
                counted += 1
                if let dose = pastSessions[i].dose {
                    used += dose
                } else if applies {
                    // Asked for only where it decides something: a limit of another phase does not.
                    lacking.append(pastSessions[i].path("dose_mg"))
                }
            }
            let remaining = max(0, limit.milligrams - used)
            var allowed: Int?
            if applies {
                if let dose = requestDose {
                    // With a past dose unknown, so is the room left.
                    if lacking.isEmpty { allowed = LimitCalculator.sessions(of: dose, within: remaining) }
                } else {
                    lacking.append("request.dose_mg")
                }
            }
            missing += lacking
            var check = DoseLimitCheck(text: limit.text, line: limit.line, applies: applies, limit: limit.milligrams,
                                       used: used, sessionsCounted: counted, remaining: remaining, dose: requestDose,
                                       sessionsAllowed: allowed, windowStart: before ?? Day.minimum, windowEnd: date,
                                       week: week)
            check.missingDoses = lacking
            checks.append(check)
        }
        return checks
    }

    /// How many sessions of `dose` mg fit in `remaining` mg (every one for a dose of 0).
    static func sessions(of dose: Decimal, within remaining: Decimal) -> Int {
        guard dose > 0 else { return Int.max }
        var quotient = remaining / dose
        var whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, .down)
        guard whole < Decimal(CaseDecoder.maximumRequestedSessions) else { return CaseDecoder.maximumRequestedSessions }
        return max(0, NSDecimalNumber(decimal: whole).intValue)
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
    /// date on which every session cap and dose limit that applies *on that day* has room (phases
    /// follow that day's week in its course: a day more than the policy's break after the last
    /// session starts a new course, in week 1), counting the covered sessions as taken on the
    /// request date in the request's week, and on which every benefit maximum has money left
    /// (counting what the plan pays now). Only the days on which that can change are tried, each
    /// in O(limits × log sessions); nil when no day ever opens.
    func nextCoverableDate(covered: Int, paidNow: Money = .zero) -> Day? {
        let past = pastSessions
        // The covered sessions count as taken on the request date, after every past one.
        let covered = max(0, covered)
        let caps = limits.sessions, maximums = limits.benefitMaximums, doses = limits.doses
        let requestWeek = courses.requestWeek
        let lastSession: Day? = covered > 0 ? date : past.last?.date
        /// The week a session on `day` would be in: a new course's first when the break has passed.
        func week(on day: Day) -> Int {
            guard let lastSession, !Courses.breaks(after: lastSession, at: day, limits.newCourseAfter) else { return 1 }
            return Courses.week(of: day, from: courses.currentStart)
        }
        // Prefix sums of what the plan paid, for the benefit maximums.
        var paidPrefix: [Int64] = []
        if !maximums.isEmpty {
            paidPrefix.reserveCapacity(past.count + 1)
            paidPrefix.append(0)
            for s in past {
                let (sum, overflow) = (paidPrefix.last ?? 0).addingReportingOverflow(s.planPaid?.cents ?? 0)
                paidPrefix.append(overflow ? Int64.max : sum)
            }
        }
        // Per phase-limited cap: prefix counts of the sessions it counts (none for the others).
        var capPrefix: [[Int]] = []
        if caps.contains(where: { $0.phase != nil }) {
            capPrefix = caps.map { cap in
                guard cap.phase != nil else { return [] }
                var prefix = [0]
                prefix.reserveCapacity(past.count + 1)
                for i in past.indices { prefix.append((prefix.last ?? 0) + (counts(i, cap.phase) ? 1 : 0)) }
                return prefix
            }
        }
        // Per dose limit: prefix sums of the doses it counts.
        var dosePrefix: [[Decimal]] = []
        if !doses.isEmpty {
            dosePrefix = doses.map { limit in
                var prefix = [Decimal(0)]
                prefix.reserveCapacity(past.count + 1)
                for i in past.indices { prefix.append((prefix.last ?? 0) + (counts(i, limit.phase) ? past[i].dose ?? 0 : 0)) }
                return prefix
            }
        }
        /// Whether the request date is in a window starting after `start` (nil: before the calendar).
        func holdsRequestDate(_ start: Day?) -> Bool { start.map { date > $0 } ?? true }
        /// The offset in `past` of the first session in a window starting after `start`.
        func firstInWindow(_ start: Day?) -> Int { sessionsInWindow(after: start).startIndex - past.startIndex }
        func isOpen(_ day: Day) -> Bool {
            let week = week(on: day)
            // By index: the limits are read in place, their texts not copied.
            for k in caps.indices where caps[k].phase?.contains(week: week) ?? true {
                let start = caps[k].per.before(day)
                let phase = caps[k].phase
                var used = phase == nil ? past.count - firstInWindow(start) : capPrefix[k][past.count] - capPrefix[k][firstInWindow(start)]
                if holdsRequestDate(start) && (phase?.contains(week: requestWeek) ?? true) { used += covered }
                if used >= caps[k].count { return false }
            }
            for k in doses.indices where doses[k].phase?.contains(week: week) ?? true {
                guard let dose = requestDose else { continue }
                let start = doses[k].per.before(day)
                let phase = doses[k].phase
                var used = dosePrefix[k][past.count] - dosePrefix[k][firstInWindow(start)]
                if holdsRequestDate(start) && (phase?.contains(week: requestWeek) ?? true) { used += dose * Decimal(covered) }
                if used + dose > doses[k].milligrams { return false }
            }
            for k in maximums.indices {
                let start = maximums[k].per.before(day)
                let inWindow = past.count - firstInWindow(start)
                var paid = paidPrefix[past.count] - paidPrefix[past.count - inWindow]
                if holdsRequestDate(start) { paid = paid.addingReportingOverflow(paidNow.cents).partialValue }
                if paid >= maximums[k].amount.cents { return false }
            }
            return true
        }
        // No session is added after the request date, so windows only lose sessions as days pass:
        // whether a session can be covered changes only on the day a session leaves a window
        // (a few days later at most when months clamp to a month's end), a phase begins or ends,
        // or a new course begins.
        var candidates: [Int] = []
        // Room for the usual few; a long history grows it only with the sessions in a window.
        let windows = caps.count + maximums.count + doses.count
        candidates.reserveCapacity(min(2 + 4 * (past.count + 1) * windows + 2 * caps.count, 256))
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
        // Each distinct window once (read in place: no list of windows is built).
        for i in caps.indices where !caps[..<i].contains(where: { $0.per == caps[i].per }) {
            leavingDays(caps[i].per)
        }
        for i in doses.indices
        where !caps.contains(where: { $0.per == doses[i].per }) && !doses[..<i].contains(where: { $0.per == doses[i].per }) {
            leavingDays(doses[i].per)
        }
        for i in maximums.indices
        where !caps.contains(where: { $0.per == maximums[i].per }) && !doses.contains(where: { $0.per == maximums[i].per })
            && !maximums[..<i].contains(where: { $0.per == maximums[i].per }) {
            leavingDays(maximums[i].per)
        }
        /// The first day of week `n + 1` of the current course, when it is on the calendar.
        func afterWeeks(_ n: Int) -> Int? {
            let (days, o1) = n.multipliedReportingOverflow(by: 7)
            let (ordinal, o2) = courses.currentStart.ordinal.addingReportingOverflow(days)
            return o1 || o2 ? nil : ordinal
        }
        func phaseDays(_ phase: Phase?) {
            switch phase {
            case .weeks(let a, let b)?:
                if let d = afterWeeks(a - 1) { candidates.append(d) }
                if let d = afterWeeks(b) { candidates.append(d) }
            case .fromWeek(let a)?:
                if let d = afterWeeks(a - 1) { candidates.append(d) }
            case nil:
                break
            }
        }
        for k in caps.indices { phaseDays(caps[k].phase) }
        for k in doses.indices { phaseDays(doses[k].phase) }
        // The first day of a new course.
        if let lastSession, let gap = limits.newCourseAfter, let end = gap.after(lastSession), let next = end.addingDays(1) {
            candidates.append(next.ordinal)
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
