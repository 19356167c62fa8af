import Foundation

/// Words with a meaning in the grammar. The lexer tags every word that spells one;
/// the parser treats most of them as keywords only where the grammar expects them,
/// so `weeks`, `sessions` or `approved` still work as field names in paths.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case policy, payer, version, effective, expires
    case codes, icd10
    case treatment, billing, hcpcs, cpt, fda, approved, investigational, off_label, since
    case `for`
    case define, cover, deny, when, unless, requires
    case prior_authorization, referral, document
    case limit, sessions, per, during, from, weeks, week, authorization, lasts
    case fields
    case network, tier, coinsurance, copay, after, deductible, covered
    case and, or, not, `in`, diagnosis, known, count, distinct, `where`, any, at, least, of
    case `true`, `false`
    case day, days, months, month, years, year
}

/// What a token is. Literal values are decoded by the lexer.
public enum TokenKind: Equatable, Sendable {
    /// An identifier; `keyword` is set when its text spells a keyword.
    case word(Keyword?)
    /// An integer or decimal literal: `18`, `2.5`.
    case number(Decimal, isInteger: Bool)
    /// `20%`, already divided by 100 (0.2).
    case percent(Decimal)
    /// `$40`, `$1,500.00`, in cents.
    case money(Int64)
    /// `2026-01-01`, validated.
    case date(Day)
    /// A string literal with its escapes decoded.
    case string(String)
    /// A medical code or code pattern, only inside `codes … { }` and after `billing hcpcs|cpt`:
    /// `F33.2`, `F33.*`, `F10.2*`, `F32.0-F32.5`, `J0013`, `96365`. The text is as written.
    case code(String)
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, dot, equal
    /// `:` in a `fields` block: `patient.age: number`.
    case colon
    case plus, minus, star, slash
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    /// Bad input; the lexer has already reported a diagnostic for it.
    case invalid
    case endOfFile
}

public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var span: SourceSpan

    public init(_ kind: TokenKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    public var keyword: Keyword? {
        if case .word(let k) = kind { return k }
        return nil
    }

    public var isWord: Bool {
        if case .word = kind { return true }
        return false
    }

    public var isInvalid: Bool {
        if case .invalid = kind { return true }
        return false
    }

    public var isEndOfFile: Bool {
        if case .endOfFile = kind { return true }
        return false
    }
}

