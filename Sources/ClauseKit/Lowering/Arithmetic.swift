import Foundation

/// Comparison and arithmetic on values, with the coercions a case needs
/// (money written as a string or number) and errors instead of traps.
enum Arithmetic {
    /// Numbers beyond this magnitude are an overflow (Decimal itself reaches 10^165).
    static let largest = Decimal(sign: .plus, exponent: 38, significand: 1)

    static func negate(_ v: Value, span: SourceSpan, text: PolicyText) throws(EvaluationError) -> Value {
        switch v {
        case .number(let d): return .number(-d)
        case .money(let m):
            guard m.cents != Int64.min else { throw text.fail("money out of range", span) }
            return .money(Money(cents: -m.cents))
        case .duration(let d):
            let (negated, overflow) = 0.subtractingReportingOverflow(d.amount)
            guard !overflow else { throw text.fail("duration out of range", span) }
            return .duration(Duration(negated, d.unit))
        default: throw text.fail("cannot negate \(v.typeName) (\(v.display))", span)
        }
    }

    /// `product` of `unit` as a duration: a whole number of the unit, or of months for years
    /// (`1.5 * 1 year` is 18 months). Anything else (`0.5 * 7 days` is 3.5 days) is an error
    /// naming the expression: durations are never rounded (docs/semantics.md, Values).
    static func wholeDuration(_ product: Decimal, _ unit: Duration.Unit, span: SourceSpan,
                              text: PolicyText) throws(EvaluationError) -> Duration {
        func whole(_ d: Decimal) -> Int? {
            var value = d
            var rounded = Decimal()
            NSDecimalRound(&rounded, &value, 0, .plain)
            return rounded == d ? NSDecimalNumber(decimal: rounded).intValue : nil
        }
        if let n = whole(product) { return Duration(n, unit) }
        if unit == .years, let months = whole(product * 12) { return Duration(months, .months) }
        let unitName = unit.rawValue
        throw text.fail("`\(text.text(span))` is \(Value.format(product)) \(unitName), not a whole number of \(unitName): "
            + "a duration must be whole (durations are not rounded)", span)
    }

    /// A money value from a case value that may be money, a number of dollars or a money string.
    static func asMoney(_ v: Value) -> Money? {
        switch v {
        case .money(let m): return m
        case .number(let d):
            return moneyFromDecimal(d * 100)
        case .string(let s): return Money(text: s)
        default: return nil
        }
    }

