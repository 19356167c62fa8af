/// What parsing a file produced: the AST (as much of it as could be read) and every diagnostic.
public struct ParseResult: Sendable {
    public var file: PolicyFile
    /// Lexer and parser diagnostics, in source order.
    public var diagnostics: [Diagnostic]
    /// True when parsing failed because the input ended early (an open brace, a trailing
    /// operator, a rule without criteria…): a REPL can ask for another line.
    public var unexpectedEndOfInput: Bool
    /// Spans of the file's `#` comments, in source order; filled only by `parse(_:collectingComments:)`.
    public var comments: [SourceSpan] = []

    public init(file: PolicyFile, diagnostics: [Diagnostic], unexpectedEndOfInput: Bool) {
        self.file = file
        self.diagnostics = diagnostics
        self.unexpectedEndOfInput = unexpectedEndOfInput
    }
}

/// Thrown once a syntax error has been reported; the declaration loop catches it and synchronises.
struct ParseFailure: Error {}

/// A recursive-descent parser for Clause. Each method parses one grammar rule of
/// `Grammar/clause.ebnf` and opens with that rule. Expressions are parsed with a
/// precedence table (see `ExpressionParser.swift`).
public struct Parser {
    /// Parens, blocks, lists, unary operators and operator chains may nest this deep.
    static let maximumDepth = 200

    let source: SourceFile
    /// Tokens are lexed as the parser reads them: no token array is kept, only the current
    /// token and the next one. A run of bad tokens is read as one (as `Lexer.tokenize` with
    /// `coalescingInvalid` does).
    var lexer: Lexer
    /// The token being looked at; `.endOfFile` forever once the input is used up.
    private(set) var current: Token
    /// The token after `current` (`.endOfFile` past the end).
    private var following: Token
    private var lastLexedWasInvalid = false
    /// Whether the token before `current` is a `.`.
    private var previousIsDot = false
    /// How many tokens have been consumed; `synchronize` uses it to make progress.
    var consumed = 0
    /// End offset of the last token consumed; declarations end here.
    var previousEnd = 0
    var depth = 0
    /// The parser's own diagnostics (at most `Diagnostic.maximumPerStage`); merged with the
    /// lexer's by `sortedDiagnostics`.
    var diagnostics: [Diagnostic] = []
    /// Lexer diagnostics before this offset are dropped (`parseExpression(_:from:)`).
    var lexerDiagnosticsFrom = 0
    var reachedEndEarly = false
    /// The criteria of the blocks being parsed, innermost last (`parseBlock`).
    var criterionStack: [Criterion] = []
    /// The names of the path being parsed (`parsePath`; paths do not nest).
    var pathScratch: [Name] = []

    init(source: SourceFile, collectingComments: Bool = false) {
        self.source = source
        var lexer = Lexer(source: source)
        lexer.collectsComments = collectingComments
        let first = lexer.next()
        var following = first
        if first.kind != .endOfFile {
            following = lexer.next()
            if first.kind == .invalid { while following.kind == .invalid { following = lexer.next() } }
        }
        self.lastLexedWasInvalid = following.kind == .invalid
        self.lexer = lexer
        self.current = first
        self.following = following
    }

    /// The next token from the lexer, skipping bad tokens that follow a bad token.
    private mutating func lexNext() -> Token {
        var token = lexer.next()
        if lastLexedWasInvalid { while token.isInvalid { token = lexer.next() } }
        lastLexedWasInvalid = token.isInvalid
        return token
    }

    /// Lexes what the parser did not read, so every lexer diagnostic and comment is known.
    mutating func finishLexing() {
        guard following.kind != .endOfFile else { return }
        while lexer.next().kind != .endOfFile {}
    }

    var comments: [SourceSpan] { lexer.comments }

    // MARK: - Entry points

    /// Parses a policy file, which must hold exactly one `policy` header.
    public static func parse(_ source: SourceFile) -> ParseResult {
        var parser = Parser(source: source)
        return parser.parseFile(requireHeader: true)
    }

    /// Like `parse`, and also records the spans of the file's comments (for the formatter).
    public static func parse(_ source: SourceFile, collectingComments: Bool) -> ParseResult {
        var parser = Parser(source: source, collectingComments: collectingComments)
        var result = parser.parseFile(requireHeader: true)
        result.comments = parser.comments
        return result
    }

    /// Like `parse`, but the `policy` header is optional (for a REPL).
    public static func parseDeclarations(_ source: SourceFile) -> ParseResult {
        var parser = Parser(source: source)
        return parser.parseFile(requireHeader: false)
    }

    /// Parses the whole input as one expression with an optional trailing label.
    public static func parseExpression(_ source: SourceFile)
        -> (Criterion?, [Diagnostic], unexpectedEndOfInput: Bool) {
        parseExpression(source, from: 0)
    }

