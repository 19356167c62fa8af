/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// A validated date; nil for `2026-02-30`, month 13, year outside 0...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (0...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146097 + doe - 719468
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Adds calendar months, clamping the day to the month's end; nil beyond year 9999 or before 0.
    public func addingMonths(_ months: Int) -> Day? {
        let (y, m, d) = components
        let (total, o1) = (y * 12 + (m - 1)).addingReportingOverflow(months)
        guard !o1 else { return nil }
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        guard (0...9999).contains(ny) else { return nil }
        return Day(year: ny, month: nm, day: min(d, Day.daysIn(month: nm, year: ny)))
    }

    /// Adds days; nil beyond the representable calendar (years 0...9999).
    public func addingDays(_ days: Int) -> Day? {
        let (n, o) = ordinal.addingReportingOverflow(days)
        guard !o, n >= Day.minimum.ordinal, n <= Day.maximum.ordinal else { return nil }
        return Day(ordinal: n)
    }

    public static let minimum = Day(year: 0, month: 1, day: 1) ?? Day(ordinal: 0)
    public static let maximum = Day(year: 9999, month: 12, day: 31) ?? Day(ordinal: 0)

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}

/// A length of time as written in a policy: `28 days`, `6 months`.
public struct Duration: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable, Hashable {
        case days, weeks, months, years
    }
    public var amount: Int
    public var unit: Unit

    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// The date this duration after `day`; nil when out of the calendar's range.
    public func after(_ day: Day) -> Day? {
        switch unit {
        case .days: return day.addingDays(amount)
        case .weeks:
            let (d, o) = amount.multipliedReportingOverflow(by: 7)
            return o ? nil : day.addingDays(d)
        case .months: return day.addingMonths(amount)
        case .years:
            let (m, o) = amount.multipliedReportingOverflow(by: 12)
            return o ? nil : day.addingMonths(m)
        }
    }

    /// The date this duration before `day`; nil when out of range.
    public func before(_ day: Day) -> Day? {
        let (negated, overflow) = 0.subtractingReportingOverflow(amount)
        return overflow ? nil : Duration(negated, unit).after(day)
    }

    /// Length in days when the unit is days or weeks; months and years have no fixed length.
    public var fixedDays: Int? {
        switch unit {
        case .days: return amount
        case .weeks:
            let (d, o) = amount.multipliedReportingOverflow(by: 7)
            return o ? nil : d
        case .months, .years: return nil
        }
    }

    /// Length in months when the unit is months or years.
    public var calendarMonths: Int? {
        switch unit {
        case .months: return amount
        case .years:
            let (m, o) = amount.multipliedReportingOverflow(by: 12)
            return o ? nil : m
        case .days, .weeks: return nil
        }
    }

    public var description: String {
        let word: String
        switch unit {
        case .days: word = "day"
        case .weeks: word = "week"
        case .months: word = "month"
        case .years: word = "year"
        }
        return Plural.count(amount, word)
    }
}
