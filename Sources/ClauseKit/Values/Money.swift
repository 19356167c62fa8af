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
        text(dollarSign: false, grouped: grouped)
    }

    /// `$1,040.00`
    public var dollars: String { text(dollarSign: true, grouped: true) }

    /// The amount written right to left into a small buffer, in one pass: `-`, `$` when asked,
    /// the whole dollars (grouped by threes when asked), `.` and two digits of cents.
    private func text(dollarSign: Bool, grouped: Bool) -> String {
        let magnitude = cents.magnitude
        var whole = magnitude / 100
        let frac = magnitude % 100
        // 20 digits, 6 commas, `.`, 2 digits, `$`, `-`: 31 bytes at the most.
        return String(unsafeUninitializedCapacity: 32) { buffer in
            var i = buffer.count
            func put(_ b: UInt8) {
                i -= 1
                buffer[i] = b
            }
            put(UInt8(ascii: "0") + UInt8(frac % 10))
            put(UInt8(ascii: "0") + UInt8(frac / 10))
            put(UInt8(ascii: "."))
            var digits = 0
            repeat {
                if grouped && digits > 0 && digits % 3 == 0 { put(UInt8(ascii: ",")) }
                put(UInt8(ascii: "0") + UInt8(whole % 10))
                whole /= 10
                digits += 1
            } while whole > 0
            if dollarSign { put(UInt8(ascii: "$")) }
            if cents < 0 { put(UInt8(ascii: "-")) }
            // Move the text to the front of the buffer.
            let count = buffer.count - i
            for k in 0..<count { buffer[k] = buffer[i + k] }
            return count
        }
    }

    public var description: String { dollars }
}