    /// Parses the text from byte `offset` to the end as one expression with an optional label.
    /// The text before `offset` (a policy, say) is skipped, so spans stay offsets into `source`.
    public static func parseExpression(_ source: SourceFile, from offset: Int)
        -> (Criterion?, [Diagnostic], unexpectedEndOfInput: Bool) {
        // input := criterion EOF
        var parser = Parser(source: source)
        parser.lexerDiagnosticsFrom = offset
        while !parser.check(.endOfFile) && parser.current.span.start < offset { parser.skip() }
        var criterion: Criterion?
        do {
            criterion = try parser.parseCriterion()
            if !parser.check(.endOfFile) {
                throw parser.fail(expected: "the end of the expression")
            }
        } catch {
            criterion = nil
        }
        parser.finishLexing()
        return (criterion, parser.sortedDiagnostics(), parser.reachedEndEarly)
    }

    // file := declaration*
    // A second `policy` header is kept as `Declaration.header` for the checker to report
    // (`duplicateHeader`); the parser does not report it.
    mutating func parseFile(requireHeader: Bool) -> ParseResult {
        var header: PolicyHeader?
        var declarations: [Declaration] = []
        var sawPolicyKeyword = false
        var missingHeader: Diagnostic?
        while !check(.endOfFile) {
            let start = consumed
            depth = 0
            do {
                if check(.policy) {
                    sawPolicyKeyword = true
                    let parsed = try parseHeader()
                    if header == nil { header = parsed } else { declarations.append(.header(parsed)) }
                } else {
                    declarations.append(try parseDeclaration())
                }
            } catch {
                synchronize(from: start)
            }
        }
        finishLexing()
        if requireHeader && !sawPolicyKeyword {
            missingHeader = .error(.missingHeader, "missing `policy` header", at: SourceSpan(start: 0, end: 0),
                                      help: "start the file with `policy \"Title\" { payer \"…\" effective 2026-01-01 }`")
        }
        return ParseResult(file: PolicyFile(header: header, declarations: declarations),
                           diagnostics: sortedDiagnostics(adding: missingHeader), unexpectedEndOfInput: reachedEndEarly)
    }

    /// Lexer and parser diagnostics merged in source order (stable for equal positions), and
    /// `last` after them. As when the whole file was lexed first: the lexer's diagnostics come
    /// first, and the parser's count towards the same cap of `Diagnostic.maximumPerStage`.
    func sortedDiagnostics(adding last: Diagnostic? = nil) -> [Diagnostic] {
        var all = lexer.diagnostics
        if lexerDiagnosticsFrom > 0 { all.removeAll { $0.span.start < lexerDiagnosticsFrom } }
        all += diagnostics.prefix(max(0, Diagnostic.maximumPerStage - all.count))
        if let last { all.append(last) }
        return Diagnostic.sorted(all)
    }

    // MARK: - Token helpers

    /// The current token (`offset` 0) or the one after it (1).
    func peek(_ offset: Int = 0) -> Token {
        offset == 0 ? current : following
    }

    @inline(__always) @discardableResult
    mutating func advance() -> Token {
        let token = current
        skip()
        return token
    }

    /// `advance()` without returning the token.
    mutating func skip() {
        previousEnd = current.span.end
        guard !current.isEndOfFile else { return }
        if case .dot = current.kind { previousIsDot = true } else { previousIsDot = false }
        // Move the next token in without copying it; the old current one is then replaced.
        swap(&current, &following)
        following = current.isEndOfFile ? current : lexNext()
        consumed += 1
    }

    @inline(__always)
    func check(_ kind: TokenKind) -> Bool {
        // Without a payload, the kinds are equal when their cases are: no copy, no `==` on payloads.
        switch (current.kind, kind) {
        case (.endOfFile, .endOfFile), (.leftBrace, .leftBrace), (.rightBrace, .rightBrace),
             (.leftParen, .leftParen), (.rightParen, .rightParen), (.leftBracket, .leftBracket),
             (.rightBracket, .rightBracket), (.comma, .comma), (.dot, .dot), (.equal, .equal),
             (.colon, .colon), (.minus, .minus):
            return true
        case (.endOfFile, _), (.leftBrace, _), (.rightBrace, _), (.leftParen, _), (.rightParen, _),
             (.leftBracket, _), (.rightBracket, _), (.comma, _), (.dot, _), (.equal, _), (.colon, _):
            return false
        default:
            return current.kind == kind
        }
    }

    @inline(__always)
    func check(_ keyword: Keyword) -> Bool { current.keyword == keyword }

    @inline(__always)
    mutating func match(_ kind: TokenKind) -> Token? {
        check(kind) ? advance() : nil
    }

    @inline(__always)
    mutating func match(_ keyword: Keyword) -> Token? {
        check(keyword) ? advance() : nil
    }

