/// Fast readers for the text of case fields. Each handles the common form straight from the
/// string's bytes and hands anything else to the general reader, so the results are the same
/// (`CaseTextTests` compares them on generated input).
enum CaseText {
    /// `Day(iso:)`: exactly `YYYY-MM-DD`.
    static func day(_ text: String) -> Day? {
        let parsed: Day?? = text.utf8.withContiguousStorageIfAvailable { u -> Day? in
            guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
            var fields = (0, 0, 0)
            for i in 0..<10 where i != 4 && i != 7 {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                let digit = Int(c &- 48)
                switch i {
                case 0..<4: fields.0 = fields.0 &* 10 &+ digit
                case 5..<7: fields.1 = fields.1 &* 10 &+ digit
                default: fields.2 = fields.2 &* 10 &+ digit
                }
            }
            return Day(year: fields.0, month: fields.1, day: fields.2)
        }
        return parsed ?? Day(iso: text)
    }

    /// `Money(text:)`. Plain amounts (`900`, `900.5`, `900.00`, up to 15 whole digits) are read
    /// here; signs, `$`, grouping commas and anything odd go to `Money(text:)`.
    static func money(_ text: String) -> Money? {
        let parsed: Money?? = text.utf8.withContiguousStorageIfAvailable { u -> Money?? in
            var whole: Int64 = 0, frac: Int64 = 0
            var wholeDigits = 0, fracDigits = 0
            var seenDot = false
            for c in u {
                if c == UInt8(ascii: ".") && !seenDot {
                    seenDot = true
                } else if c >= 48 && c <= 57 {
                    if seenDot {
                        fracDigits += 1
                        frac = frac &* 10 &+ Int64(c &- 48)
                    } else {
                        wholeDigits += 1
                        whole = whole &* 10 &+ Int64(c &- 48)
                    }
                } else {
                    return .none
                }
            }
            guard wholeDigits <= 15, fracDigits <= 2, wholeDigits + fracDigits > 0 else { return .none }
            if fracDigits == 1 { frac = frac &* 10 }
            return .some(Money(cents: whole &* 100 &+ frac))
        } ?? .none
        return parsed ?? Money(text: text)
    }

    /// `PriorAuthorizationStatus(rawValue:)`, by length first rather than a string switch.
    static func priorAuthorization(_ text: String) -> PriorAuthorizationStatus? {
        let status: PriorAuthorizationStatus
        switch text.utf8.count {
        case 8 where text == "approved": status = .approved
        case 7 where text == "pending": status = .pending
        case 6 where text == "denied": status = .denied
        case 4 where text == "none": status = .none
        default: return nil
        }
        return status
    }

    /// `uppercased()`, without a new string when there is nothing to change.
    static func uppercased(_ text: String) -> String {
        for b in text.utf8 where b >= 0x80 || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) {
            return text.uppercased()
        }
        return text
    }
}
