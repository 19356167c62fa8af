import Foundation

/// An exact decimal small enough for integer arithmetic, `units × 10^-scale`: the compiled
/// evaluator compares case numbers (`"age": 34`, `"improvement": "10%"`) with policy constants
/// in this form instead of through `Decimal`. Anything it cannot hold exactly (more than 18
/// digits, an exponent, negative zero, a comparison that would overflow) gives nil, and the
/// caller takes the general path, so results never differ (`FixedNumberTests`).
struct FixedNumber: Sendable, Equatable {
    var units: Int64
    var scale: Int

    init(units: Int64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    init(_ n: Int) {
        self.init(units: Int64(truncatingIfNeeded: n), scale: 0)  // Int is 64 bits here
    }

    /// A policy constant, exactly, or nil.
    init?(_ d: Decimal) {
        guard !d.isNaN, let n = FixedNumber.parse(d.description.utf8, allowSign: true) else { return nil }
        self = n
    }

    /// The number a case JSON value reads as (a JSON number, or a percentage string), or nil when
    /// this form cannot say (more than 18 digits, negative zero) or the value is no number.
    ///
    /// The grammar is `NumberText`'s (`[-]digits[.digits]`, a percentage that followed directly
    /// by `%`), scanned here straight into fixed form: this is the fast lane's hottest read, and
    /// going through `NumberText.Scan` cost ≈ 6 % of a decision (docs/performance.md, issue #14).
    /// `ReviewFixesTests.fixedNumberAgreesWithValueFromJSON` and `FixedNumberTests` hold the two
    /// to the same answers.
    static func of(_ json: JSONValue) -> FixedNumber? {
        switch json {
        case .number(_, let text):
            // A native string's bytes in place; any other through its UTF-8 view.
            return text.utf8.withContiguousStorageIfAvailable { parse($0, allowSign: true) } ?? parse(text.utf8, allowSign: true)
        case .string(let s):
            if let read = s.utf8.withContiguousStorageIfAvailable(percentage) { return read }
            return percentage(s.utf8)
        default: return nil
        }
    }

    /// `[-]digits[.digits]%` as a fraction (`"10%"` is 0.10), or nil.
    private static func percentage<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> FixedNumber? {
        guard bytes.last == UInt8(ascii: "%") else { return nil }
        guard let n = parse(bytes.dropLast(), allowSign: true), n.scale <= 18 else { return nil }
        return FixedNumber(units: n.units, scale: n.scale + 2)
    }

    /// `[-]digits[.digits]` with 1 to 18 digits in all, no trailing dot; nil for anything else
    /// and for negative zero (which `Decimal` reads differently).
    static func parse<C: Collection<UInt8>>(_ bytes: C, allowSign: Bool) -> FixedNumber? {
        var units: Int64 = 0
        var digits = 0, fraction = 0
        var seenDot = false, negative = false, first = true
        for b in bytes {
            defer { first = false }
            if first && allowSign && b == UInt8(ascii: "-") {
                negative = true
                continue
            }
            if b == UInt8(ascii: ".") {
                guard !seenDot, digits > 0 else { return nil }
                seenDot = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), digits < 18 else { return nil }
            units = units * 10 + Int64(b &- UInt8(ascii: "0"))
            digits += 1
            if seenDot { fraction += 1 }
        }
        guard digits > 0, !(seenDot && fraction == 0) else { return nil }
        if negative {
            guard units != 0 else { return nil }
            units = -units
        }
        return FixedNumber(units: units, scale: fraction)
    }

    static let powers: [Int64] = (0...18).map { p in (0..<p).reduce(Int64(1)) { r, _ in r * 10 } }

    /// -1, 0 or 1; nil when bringing both to one scale would overflow.
    static func compare(_ a: FixedNumber, _ b: FixedNumber) -> Int? {
        var x = a.units, y = b.units
        let d = a.scale - b.scale
        if d != 0 {
            guard abs(d) <= 18 else { return nil }
            let (scaled, overflow) = (d > 0 ? y : x).multipliedReportingOverflow(by: powers[abs(d)])
            guard !overflow else { return nil }
            if d > 0 { y = scaled } else { x = scaled }
        }
        return x < y ? -1 : (x == y ? 0 : 1)
    }
}
