import Foundation

/// The one reader of number and percentage text in a case (docs/semantics.md, Values).
///
/// A number is `[-]digits[.digits]`: ASCII digits, at least one before and, when there is a
/// dot, at least one after it; no `+`, no exponent, no blanks, no grouping. A percentage is a
/// number followed directly by `%` (`"20%"`, `"-2.5%"`, `"007%"`) and reads as the number over
/// 100. Anything else that ends in `%` (`"1-0%"`, `"1.2.3%"`, `" 5%"`, `".5%"`) is not a
/// percentage: `Value.fromJSON` keeps it a string, so it never passes for a number.
///
/// `Value.fromJSON` (and with it the closures' case reads and the declared-field check) reads through
/// `scan`, which works on UTF-8 bytes in place and allocates nothing. The fast lane's
/// `FixedNumber.of` scans the same grammar straight into fixed form (its hottest read; tests
/// hold the two to the same answers).
enum NumberText {
    /// A well-formed number's parts.
    struct Scan: Equatable {
        var negative: Bool
        /// The digits as an integer; exact only when `digits <= maxExactDigits`.
        var mantissa: UInt64
        /// How many digits in all (leading zeros included).
        var digits: Int
        /// How many of them follow the dot.
        var fraction: Int

        /// Whether `mantissa` holds every digit.
        var isExact: Bool { digits <= NumberText.maxExactDigits }
    }

    /// The most digits `Scan.mantissa` holds exactly (and `FixedNumber` takes).
    static let maxExactDigits = 18

    /// `[-]digits[.digits]`, or nil when the bytes spell anything else.
    static func scan<C: Collection<UInt8>>(_ bytes: C) -> Scan? {
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var seenDot = false, negative = false
        var i = bytes.startIndex
        if i != bytes.endIndex, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i = bytes.index(after: i)
        }
        while i != bytes.endIndex {
            let b = bytes[i]
            i = bytes.index(after: i)
            if b == UInt8(ascii: ".") {
                // One dot, after a digit.
                guard !seenDot, digits > 0 else { return nil }
                seenDot = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            digits += 1
            if seenDot { fraction += 1 }
            if digits <= maxExactDigits { mantissa = mantissa &* 10 &+ UInt64(b &- UInt8(ascii: "0")) }
        }
        // At least one digit, and one after a dot.
        guard digits > 0, !(seenDot && fraction == 0) else { return nil }
        return Scan(negative: negative, mantissa: mantissa, digits: digits, fraction: fraction)
    }

    /// A percentage's number (`"20%"` gives the scan of `20`), or nil when the bytes are not a percentage.
    static func scanPercentage<C: BidirectionalCollection<UInt8>>(_ bytes: C) -> Scan? {
        guard bytes.last == UInt8(ascii: "%") else { return nil }
        return scan(bytes.dropLast())
    }

    /// `"20%"` → 0.2; nil for anything that is not a well-formed percentage.
    static func percentage(_ s: String) -> Decimal? {
        let read: Scan?? = s.utf8.withContiguousStorageIfAvailable(scanPercentage)
        guard let scan = read ?? scanPercentage(s.utf8) else { return nil }
        if scan.isExact {
            // Zero has no sign in `Decimal` (a negative zero would be NaN).
            if scan.mantissa == 0 { return Decimal() }
            return Decimal(sign: scan.negative ? .minus : .plus, exponent: -scan.fraction - 2,
                           significand: Decimal(scan.mantissa))
        }
        // More digits than 64 bits hold: well-formed, so `Decimal` reads the same text.
        guard let d = Decimal(string: String(s.dropLast()), locale: Locale(identifier: "en_US_POSIX")), !d.isNaN else {
            return nil
        }
        return d.isZero ? Decimal() : d / 100
    }

    /// Whether `s` is a well-formed percentage.
    static func isPercentage(_ s: String) -> Bool {
        let read: Bool? = s.utf8.withContiguousStorageIfAvailable { scanPercentage($0) != nil }
        return read ?? (scanPercentage(s.utf8) != nil)
    }
}
