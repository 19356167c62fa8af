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
    /// Every keyword's spelling, grouped by length and first letter, in flat arrays of plain
    /// values (no reference counting while a word is looked up).
    private struct Table: Sendable {
        /// The spellings, one after another.
        var spelled: [UInt8] = []
        /// Per keyword of a bucket: where its spelling starts in `spelled`, and the keyword.
        var offsets: [Int] = []
        var keywords: [Keyword] = []
        /// Bucket `b` is `offsets[starts[b]..<starts[b + 1]]`; `b = length * 26 + first - "a"`.
        var starts: [Int] = []

        init() {
            var buckets = Array(repeating: [Keyword](), count: (Keyword.maximumLength + 1) * 26)
            for keyword in Keyword.allCases {
                let bytes = Array(keyword.rawValue.utf8)
                buckets[bytes.count * 26 + Int(bytes[0] &- UInt8(ascii: "a"))].append(keyword)
            }
            for bucket in buckets {
                starts.append(offsets.count)
                for keyword in bucket {
                    offsets.append(spelled.count)
                    keywords.append(keyword)
                    spelled += Array(keyword.rawValue.utf8)
                }
            }
            starts.append(offsets.count)
        }
    }

    /// Longest keyword, in bytes (`prior_authorization`).
    private static let maximumLength = 19
    private static let table = Table()
    // Each array on its own: reading one does not copy (and retain) the others.
    private static let spelled = table.spelled
    private static let offsets = table.offsets
    private static let keywords = table.keywords
    private static let starts = table.starts

    /// The keyword spelled by `bytes[start..<end]`, without making a `String`: the same answer as
    /// `Keyword(rawValue:)` on that text.
    static func lookup(_ bytes: [UInt8], from start: Int, to end: Int) -> Keyword? {
        let length = end - start
        guard length >= 2, length <= maximumLength, start >= 0, end <= bytes.count else { return nil }
        let first = bytes[start]
        guard first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return nil }
        let bucket = length * 26 + Int(first - UInt8(ascii: "a"))
        var k = Keyword.starts[bucket]
        let last = Keyword.starts[bucket + 1]
        while k < last {
            let offset = Keyword.offsets[k]
            var i = 1
            while i < length, Keyword.spelled[offset + i] == bytes[start + i] { i += 1 }
            if i == length { return Keyword.keywords[k] }
            k += 1
        }
        return nil
    }
}
