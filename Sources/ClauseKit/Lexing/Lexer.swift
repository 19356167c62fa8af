/// Turns the UTF-8 bytes of a source file into tokens.
///
/// The lexer works on `[UInt8]`, never traps and always terminates: every byte ends up in a
/// token or is skipped with a diagnostic, and bad input becomes an `.invalid` token.
///
/// Medical codes (`F33.2`, `F10.2*`, `F32.0-F32.5`, `J0013`) are lexed as `.code` only in two
/// contexts that the lexer tracks itself:
/// - inside a code set: after the word `icd10` followed by `{`, until the matching `}`;
/// - on a billing line: after `billing hcpcs` or `billing cpt`, one code, and one more after each `,`.
///
/// In these contexts a token is a code only when it looks like one: a digit, or a letter followed
/// by a digit (`F33`, `J0013`, `96365`). Other words stay words, so a forgotten `}` or code does not
/// turn the following declarations into codes; a `{` inside a code set also ends it, since code sets
/// never nest.
public struct Lexer: Sendable {
    public var diagnostics: [Diagnostic] = []
    /// The spans of `#` comments (from `#` to the end of the line, newline excluded), in source
    /// order; filled only when `collectsComments` is set, for the formatter.
    public var comments: [SourceSpan] = []
    /// Whether to record comment spans in `comments`; off by default so normal lexing pays nothing.
    public var collectsComments = false

    let bytes: [UInt8]
    var position = 0
    /// Inside an `icd10 { … }` code set.
    var inCodeSet = false
    var billing = BillingState.off
    /// Whether the token returned last is the word `icd10` (before `{`) or `billing` (before `hcpcs`).
    var previousIsICD10 = false
    var previousIsBilling = false
    /// Longer strings and names met lately, shared when met again (the parser makes names
    /// through it too).
    var texts = TextCache()

    enum BillingState: Sendable {
        case off, expectCode, afterCode
    }

    public init(source: SourceFile) {
        bytes = source.bytes
        // A byte-order mark at the start of the file is not part of the program.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        }
    }

