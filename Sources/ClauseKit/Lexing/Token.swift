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
}