    /// Rounds a number of cents half to even; nil when it does not fit.
    static func moneyFromDecimal(_ cents: Decimal) -> Money? {
        var value = cents
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .bankers)
        guard !rounded.isNaN, rounded.magnitude < Decimal(Int64.max) else { return nil }
        return Money(cents: NSDecimalNumber(decimal: rounded).int64Value)
    }

    static func apply(_ op: BinaryOperator, _ lv: Value, _ rv: Value, _ l: ResolvedExpr, _ r: ResolvedExpr,
                      span: SourceSpan, text: PolicyText) throws(EvaluationError) -> Value {
        func mismatch() -> EvaluationError {
            let lt = text.text(l.span), rt = text.text(r.span)
            switch op {
            case .in:
                return text.fail("`\(rt)` is \(rv.typeName) (\(rv.display)), expected a list", r.span)
            default:
                // Blame the side read from the case when there is one.
                if case .constant = l.kind {
                    return text.fail("`\(rt)` is \(rv.typeName) (\(rv.display)), which cannot be used with `\(op.rawValue)` and \(lv.typeName) `\(lt)`", r.span)
                }
                return text.fail("`\(lt)` is \(lv.typeName) (\(lv.display)), which cannot be used with `\(op.rawValue)` and \(rv.typeName) `\(rt)`", l.span)
            }
        }
        switch op {
        case .equal, .notEqual:
            guard let eq = equal(lv, rv) else { throw mismatch() }
            return .bool(op == .equal ? eq : !eq)
        case .less, .lessEqual, .greater, .greaterEqual:
            guard let c = compare(lv, rv) else { throw mismatch() }
            switch op {
            case .less: return .bool(c < 0)
            case .lessEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .in:
            guard case .list(let items) = rv else { throw mismatch() }
            for item in items {
                if equal(lv, item) == true { return .bool(true) }
            }
            return .bool(false)
        case .add, .subtract, .multiply, .divide:
            return try arithmetic(op, lv, rv, span: span, text: text, mismatch: mismatch)
        case .and, .or:
            throw mismatch()
        }
    }

    static func equal(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        default:
            if let c = compare(a, b) { return c == 0 }
            return nil
        }
    }

    /// -1, 0, 1, or nil when the two cannot be ordered.
    static func compare(_ a: Value, _ b: Value) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.number(let x), .number(let y)): return sign(x, y)
        case (.date(let x), .date(let y)): return sign(x, y)
        case (.money, _), (_, .money):
            guard let x = asMoney(a), let y = asMoney(b) else { return nil }
            if case .string = a, case .string = b { return nil }
            return sign(x, y)
        case (.duration(let x), .duration(let y)):
            if let dx = x.fixedDays, let dy = y.fixedDays { return sign(dx, dy) }
            if let mx = x.calendarMonths, let my = y.calendarMonths { return sign(mx, my) }
            return nil
        default: return nil
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, span: SourceSpan, text: PolicyText,
                           mismatch: () -> EvaluationError) throws(EvaluationError) -> Value {
        func checked(_ d: Decimal) throws(EvaluationError) -> Decimal {
            if d.isNaN || d.magnitude > Arithmetic.largest {
                throw text.fail("arithmetic overflow in `\(text.text(span))`", span)
            }
            return d
        }
        func money(_ cents: Decimal) throws(EvaluationError) -> Value {
            guard let m = moneyFromDecimal(cents) else {
                throw text.fail("money out of range in `\(text.text(span))`", span)
            }
            return .money(m)
        }
        func divisor(_ d: Decimal) throws(EvaluationError) -> Decimal {
            if d.isZero { throw text.fail("division by zero in `\(text.text(span))`", span) }
            return d
        }
        switch (op, a, b) {
        case (.add, .number(let x), .number(let y)): return .number(try checked(x + y))
        case (.subtract, .number(let x), .number(let y)): return .number(try checked(x - y))
        case (.multiply, .number(let x), .number(let y)): return .number(try checked(x * y))
        case (.divide, .number(let x), .number(let y)): return .number(try checked(x / (try divisor(y))))
        case (.add, .money(let x), .money(let y)), (.subtract, .money(let x), .money(let y)):
            let r = op == .add ? x.adding(y) : x.subtracting(y)
            guard let r else { throw text.fail("money out of range in `\(text.text(span))`", span) }
            return .money(r)
        case (.multiply, .money(let m), .number(let n)), (.multiply, .number(let n), .money(let m)):
            return try money(try checked(Decimal(m.cents) * n))
        case (.divide, .money(let m), .number(let n)):
            return try money(try checked(Decimal(m.cents) / (try divisor(n))))
        case (.divide, .money(let x), .money(let y)):
            return .number(try checked(Decimal(x.cents) / (try divisor(Decimal(y.cents)))))
        case (.subtract, .date(let x), .date(let y)):
            return .duration(Duration(x.ordinal - y.ordinal, .days))
        case (.add, .date(let d), .duration(let u)), (.add, .duration(let u), .date(let d)):
            guard let r = u.after(d) else { throw text.fail("date out of range in `\(text.text(span))`", span) }
            return .date(r)
        case (.subtract, .date(let d), .duration(let u)):
            guard let r = u.before(d) else { throw text.fail("date out of range in `\(text.text(span))`", span) }
            return .date(r)
        case (.add, .duration(let x), .duration(let y)), (.subtract, .duration(let x), .duration(let y)):
            func combine(_ x: Int, _ y: Int) -> (partialValue: Int, overflow: Bool) {
                op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            }
            if x.unit == y.unit {
                let (r, o) = combine(x.amount, y.amount)
                if o { throw text.fail("arithmetic overflow in `\(text.text(span))`", span) }
                return .duration(Duration(r, x.unit))
            }
            if let dx = x.fixedDays, let dy = y.fixedDays {
                let (r, o) = combine(dx, dy)
                if o { throw text.fail("arithmetic overflow in `\(text.text(span))`", span) }
                return .duration(Duration(r, .days))
            }
            if let mx = x.calendarMonths, let my = y.calendarMonths {
                let (r, o) = combine(mx, my)
                if o { throw text.fail("arithmetic overflow in `\(text.text(span))`", span) }
                return .duration(Duration(r, .months))
            }
            throw text.fail("cannot add days to months in `\(text.text(span))`", span)
        case (.multiply, .duration(let u), .number(let n)), (.multiply, .number(let n), .duration(let u)):
            let product = Decimal(u.amount) * n
            guard product.magnitude <= Decimal(1_000_000_000) else {
                throw text.fail("duration out of range in `\(text.text(span))`", span)
            }
            return .duration(try wholeDuration(product, u.unit, span: span, text: text))
        default:
            // Money written in the case as a string or a number, combined with money.
            if case .money = a, let y = asMoney(b), op == .add || op == .subtract {
                return try arithmetic(op, a, .money(y), span: span, text: text, mismatch: mismatch)
            }
            if case .money = b, let x = asMoney(a), op == .add || op == .subtract {
                return try arithmetic(op, .money(x), b, span: span, text: text, mismatch: mismatch)
            }
            throw mismatch()
        }
    }
}
