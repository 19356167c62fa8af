/// An amount of money in whole cents. Arithmetic that input controls reports overflow.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }

    public func adding(_ other: Money) -> Money? {
        let (r, o) = cents.addingReportingOverflow(other.cents)
        return o ? nil : Money(cents: r)
    }

    public func subtracting(_ other: Money) -> Money? {
        let (r, o) = cents.subtractingReportingOverflow(other.cents)
        return o ? nil : Money(cents: r)
    }

    /// Parses `900`, `900.5`, `900.00`, `$1,500.00`, `-3.10`; nil for more than two decimals or overflow.
    public init?(text: some StringProtocol) {
        var u = Array(text.utf8)
        var negative = false
        if u.first == UInt8(ascii: "-") { negative = true; u.removeFirst() }
        if u.first == UInt8(ascii: "$") { u.removeFirst() }
        guard !u.isEmpty else { return nil }
        var whole: Int64 = 0
        var frac: Int64 = 0
        var fracDigits = 0
        var seenDot = false
        var seenDigit = false
        for c in u {
            if c == UInt8(ascii: ",") && !seenDot { continue }
            if c == UInt8(ascii: ".") {
                guard !seenDot else { return nil }
                seenDot = true
                continue
            }
            guard c >= 48, c <= 57 else { return nil }
            seenDigit = true
            let digit = Int64(c - 48)
            if seenDot {
                fracDigits += 1
                guard fracDigits <= 2 else { return nil }
                frac = frac * 10 + digit
            } else {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                whole = a
            }
        }
        guard seenDigit else { return nil }
        if fracDigits == 1 { frac *= 10 }
        let (w, o1) = whole.multipliedReportingOverflow(by: 100)
        let (total, o2) = w.addingReportingOverflow(frac)
        guard !o1, !o2 else { return nil }
        cents = negative ? -total : total
    }

    /// `1,040.00` style without the dollar sign when `grouped`, else `1040.00`.
    public func formatted(grouped: Bool = false) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let whole = magnitude / 100
        let frac = magnitude % 100
        var wholeText = String(whole)
        if grouped {
            var groupedText = ""
            for (i, ch) in wholeText.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { groupedText.append(",") }
                groupedText.append(ch)
            }
            wholeText = String(groupedText.reversed())
        }
        return (negative ? "-" : "") + wholeText + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// `$1,040.00`
    public var dollars: String {
        cents < 0 ? "-$" + formatted(grouped: true).dropFirst() : "$" + formatted(grouped: true)
    }

    public var description: String { dollars }
}
