import Testing
@testable import ClauseKit

/// `LimitCalculator.nextCoverableDate` tries only the days on which a window can lose a session
/// or a phase can change; it must find exactly the first day a day-by-day search finds, for
/// windows of days, weeks, months (which clamp to a month's end) and years, with phases and
/// benefit maximums.
@Suite struct NextCoverableDateTests {
    static let blocks = [
        "8 sessions per 28 days during weeks 1-4\n  4 sessions per 28 days from week 5\n  52 sessions per 365 days",
        "3 sessions per 2 weeks during weeks 1-6\n  2 sessions per 1 week from week 7\n  $2000.00 per 30 days",
        "8 sessions per 1 month during weeks 1-4\n  4 sessions per 2 months from week 5\n  20 sessions per 1 year",
        "2 sessions per 1 month\n  $1500.00 per 3 months",
        "5 sessions per 1 year\n  $900.00 per 1 year",
        "1 session per 3 days\n  6 sessions per 21 days",
    ]

    /// A deterministic generator of histories.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
    }

    /// The first day after `date`, up to `horizon` days later, on which a session could be covered.
    static func dayByDay(_ limits: TreatmentLimits, past: [PastSession], date: Day, covered: Int, paidNow: Money,
                         horizon: Int) -> Day? {
        let first = past.first?.date ?? date
        let dates = past.map(\.date) + Array(repeating: date, count: covered)
        for ordinal in (date.ordinal + 1)...(date.ordinal + horizon) {
            let day = Day(ordinal: ordinal)
            let week = (ordinal - first.ordinal) / 7 + 1
            var open = true
            for cap in limits.sessions where cap.phase?.contains(week: week) ?? true {
                let start = cap.per.before(day)
                if dates.filter({ d in start.map { d > $0 } ?? true }).count >= cap.count { open = false }
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
                                        planPaid: Money(cents: Int64(paid))))
            }
            past.sort { $0.date < $1.date }
            let covered = g.next(4)
            // What the plan pays now is for the sessions covered now.
            let paidNow = Money(cents: covered == 0 ? 0 : Int64([0, 50_000, 200_000][g.next(3)]))
            let calculator = LimitCalculator(limits: limits, date: date, treatment: 0, sessions: past)
            let found = calculator.nextCoverableDate(covered: covered, paidNow: paidNow)
            let expected = NextCoverableDateTests.dayByDay(limits, past: past, date: date, covered: covered,
                                                           paidNow: paidNow, horizon: horizon)
            if let expected {
                #expect(found == expected, "\(date), \(covered) covered, \(past.map(\.date))")
            } else {
                #expect(found.map { $0.ordinal > date.ordinal + horizon } ?? true, "\(date): \(String(describing: found))")
            }
        }
    }
}