extension Keyword {
    /// The keyword spelled by `bytes[start..<end]`, without making a `String`: the same answer as
    /// `Keyword(rawValue:)` on that text (`KeywordTests` checks every keyword and near misses).
    static func lookup(_ bytes: [UInt8], from start: Int, to end: Int) -> Keyword? {
        let length = end - start
        guard length >= 2, length <= 19, start >= 0, end <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Keyword? in
            guard let base = buffer.baseAddress else { return nil }
            return lookup(base + start, length)
        }
    }

    /// Whether the `count` bytes at `p + 1` spell `rest` (the first byte is already matched).
    @inline(__always)
    private static func rest(_ p: UnsafePointer<UInt8>, _ rest: StaticString) -> Bool {
        let q = rest.utf8Start
        for i in 0..<rest.utf8CodeUnitCount where p[i + 1] != q[i] { return false }
        return true
    }

    // Generated from the cases of `Keyword`: by length, then first letter, then the rest.
    private static func lookup(_ p: UnsafePointer<UInt8>, _ length: Int) -> Keyword? {
        switch length {
        case 2:
            switch p[0] {
            case UInt8(ascii: "a"):
                if rest(p, "t") { return .at }
            case UInt8(ascii: "i"):
                if rest(p, "n") { return .`in` }
            case UInt8(ascii: "o"):
                if rest(p, "r") { return .or }
                if rest(p, "f") { return .of }
            default: break
            }
        case 3:
            switch p[0] {
            case UInt8(ascii: "a"):
                if rest(p, "nd") { return .and }
                if rest(p, "ny") { return .any }
            case UInt8(ascii: "c"):
                if rest(p, "pt") { return .cpt }
            case UInt8(ascii: "d"):
                if rest(p, "ay") { return .day }
            case UInt8(ascii: "f"):
                if rest(p, "da") { return .fda }
                if rest(p, "or") { return .`for` }
            case UInt8(ascii: "n"):
                if rest(p, "ot") { return .not }
            case UInt8(ascii: "p"):
                if rest(p, "er") { return .per }
            default: break
            }
        case 4:
            switch p[0] {
            case UInt8(ascii: "d"):
                if rest(p, "eny") { return .deny }
                if rest(p, "ays") { return .days }
            case UInt8(ascii: "f"):
                if rest(p, "rom") { return .from }
            case UInt8(ascii: "t"):
                if rest(p, "ier") { return .tier }
                if rest(p, "rue") { return .`true` }
            case UInt8(ascii: "w"):
                if rest(p, "hen") { return .when }
                if rest(p, "eek") { return .week }
            case UInt8(ascii: "y"):
                if rest(p, "ear") { return .year }
            default: break
            }
        case 5:
            switch p[0] {
            case UInt8(ascii: "a"):
                if rest(p, "fter") { return .after }
            case UInt8(ascii: "c"):
                if rest(p, "odes") { return .codes }
                if rest(p, "over") { return .cover }
                if rest(p, "opay") { return .copay }
                if rest(p, "ount") { return .count }
            case UInt8(ascii: "f"):
                if rest(p, "alse") { return .`false` }
            case UInt8(ascii: "h"):
                if rest(p, "cpcs") { return .hcpcs }
            case UInt8(ascii: "i"):
                if rest(p, "cd10") { return .icd10 }
            case UInt8(ascii: "k"):
                if rest(p, "nown") { return .known }
            case UInt8(ascii: "l"):
                if rest(p, "imit") { return .limit }
                if rest(p, "asts") { return .lasts }
                if rest(p, "east") { return .least }
            case UInt8(ascii: "m"):
                if rest(p, "onth") { return .month }
            case UInt8(ascii: "p"):
                if rest(p, "ayer") { return .payer }
            case UInt8(ascii: "s"):
                if rest(p, "ince") { return .since }
            case UInt8(ascii: "w"):
                if rest(p, "eeks") { return .weeks }
                if rest(p, "here") { return .`where` }
            case UInt8(ascii: "y"):
                if rest(p, "ears") { return .years }
            default: break
            }
        case 6:
            switch p[0] {
            case UInt8(ascii: "d"):
                if rest(p, "efine") { return .define }
                if rest(p, "uring") { return .during }
            case UInt8(ascii: "f"):
                if rest(p, "ields") { return .fields }
            case UInt8(ascii: "m"):
                if rest(p, "onths") { return .months }
            case UInt8(ascii: "p"):
                if rest(p, "olicy") { return .policy }
            case UInt8(ascii: "u"):
                if rest(p, "nless") { return .unless }
            default: break
            }
        case 7:
            switch p[0] {
            case UInt8(ascii: "b"):
                if rest(p, "illing") { return .billing }
            case UInt8(ascii: "c"):
                if rest(p, "overed") { return .covered }
            case UInt8(ascii: "e"):
                if rest(p, "xpires") { return .expires }
            case UInt8(ascii: "n"):
                if rest(p, "etwork") { return .network }
            case UInt8(ascii: "v"):
                if rest(p, "ersion") { return .version }
            default: break
            }
        case 8:
            switch p[0] {
            case UInt8(ascii: "a"):
                if rest(p, "pproved") { return .approved }
            case UInt8(ascii: "d"):
                if rest(p, "ocument") { return .document }
                if rest(p, "istinct") { return .distinct }
            case UInt8(ascii: "r"):
                if rest(p, "equires") { return .requires }
                if rest(p, "eferral") { return .referral }
            case UInt8(ascii: "s"):
                if rest(p, "essions") { return .sessions }
            default: break
            }
        case 9:
            switch p[0] {
            case UInt8(ascii: "d"):
                if rest(p, "iagnosis") { return .diagnosis }
            case UInt8(ascii: "e"):
                if rest(p, "ffective") { return .effective }
            case UInt8(ascii: "o"):
                if rest(p, "ff_label") { return .off_label }
            case UInt8(ascii: "t"):
                if rest(p, "reatment") { return .treatment }
            default: break
            }
        case 10:
            switch p[0] {
            case UInt8(ascii: "d"):
                if rest(p, "eductible") { return .deductible }
            default: break
            }
        case 11:
            switch p[0] {
            case UInt8(ascii: "c"):
                if rest(p, "oinsurance") { return .coinsurance }
            default: break
            }
        case 13:
            switch p[0] {
            case UInt8(ascii: "a"):
                if rest(p, "uthorization") { return .authorization }
            default: break
            }
        case 15:
            switch p[0] {
            case UInt8(ascii: "i"):
                if rest(p, "nvestigational") { return .investigational }
            default: break
            }
        case 19:
            switch p[0] {
            case UInt8(ascii: "p"):
                if rest(p, "rior_authorization") { return .prior_authorization }
            default: break
            }
        default: break
        }
        return nil
    }
}