    /// Lexes the whole file; the last token is `.endOfFile`.
    public static func tokenize(_ source: SourceFile, coalescingInvalid: Bool = false) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        let lexed = tokenize(source, collectingComments: false, coalescingInvalid: coalescingInvalid)
        return (lexed.tokens, lexed.diagnostics)
    }

    /// Lexes the whole file and, when asked, also returns the spans of its comments.
    /// With `coalescingInvalid`, a run of bad tokens becomes one.
    public static func tokenize(_ source: SourceFile, collectingComments: Bool, coalescingInvalid: Bool = false)
        -> (tokens: [Token], diagnostics: [Diagnostic], comments: [SourceSpan]) {
        var lexer = Lexer(source: source)
        lexer.collectsComments = collectingComments
        var tokens: [Token] = []
        // About one token per 4 bytes of policy text: one allocation instead of a dozen growths.
        tokens.reserveCapacity(source.bytes.count / 4 + 16)
        while true {
            let token = lexer.next()
            // A run of bad tokens becomes one when asked: the parser needs no more, and memory
            // for a file of bad bytes stays small.
            if coalescingInvalid, token.kind == .invalid, tokens.last?.kind == .invalid { continue }
            tokens.append(token)
            if token.kind == .endOfFile { break }
        }
        return (tokens, lexer.diagnostics, lexer.comments)
    }

    /// The next token; `.endOfFile` forever once the input is used up.
    @inline(__always)
    public mutating func next() -> Token {
        skipTrivia()
        guard position < bytes.count else {
            return Token(.endOfFile, SourceSpan(start: bytes.count, end: bytes.count))
        }
        if billing == .expectCode || inCodeSet, isCodeStart(at: position) {
            // A code on a billing line (one more may follow a comma), or in a code set.
            billing = billing == .expectCode ? .afterCode : .off
            previousIsICD10 = false
            previousIsBilling = false
            return lexCode()
        }
        let token = lexOrdinary()
        // The code contexts, from this token and the one before (one look at the kind).
        var nextBilling = BillingState.off
        var isICD10 = false, isBilling = false
        switch token.kind {
        case .word(let keyword?):
            switch keyword {
            case .icd10: isICD10 = true
            case .billing: isBilling = true
            case .hcpcs, .cpt: if previousIsBilling { nextBilling = .expectCode }
            default: break
            }
        case .comma:
            if billing == .afterCode { nextBilling = .expectCode }
        case .leftBrace:
            // `icd10 {` opens a code set; any other `{` closes one (code sets never nest).
            inCodeSet = previousIsICD10 && !inCodeSet
        case .rightBrace:
            inCodeSet = false
        default:
            break
        }
        billing = nextBilling
        previousIsICD10 = isICD10
        previousIsBilling = isBilling
        return token
    }

    // MARK: - Code mode

    /// A code starts with a digit, or with a letter followed by a digit.
    func isCodeStart(at index: Int) -> Bool {
        guard let first = byte(at: index) else { return false }
        if isDigit(first) { return true }
        guard isAlphanumeric(first), let second = byte(at: index + 1) else { return false }
        return isDigit(second)
    }

    // code := part ("-" part)?    part := (DIGIT | LETTER DIGIT) [A-Za-z0-9.]* "*"?
    private mutating func lexCode() -> Token {
        let start = position
        scanCodePart()
        if byte(at: position) == UInt8(ascii: "-"), isCodeStart(at: position + 1) {
            position += 1
            scanCodePart()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return Token(.code(text), SourceSpan(start: start, end: position))
    }

    private mutating func scanCodePart() {
        position += 1
        while let b = byte(at: position), isAlphanumeric(b) || b == UInt8(ascii: ".") {
            position += 1
        }
        if byte(at: position) == UInt8(ascii: "*") { position += 1 }
    }

    // MARK: - Ordinary tokens

    @inline(__always)
    private mutating func lexOrdinary() -> Token {
        let start = position
        let c = bytes[position]
        if isWordStart(c) { return lexWord() }
        if isDigit(c) { return lexNumber() }
        switch c {
        case UInt8(ascii: "$"): return lexMoney()
        case UInt8(ascii: "\""): return lexString()
        default: break
        }
        position += 1
        func single(_ kind: TokenKind) -> Token { Token(kind, SourceSpan(start: start, end: position)) }
        func pair(_ second: UInt8, _ long: TokenKind, _ short: TokenKind) -> Token {
            if byte(at: position) == second {
                position += 1
                return single(long)
            }
            return single(short)
        }
        switch c {
        case UInt8(ascii: "{"): return single(.leftBrace)
        case UInt8(ascii: "}"): return single(.rightBrace)
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: "["): return single(.leftBracket)
        case UInt8(ascii: "]"): return single(.rightBracket)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "."): return single(.dot)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "+"): return single(.plus)
        case UInt8(ascii: "-"): return single(.minus)
        case UInt8(ascii: "*"): return single(.star)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "="): return pair(UInt8(ascii: "="), .equalEqual, .equal)
        case UInt8(ascii: "<"): return pair(UInt8(ascii: "="), .lessEqual, .less)
        case UInt8(ascii: ">"): return pair(UInt8(ascii: "="), .greaterEqual, .greater)
        case UInt8(ascii: "!"):
            if byte(at: position) == UInt8(ascii: "=") {
                position += 1
                return single(.bangEqual)
            }
            return invalid("unexpected character `!`", from: start,
                           help: "write `!=` to compare, or `not` to negate")
        default:
            position = start
            return lexUnexpected()
        }
    }

    // word := [A-Za-z_] [A-Za-z0-9_]*
    @inline(__always)
    private mutating func lexWord() -> Token {
        let start = position
        position = bytes.withUnsafeBufferPointer { buffer in
            var p = start + 1
            while p < buffer.count, isWordStart(buffer[p]) || isDigit(buffer[p]) { p += 1 }
            return p
        }
        return Token(.word(Keyword.lookup(bytes, from: start, to: position)), SourceSpan(start: start, end: position))
    }

    /// A byte that starts no token: a NUL, a control or stray ASCII character,
    /// a non-ASCII character outside strings and comments, or invalid UTF-8.
    private mutating func lexUnexpected() -> Token {
        let start = position
        let c = bytes[position]
        if c == 0 {
            position += 1
            return invalid("unexpected NUL byte", from: start)
        }
        if c < 0x80 {
            position += 1
            if c < 0x20 || c == 0x7F {
                return invalid("unexpected control character \(Lexer.hex(c))", from: start)
            }
            let shown = c == UInt8(ascii: "`") ? "'`'" : "`\(Character(Unicode.Scalar(c)))`"
            return invalid("unexpected character \(shown)", from: start)
        }
        if let length = utf8SequenceLength(at: position) {
            position += length
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            return invalid("unexpected character `\(text)`", from: start,
                           help: "non-ASCII characters are allowed only in strings and comments")
        }
        skipInvalidUTF8()
        return Token(.invalid, SourceSpan(start: start, end: position))
    }

    // MARK: - Strings

    // string := '"' (char | "\" ("\"" | "\\" | "n" | "t"))* '"'   (on one line)
    private mutating func lexString() -> Token {
        let start = position
        // The usual string, printable ASCII without escapes, is made in one step.
        var end = start + 1
        while end < bytes.count {
            let c = bytes[end]
            if c == UInt8(ascii: "\"") {
                position = end + 1
                let text = texts.text(bytes, (start + 1)..<end)
                return Token(.string(text), SourceSpan(start: start, end: position))
            }
            if c == UInt8(ascii: "\\") || c == UInt8(ascii: "\n") || c == 0 || c >= 0x80 { break }
            end += 1
        }
        position += 1
        var value: [UInt8] = []
        while true {
            guard let c = byte(at: position), c != UInt8(ascii: "\n") else {
                report(.unterminatedString, "unterminated string", SourceSpan(start: start, end: position),
                       help: "close the string with `\"` on the same line")
                return Token(.invalid, SourceSpan(start: start, end: position))
            }
            switch c {
            case UInt8(ascii: "\""):
                position += 1
                let text = String(decoding: value, as: UTF8.self)
                return Token(.string(text), SourceSpan(start: start, end: position))
            case UInt8(ascii: "\\"):
                lexEscape(into: &value)
            case 0:
                report(.invalidCharacter, "unexpected NUL byte in a string", SourceSpan(start: position, end: position + 1))
                position += 1
            case 0x80...:
                if let length = utf8SequenceLength(at: position) {
                    value.append(contentsOf: bytes[position..<(position + length)])
                    position += length
                } else {
                    skipInvalidUTF8()
                }
            default:
                value.append(c)
                position += 1
            }
        }
    }

    private mutating func lexEscape(into value: inout [UInt8]) {
        let start = position
        position += 1
        guard let c = byte(at: position), c != UInt8(ascii: "\n") else { return }  // unterminated
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): value.append(c)
        case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
        default:
            let length = utf8SequenceLength(at: position) ?? 1
            let end = min(position + length, bytes.count)
            let text = c >= 0x20 && c != 0x7F
                ? String(decoding: bytes[start..<end], as: UTF8.self) : "\\" + Lexer.hex(c)
            report(.invalidEscape, "invalid escape `\(text)` in a string", SourceSpan(start: start, end: end),
                   help: "the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`")
            position = end
            if c >= 0x20 { value.append(contentsOf: bytes[(start + 1)..<end]) }  // keep the character
            return
        }
        position += 1
    }

    // MARK: - Trivia

    private mutating func skipTrivia() {
        while true {
            // Runs of blanks (a third of a typical policy's bytes) are read straight from memory.
            let from = position
            position = bytes.withUnsafeBufferPointer { buffer in
                var p = from
                while p < buffer.count {
                    switch buffer[p] {
                    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): p += 1
                    default: return p
                    }
                }
                return p
            }
            guard byte(at: position) == UInt8(ascii: "#") else { return }
            skipComment()
        }
    }

    /// `#` to the end of the line; the comment must still be valid UTF-8 without NUL bytes.
    private mutating func skipComment() {
        let start = position
        defer { if collectsComments { comments.append(SourceSpan(start: start, end: position)) } }
        while let c = byte(at: position), c != UInt8(ascii: "\n") {
            if c == 0 {
                report(.invalidCharacter, "unexpected NUL byte in a comment", SourceSpan(start: position, end: position + 1))
                position += 1
            } else if c < 0x80 {
                position += 1
            } else if let length = utf8SequenceLength(at: position) {
                position += length
            } else {
                skipInvalidUTF8()
            }
        }
    }

    // MARK: - Helpers

    func byte(at index: Int) -> UInt8? {
        index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    func isWordStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    func isAlphanumeric(_ b: UInt8) -> Bool {
        isDigit(b) || ((b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")))
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, _ span: SourceSpan, help: String? = nil) {
        guard diagnostics.count < Diagnostic.maximumPerStage else { return }
        diagnostics.append(.error(code, message, at: span, help: help))
    }

    /// Reports an invalid character from `start` to the current position and returns an `.invalid` token.
    mutating func invalid(_ message: String, from start: Int, code: DiagnosticCode = .invalidCharacter,
                          help: String? = nil) -> Token {
        let span = SourceSpan(start: start, end: position)
        report(code, message, span, help: help)
        return Token(.invalid, span)
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0x0F)])
    }
}
