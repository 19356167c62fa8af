import Foundation
import Testing
@testable import ClauseKit

/// `LimitCalculator.nextCoverableDate` tries only the days on which a window can lose a session,
/// a phase can change or a new course can begin; it must find exactly the first day a day-by-day
/// search finds, for windows of days, weeks, months (which clamp to a month's end) and years,
/// with phases (each counting its own phase's sessions, LANGUAGE.md revision 2), courses, dose
/// limits and benefit maximums. The search works out every session's course and week from
/// scratch, day by day, without `Courses`.
@Suite struct NextCoverableDateTests {
    static let blocks = [
        "8 sessions per 28 days during weeks 1-4\n  4 sessions per 28 days from week 5\n  52 sessions per 365 days",
        "3 sessions per 2 weeks during weeks 1-6\n  2 sessions per 1 week from week 7\n  $2000.00 per 30 days",
        "8 sessions per 1 month during weeks 1-4\n  4 sessions per 2 months from week 5\n  20 sessions per 1 year",
        "2 sessions per 1 month\n  $1500.00 per 3 months",
        "5 sessions per 1 year\n  $900.00 per 1 year",
        "1 session per 3 days\n  6 sessions per 21 days",
        "8 sessions per 28 days during weeks 1-4\n  4 sessions per 28 days from week 5\n  new course after 60 days without sessions",
        "2 sessions per 7 days during weeks 1-2\n  1 session per 7 days from week 3\n  new course after 2 weeks without sessions",
        "168 mg per 7 days during weeks 1-4\n  84 mg per 7 days from week 5\n  new course after 3 months without sessions",
        "200 mg per 14 days\n  3 sessions per 7 days\n  $1500.00 per 30 days",
    ]

    /// A deterministic generator of histories.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
    }

    /// The first day after `date`, up to `horizon` days later, on which a session of `dose` mg
    /// could be covered.
    static func dayByDay(_ limits: TreatmentLimits, past: [PastSession], date: Day, covered: Int, paidNow: Money,
                         dose: Decimal, horizon: Int) -> Day? {
        let taken: [(day: Day, dose: Decimal)] = past.map { ($0.date, $0.dose ?? 0) } + Array(repeating: (date, dose), count: covered)
        for ordinal in (date.ordinal + 1)...(date.ordinal + horizon) {
            let day = Day(ordinal: ordinal)
            // Every session's week in its own course, the candidate session's last.
            var weeks: [Int] = []
            var start: Day?, previous: Day?
            for d in taken.map(\.day) + [day] {
                if start == nil { start = d }
                if let p = previous, let gap = limits.newCourseAfter, let end = gap.after(p), d > end { start = d }
                weeks.append((d.ordinal - (start ?? d).ordinal) / 7 + 1)
                previous = d
            }
            let week = weeks[weeks.count - 1]
            func inWindow(_ d: Day, _ start: Day?) -> Bool { start.map { d > $0 } ?? true }
            var open = true
            for cap in limits.sessions where cap.phase?.contains(week: week) ?? true {
                let start = cap.per.before(day)
                let used = taken.indices.filter { inWindow(taken[$0].day, start) && (cap.phase?.contains(week: weeks[$0]) ?? true) }.count
                if used >= cap.count { open = false }
            }
            for limit in limits.doses where limit.phase?.contains(week: week) ?? true {
                let start = limit.per.before(day)
                let used = taken.indices.filter { inWindow(taken[$0].day, start) && (limit.phase?.contains(week: weeks[$0]) ?? true) }
                    .reduce(Decimal(0)) { $0 + taken[$1].dose }
                if used + dose > limit.milligrams { open = false }
            }
            for maximum in limits.benefitMaximums {
                let start = maximum.per.before(day)
                var paid = past.filter { s in start.map { s.date > $0 } ?? true }.reduce(Int64(0)) { $0 + ($1.planPaid?.cents ?? 0) }
                if start.map({ date > $0 }) ?? true { paid += paidNow.cents }
                if paid >= maximum.amount.cents { open = false }
            }
            if open { return day }
        }
        return nil
    }

    @Test(arguments: blocks.indices)
    func matchesADayByDaySearch(_ block: Int) throws {
        let policy = try checked("cover esketamine when true\nlimit esketamine {\n  \(NextCoverableDateTests.blocks[block])\n}")
        let limits = policy.limits[0]
        var g = Generator(state: UInt64(block) &+ 0xC0FFEE)
        let horizon = 800
        for _ in 0..<150 {
            // Request dates include month ends, where month windows clamp.
            let base = try #require(Day(year: 2026, month: 1 + g.next(12), day: 1))
            let date = Day(ordinal: base.ordinal + [0, 27, 28, 29, 30][g.next(5)] + g.next(3))
            let span = [6, 20, 45, 120, 400][g.next(5)]
            var past: [PastSession] = []
            for _ in 0..<[0, 1, 2, 4, 7, 12, 25][g.next(7)] {
                let paid = [0, 30_000, 81_000, 120_000][g.next(4)]
                past.append(PastSession(treatment: 0, date: Day(ordinal: date.ordinal - g.next(span + 1)),
                                        planPaid: Money(cents: Int64(paid)), dose: Decimal([56, 84][g.next(2)])))
            }
            past.sort { $0.date < $1.date }
            let covered = g.next(4)
            // What the plan pays now is for the sessions covered now.
            let paidNow = Money(cents: covered == 0 ? 0 : Int64([0, 50_000, 200_000][g.next(3)]))
            let dose = Decimal([56, 84][g.next(2)])
            let calculator = LimitCalculator(limits: limits, date: date, treatment: 0, past: past[...], dose: dose)
            let found = calculator.nextCoverableDate(covered: covered, paidNow: paidNow)
            let expected = NextCoverableDateTests.dayByDay(limits, past: past, date: date, covered: covered,
                                                           paidNow: paidNow, dose: dose, horizon: horizon)
            if let expected {
                #expect(found == expected, "\(date), \(covered) covered, \(past.map(\.date))")
            } else {
                #expect(found.map { $0.ordinal > date.ordinal + horizon } ?? true, "\(date): \(String(describing: found))")
            }
        }
    }
}
