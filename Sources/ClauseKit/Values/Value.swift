import Foundation

/// A value an expression evaluates to. Unknown is not a value: evaluation returns `Value?`.
public enum Value: Sendable, Equatable {
    case bool(Bool)
    case number(Decimal)
    case money(Money)
    case string(String)
    case date(Day)
    case duration(Duration)
    case list([Value])
    /// An object read from the case (a trial record, say); only its fields are usable.
    case record(JSONObject)

    /// How the value reads in an explanation: `34`, `$900.00`, `"SSRI"`, `2026-03-02`, `20%`-free decimal.
    public var display: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return Value.format(d)
        case .money(let m): return m.dollars
        case .string(let s): return "\"\(s)\""
        case .date(let d): return d.description
        case .duration(let d): return d.description
        case .list(let items):
            if items.count > 6 {
                return "[" + items.prefix(5).map(\.display).joined(separator: ", ") + ", … " + Plural.count(items.count, "item") + "]"
            }
            return "[" + items.map(\.display).joined(separator: ", ") + "]"
        case .record(let o): return "{" + o.keys.prefix(4).joined(separator: ", ") + (o.count > 4 ? ", …" : "") + "}"
        }
    }

    /// The value's type in words, as the checker words static types (`StaticType.phrase`).
    public var typeName: String {
        switch self {
        case .bool: return StaticType.bool.phrase
        case .number: return StaticType.number.phrase
        case .money: return StaticType.money.phrase
        case .string: return StaticType.string.phrase
        case .date: return StaticType.date.phrase
        case .duration: return StaticType.duration.phrase
        case .list: return StaticType.list.phrase
        case .record: return "an object"
        }
    }

    static func format(_ d: Decimal) -> String {
        var copy = d
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 6, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }

    /// Converts a JSON value read from a case at a non-reserved path.
    /// Strings that spell a percentage (`"20%"`, as `NumberText` reads it) are numbers; strings
    /// that spell an ISO date are dates; any other string, a malformed percentage included, is a string.
    public static func fromJSON(_ json: JSONValue) -> Value? {
        switch json {
        case .null: return nil
        case .bool(let b): return .bool(b)
        case .number(let d, _): return .number(d)
        case .string(let s):
            if let pct = percentage(s) { return .number(pct) }
            if s.utf8.count == 10, let day = Day(iso: s) { return .date(day) }
            return .string(s)
        case .array(let items): return .list(items.compactMap { fromJSON($0) })
        case .object(let o): return .record(o)
        }
    }

    /// How a value read from the case shows in an explanation: as the case wrote it
    /// (`10%`, `900.00`), so a reader recognises their own data.
    public static func display(of json: JSONValue) -> String {
        switch json {
        case .number(_, let text): return text
        case .string(let s):
            if NumberText.isPercentage(s) { return s }
            return fromJSON(json)?.display ?? s
        default: return fromJSON(json)?.display ?? "null"
        }
    }

    /// `"20%"` → 0.2; nil for anything that is not a well-formed percentage (`NumberText`):
    /// `"1-0%"` and `"1.2.3%"` are strings, not numbers.
    public static func percentage(_ s: String) -> Decimal? {
        NumberText.percentage(s)
    }
}

/// Kleene's three truth values.
public enum Truth: String, Sendable, Hashable, Codable {
    case `true`, `false`, unknown

    public init(_ b: Bool?) {
        switch b {
        case .some(true): self = .true
        case .some(false): self = .false
        case .none: self = .unknown
        }
    }

    public var bool: Bool? {
        switch self {
        case .true: return true
        case .false: return false
        case .unknown: return nil
        }
    }

    public var symbol: String {
        switch self {
        case .true: return "✓"
        case .false: return "✗"
        case .unknown: return "?"
        }
    }
}

/// The static type of an expression, as far as the checker can tell.
public enum StaticType: String, Sendable, Hashable {
    case bool, number, money, string, date, duration, list
    /// Read from the case at a non-reserved path: checked when the case is evaluated.
    case any

    var phrase: String {
        switch self {
        case .bool: return "a boolean"
        case .number: return "a number"
        case .money: return "money"
        case .string: return "a string"
        case .date: return "a date"
        case .duration: return "a duration"
        case .list: return "a list"
        case .any: return "a case value"
        }
    }
}