    /// Consumes a token of `kind` or reports "expected `what`, found …".
    @inline(__always) @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) throws(ParseFailure) -> Token {
        guard check(kind) else { throw fail(expected: what) }
        return advance()
    }

    @inline(__always) @discardableResult
    mutating func expect(_ keyword: Keyword, _ what: String) throws(ParseFailure) -> Token {
        guard check(keyword) else { throw fail(expected: what) }
        return advance()
    }

    /// Consumes the contextual word `word` (not reserved: `initial`, `lasting`, `mg` and the
    /// like stay usable as names elsewhere), if it is the current token.
    mutating func matchWord(_ word: String) -> Token? {
        isWord(word) ? advance() : nil
    }

    /// Any word, as a name.
    mutating func expectName(_ what: String) throws(ParseFailure) -> Name {
        guard current.isWord else { throw fail(expected: what) }
        let span = current.span  // the span alone: no copy of the token
        skip()
        return Name(nameText(span), span)
    }

    /// The text of a word (short words are stored inline in their `String`; longer ones met
    /// lately are shared, `TextCache`). The span is a token's, so it lies within the source.
    mutating func nameText(_ span: SourceSpan) -> String { lexer.texts.text(source.bytes, span.start..<span.end) }

    mutating func expectString(_ what: String) throws(ParseFailure) -> StringLiteral {
        guard case .string(let value) = current.kind else { throw fail(expected: what) }
        return StringLiteral(value, advance().span)
    }

    mutating func expectDate(_ what: String) throws(ParseFailure) -> DateLiteral {
        guard case .date(let day) = current.kind else { throw fail(expected: what) }
        return DateLiteral(day, advance().span)
    }

    /// A non-negative integer literal that fits in `Int` (counts, weeks, duration amounts).
    mutating func expectInteger(_ what: String) throws(ParseFailure) -> (value: Int, span: SourceSpan) {
        guard case .number(_, let isInteger) = current.kind else { throw fail(expected: what) }
        let token = current
        let text = source.text(token.span)
        guard isInteger, let value = Int(text) else {
            let reason = isInteger ? "`\(text)` is too large" : "`\(text)` is not a whole number"
            report(.invalidNumber, "expected \(what), but \(reason)", token.span)
            throw ParseFailure()
        }
        skip()
        return (value, token.span)
    }

    // MARK: - Errors and recovery

    mutating func report(_ code: DiagnosticCode, _ message: String, _ span: SourceSpan,
                         label: String? = nil, help: String? = nil) {
        guard diagnostics.count < Diagnostic.maximumPerStage else { return }
        diagnostics.append(.error(code, message, at: span, label: label, help: help))
    }

    /// Reports "expected X, found Y" at the current token and returns the error to throw.
    /// At the end of input it reports `unexpectedEndOfInput`; at an `.invalid` token it
    /// reports nothing, since the lexer already has.
    mutating func fail(expected what: String, code: DiagnosticCode = .unexpectedToken,
                       help: String? = nil) -> ParseFailure {
        let token = current
        switch token.kind {
        case .endOfFile:
            if !reachedEndEarly {
                reachedEndEarly = true
                report(.unexpectedEndOfInput, "unexpected end of input", token.span, label: "expected \(what)")
            }
        case .invalid:
            break
        default:
            report(code, "expected \(what), found \(describe(token))", token.span, help: help)
        }
        return ParseFailure()
    }

    /// The token as quoted in a message: its source text in backticks, shortened if long.
    func describe(_ token: Token) -> String {
        if token.kind == .endOfFile { return "end of input" }
        let text = source.text(token.span)
        let shown = text.count > 32 ? String(text.prefix(31)) + "…" : text
        return shown.contains("`") ? "'\(shown)'" : "`\(shown)`"
    }

    /// After an error, skips to the next token that starts a declaration (or the end),
    /// always moving past at least one token so the loop makes progress.
    mutating func synchronize(from start: Int) {
        if consumed == start { skip() }
        while !check(.endOfFile) && !isAtDeclarationStart { skip() }
    }

    /// A declaration keyword that is not a path segment and is followed by what its rule needs next:
    /// `policy "…"`, `network {`, or `codes|treatment|define|cover|deny|limit NAME`.
    var isAtDeclarationStart: Bool {
        if previousIsDot { return false }
        guard let keyword = current.keyword else { return isWord("table") && peek(1).isWord }
        let next = peek(1)
        switch keyword {
        case .policy:
            if case .string = next.kind { return true }
            return false
        case .network, .fields:
            return next.kind == .leftBrace
        case .codes, .treatment, .define, .cover, .deny, .limit:
            return next.isWord
        default:
            return false
        }
    }

    /// Counts one level of nesting; past `maximumDepth` reports `nestingTooDeep`.
    /// Callers pair it with `defer { depth -= 1 }`.
    mutating func enterNesting() throws(ParseFailure) {
        guard depth < Parser.maximumDepth else {
            report(.nestingTooDeep, "expressions nest more than \(Parser.maximumDepth) levels deep", current.span)
            throw ParseFailure()
        }
        depth += 1
    }

    /// A span from `start` to the end of the last consumed token.
    func span(from start: SourceSpan) -> SourceSpan {
        SourceSpan(start: start.start, end: max(start.end, previousEnd))
    }
}
