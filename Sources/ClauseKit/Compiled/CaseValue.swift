import Foundation

/// `Value.fromJSON` for the compiled evaluator, with a fast path for the common percentage
/// strings of a case (`"10%"`, `"-2.5%"`): the digits become a `Decimal` directly instead of
/// through `Decimal(string:)` and a division. Anything else goes to `Value.fromJSON`, so the
/// values are the same (`CaseValueTests` compares them).
enum CaseValue {
    static func from(_ json: JSONValue) -> Value? {
        if case .string(let s) = json, let pct = percentage(s) { return .number(pct) }
        return Value.fromJSON(json)
    }

    /// `[-]digits[.digits]%` with at most 18 digits; nil for anything else (including the
    /// percentages `Value.percentage` reads in other spellings, which then take the slow path).
    static func percentage(_ s: String) -> Decimal? {
        var utf8 = s.utf8[...]
        guard utf8.last == UInt8(ascii: "%") else { return nil }
        utf8 = utf8.dropLast()
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var seenDot = false
        for b in utf8 {
            if b == UInt8(ascii: ".") {
                guard !seenDot, digits > 0 else { return nil }
                seenDot = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), digits < 18 else { return nil }
            mantissa = mantissa * 10 + UInt64(b - UInt8(ascii: "0"))
            digits += 1
            if seenDot { fraction += 1 }
        }
        guard digits > 0, !(seenDot && fraction == 0) else { return nil }
        // A negative zero would be NaN in `Decimal`.
        return Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: -fraction - 2, significand: Decimal(mantissa))
    }
}
