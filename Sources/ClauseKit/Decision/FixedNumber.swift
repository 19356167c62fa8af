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

    /// The number a case JSON value reads as (a JSON number, or a percentage string as
    /// `NumberText` reads it, which is what `Value.fromJSON` reads), or nil when this form cannot
    /// say (more than 18 digits, negative zero) or the value is no number (a malformed percentage
    /// such as `"1-0%"` is a string).
    static func of(_ json: JSONValue) -> FixedNumber? {
        switch json {
        case .number(_, let text):
            // A native string's bytes in place; any other through its UTF-8 view.
            return text.utf8.withContiguousStorageIfAvailable { bytes in inPlace(bytes, percentage: false) }
                ?? parse(text.utf8, allowSign: true)
        case .string(let s):
            if let read = s.utf8.withContiguousStorageIfAvailable({ bytes in inPlace(bytes, percentage: true) }) { return read }
            return percentage(s.utf8)
        default: return nil
        }
    }

    /// `of` on bytes in memory (the hot path of the fast lane): the scan specialised for a
    /// buffer, a percentage's `%` cut off by rebasing rather than through a slice.
    @inline(__always)
    private static func inPlace(_ bytes: UnsafeBufferPointer<UInt8>, percentage: Bool) -> FixedNumber? {
        guard percentage else { return parse(bytes, allowSign: true) }
        guard bytes.last == UInt8(ascii: "%"), let n = parse(UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)]), allowSign: true) else { return nil }
        return FixedNumber(units: n.units, scale: n.scale + 2)
    }

    /// A percentage as a fraction (`"10%"` is 0.10), or nil.
    private static func percentage<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> FixedNumber? {
        guard let scan = NumberText.scanPercentage(bytes), let n = fixed(scan) else { return nil }
        return FixedNumber(units: n.units, scale: n.scale + 2)
    }

    /// `[-]digits[.digits]` (`NumberText.scan`) with 1 to 18 digits in all; nil for anything else
    /// and for negative zero (which `Decimal` reads differently).
    @inline(__always)
    static func parse<C: Collection<UInt8>>(_ bytes: C, allowSign: Bool) -> FixedNumber? {
        guard let scan = NumberText.scan(bytes), allowSign || !scan.negative else { return nil }
        return fixed(scan)
    }

    @inline(__always)
    private static func fixed(_ scan: NumberText.Scan) -> FixedNumber? {
        guard scan.isExact else { return nil }
        var units = Int64(scan.mantissa)  // at most 18 digits: fits
        if scan.negative {
            guard units != 0 else { return nil }
            units = -units
        }
        return FixedNumber(units: units, scale: scan.fraction)
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
