import Foundation

/// Numbers, percentages, dates, money and UTF-8 validation.
extension Lexer {
    /// Decimal keeps 38 significant digits exactly.
    static let maximumDecimalDigits = 38

    // number  := DIGITS ("." DIGITS)?
    // percent := number "%"
    // date    := DIGIT{4} "-" DIGIT{2} "-" DIGIT{2}
    /// Skips `.DIGITS` when a digit follows the dot; returns how many fraction digits there were.
    mutating func skipFraction() -> Int {
        guard byte(at: position) == UInt8(ascii: "."), let next = byte(at: position + 1), isDigit(next) else { return 0 }
        position += 1
        let fractionStart = position
        skipDigits()
        return position - fractionStart
    }

    mutating func lexNumber() -> Token {
        let start = position
        skipDigits()
        if position - start == 4, isDateShape(from: start) {
            position = start + 10
            return lexDate(from: start)
        }
        let integerEnd = position
        let fractionDigits = skipFraction()
        let isPercent = byte(at: position) == UInt8(ascii: "%")
        if isPercent { position += 1 }
        // The text, for messages only.
        var text: String { String(decoding: bytes[start..<position], as: UTF8.self) }

        if fractionDigits == 0 {
            guard let value = integerValue(bytes[start..<integerEnd]) else {
                return invalid("integer literal `\(text)` does not fit in 64 bits", from: start, code: .numberTooLarge)
            }
            let decimal = Decimal(value)
            if isPercent {
                return Token(.percent(Decimal(sign: .plus, exponent: -2, significand: decimal)), SourceSpan(start: start, end: position))
            }
            return Token(.number(decimal, isInteger: true), SourceSpan(start: start, end: position))
        }
        let digits = Array(bytes[start..<integerEnd]) + bytes[(integerEnd + 1)..<(integerEnd + 1 + fractionDigits)]
        guard let significand = decimalValue(digits) else {
            return invalid("number `\(text)` has more than \(Lexer.maximumDecimalDigits) digits", from: start,
                           code: .invalidNumber)
        }
        let exponent = -fractionDigits - (isPercent ? 2 : 0)
        let value = Decimal(sign: .plus, exponent: exponent, significand: significand)
        let kind: TokenKind = isPercent ? .percent(value) : .number(value, isInteger: false)
        return Token(kind, SourceSpan(start: start, end: position))
    }

    private mutating func skipDigits() {
        while let b = byte(at: position), isDigit(b) { position += 1 }
    }

    /// `YYYY-MM-DD` starting at `start`, not followed by another digit.
    private func isDateShape(from start: Int) -> Bool {
        for i in start..<(start + 10) {
            guard let b = byte(at: i) else { return false }
            if i == start + 4 || i == start + 7 {
                guard b == UInt8(ascii: "-") else { return false }
            } else if !isDigit(b) {
                return false
            }
        }
        if let after = byte(at: start + 10), isDigit(after) { return false }
        return true
    }

    private mutating func lexDate(from start: Int) -> Token {
        let span = SourceSpan(start: start, end: position)
        func number(_ range: Range<Int>) -> Int {
            bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let year = number(start..<(start + 4))
        let month = number((start + 5)..<(start + 7))
        let day = number((start + 8)..<(start + 10))
        if let date = Day(year: year, month: month, day: day) {
            return Token(.date(date), span)
        }
        let reason: String
        if !(1...12).contains(month) {
            reason = "there is no month \(month)"
        } else if day == 0 {
            reason = "days of the month start at 1"
        } else {
            reason = "\(Lexer.monthNames[month - 1]) \(year) has \(Day.daysIn(month: month, year: year)) days"
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return invalid("invalid date `\(text)`: \(reason)", from: start, code: .invalidDate)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    // money := "$" DIGITS ("," DIGIT{3})* ("." DIGIT{1,2})?
    mutating func lexMoney() -> Token {
        let start = position
        position += 1
        guard let first = byte(at: position), isDigit(first) else {
            return invalid("expected an amount after `$`", from: start, code: .invalidMoney,
                           help: "write amounts like `$40` or `$1,500.00`")
        }
        var groups: [Int] = []
        var groupStart = position
        skipDigits()
        groups.append(position - groupStart)
        while byte(at: position) == UInt8(ascii: ","), let next = byte(at: position + 1), isDigit(next) {
            position += 1
            groupStart = position
            skipDigits()
            groups.append(position - groupStart)
        }
        let fractionDigits = skipFraction()
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if groups.count > 1, groups[0] > 3 || groups.dropFirst().contains(where: { $0 != 3 }) {
            return invalid("invalid amount `\(text)`: commas must separate groups of three digits", from: start,
                           code: .invalidMoney)
        }
        if fractionDigits > 2 {
            return invalid("invalid amount `\(text)`: money has at most two decimal places", from: start,
                           code: .invalidMoney)
        }
        guard let money = Money(text: text) else {
            return invalid("amount `\(text)` is too large", from: start, code: .invalidMoney)
        }
        return Token(.money(money.cents), SourceSpan(start: start, end: position))
    }

    /// Decimal digits as an `Int64`, or nil on overflow.
    private func integerValue(_ digits: some Collection<UInt8>) -> Int64? {
        var value: Int64 = 0
        for d in digits {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = a
        }
        return value
    }

    /// Decimal digits as an exact `Decimal`, or nil past 38 significant digits.
    private func decimalValue(_ digits: some Collection<UInt8>) -> Decimal? {
        let significant = digits.drop(while: { $0 == UInt8(ascii: "0") })
        guard significant.count <= Lexer.maximumDecimalDigits else { return nil }
        var value = Decimal(0)
        for d in significant {
            value = value * 10 + Decimal(Int(d - UInt8(ascii: "0")))
        }
        return value
    }

    // MARK: - UTF-8

    /// The length of the valid UTF-8 sequence at `index`, or nil when the bytes there are not one.
    /// Rejects overlong forms, surrogates and code points past U+10FFFF.
    func utf8SequenceLength(at index: Int) -> Int? {
        guard let b0 = byte(at: index) else { return nil }
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            guard let b = byte(at: index + offset) else { return false }
            return range.contains(b)
        }
        switch b0 {
        case 0x00...0x7F:
            return 1
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : nil
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default:
            return nil
        }
    }

    /// Skips a run of bytes that are not valid UTF-8 and reports them once.
    mutating func skipInvalidUTF8() {
        let start = position
        while let b = byte(at: position), b >= 0x80, utf8SequenceLength(at: position) == nil {
            position += 1
        }
        if position == start { position += 1 }  // never stall
        let run = bytes[start..<position]
        let shown = run.prefix(4).map(Lexer.hex).joined(separator: " ") + (run.count > 4 ? " …" : "")
        let message = "invalid UTF-8 \(Plural.word(run.count, "byte")) \(shown)"
        report(.invalidUTF8, message, SourceSpan(start: start, end: position))
    }
}
