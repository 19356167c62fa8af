/// Reads a `*.tests` file (see `PolicyTestFile`). Newlines are not significant; `#` starts a
/// comment; each expectation starts with its keyword.
public struct TestFileParser {
    enum TokenKind: Equatable {
        case word(String)    // bare words, numbers, paths, money: `decision`, `2`, `patient.age`, `$1,620.00`
        case string(String)
        case json(String)    // a balanced `{ … }`
        case comma
        case end
    }
    struct Token {
        var kind: TokenKind
        var offset: Int
    }

    let source: SourceFile
    var tokens: [Token] = []
    var index = 0

    public static func parse(_ source: SourceFile) throws(TestFileError) -> PolicyTestFile {
        var parser = TestFileParser(source: source)
        try parser.tokenize()
        return try parser.file()
    }

    init(source: SourceFile) { self.source = source }

    func error(_ message: String, at offset: Int) -> TestFileError {
        let location = source.location(of: offset)
        return TestFileError(message: message, line: location.line, column: location.column)
    }

    // MARK: - Tokens

    mutating func tokenize() throws(TestFileError) {
        let bytes = source.bytes
        var i = 0
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while i < bytes.count {
            let b = bytes[i]
            if isSpace(b) { i += 1; continue }
            let start = i
            switch b {
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: ","):
                tokens.append(Token(kind: .comma, offset: start))
                i += 1
            case UInt8(ascii: "\""):
                var value: [UInt8] = []
                i += 1
                while true {
                    guard i < bytes.count, bytes[i] != 0x0A else { throw error("unterminated string", at: start) }
                    if bytes[i] == UInt8(ascii: "\"") { i += 1; break }
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        let next = bytes[i + 1]
                        value.append(next == UInt8(ascii: "n") ? 0x0A : next)
                        i += 2
                        continue
                    }
                    value.append(bytes[i])
                    i += 1
                }
                tokens.append(Token(kind: .string(String(decoding: value, as: UTF8.self)), offset: start))
            case UInt8(ascii: "{"):
                var depth = 0
                var inString = false
                repeat {
                    guard i < bytes.count else { throw error("unterminated inline case: `{` is never closed", at: start) }
                    let c = bytes[i]
                    if inString {
                        if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
                    } else if c == UInt8(ascii: "\"") {
                        inString = true
                    } else if c == UInt8(ascii: "{") {
                        depth += 1
                    } else if c == UInt8(ascii: "}") {
                        depth -= 1
                    }
                    i += 1
                } while depth > 0
                tokens.append(Token(kind: .json(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start))
            default:
                let money = b == UInt8(ascii: "$")
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "#"),
                      bytes[i] != UInt8(ascii: "{"), money || bytes[i] != UInt8(ascii: ",") {
                    i += 1
                }
                tokens.append(Token(kind: .word(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start))
            }
        }
        tokens.append(Token(kind: .end, offset: bytes.count))
    }

    // MARK: - Grammar

    var current: Token { tokens[index] }

    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .word(let w): return "`\(w)`"
        case .string(let s): return "\"\(s)\""
        case .json: return "an inline case"
        case .comma: return "`,`"
        case .end: return "the end of the file"
        }
    }

    mutating func word(_ what: String) throws(TestFileError) -> String {
        guard case .word(let w) = current.kind else { throw error("expected \(what), found \(describe(current))", at: current.offset) }
        _ = advance()
        return w
    }

    mutating func string(_ what: String) throws(TestFileError) -> String {
        guard case .string(let s) = current.kind else { throw error("expected \(what), found \(describe(current))", at: current.offset) }
        _ = advance()
        return s
    }

    mutating func integer(_ what: String) throws(TestFileError) -> Int {
        let offset = current.offset
        let w = try word(what)
        guard let n = Int(w), n >= 0 else { throw error("expected \(what), found `\(w)`", at: offset) }
        return n
    }

    /// `item ("," item)*`
    mutating func list<T>(_ item: (inout TestFileParser) throws(TestFileError) -> T) throws(TestFileError) -> [T] {
        var items = [try item(&self)]
        while current.kind == .comma {
            _ = advance()
            items.append(try item(&self))
        }
        return items
    }

    // file := { "policy" STRING | test }
    mutating func file() throws(TestFileError) -> PolicyTestFile {
        var result = PolicyTestFile(policy: nil, tests: [])
        while current.kind != .end {
            let offset = current.offset
            switch try word("`policy` or `test`") {
            case "policy":
                if result.policy != nil { throw error("the policy is named twice", at: offset) }
                result.policy = try string("the policy's path in quotes after `policy`")
            case "test":
                result.tests.append(try test(line: source.location(of: offset).line))
            case let other:
                throw error("expected `policy` or `test`, found `\(other)`", at: offset)
            }
        }
        return result
    }

    static let expectationWords = ["decision", "denial", "sessions", "plan_pays", "patient_pays", "tier", "missing",
                                   "unmet", "deciding", "error"]

    // test := "test" STRING "case" (STRING | JSON) { expectation }
    mutating func test(line: Int) throws(TestFileError) -> PolicyTest {
        let name = try string("the test's name in quotes after `test`")
        let caseOffset = current.offset
        guard try word("`case` after the test's name") == "case" else {
            throw error("expected `case` after the test's name", at: caseOffset)
        }
        let caseSource: CaseSource
        switch current.kind {
        case .string(let path): caseSource = .file(path)
        case .json(let text): caseSource = .inline(text)
        default: throw error("expected a case file in quotes or an inline JSON case `{ … }`, found \(describe(current))", at: current.offset)
        }
        _ = advance()
        var expectations: [Expectation] = []
        while case .word(let w) = current.kind, w != "test", w != "policy" {
            let offset = current.offset
            guard TestFileParser.expectationWords.contains(w) else {
                throw error("unknown expectation `\(w)`; expected one of " + TestFileParser.expectationWords.joined(separator: ", "),
                            at: offset)
            }
            _ = advance()
            expectations.append(Expectation(kind: try expectation(w, at: offset), line: source.location(of: offset).line))
        }
        return PolicyTest(name: name, line: line, caseSource: caseSource, expectations: expectations)
    }

    mutating func expectation(_ keyword: String, at offset: Int) throws(TestFileError) -> Expectation.Kind {
        switch keyword {
        case "decision":
            let w = try word("a decision")
            guard let kind = DecisionKind(rawValue: w) else {
                throw error("unknown decision `\(w)`; expected covered, partially_covered, denied, pending or needs_information", at: offset)
            }
            return .decision(kind)
        case "denial":
            let w = try word("a denial kind")
            if w == "none" { return .denial(nil) }
            guard let kind = DenialKind(rawValue: w) else { throw error("unknown denial kind `\(w)`", at: offset) }
            return .denial(kind)
        case "sessions":
            let covered = try integer("the number of covered sessions")
            if case .word("of") = current.kind {
                _ = advance()
                return .sessions(covered: covered, requested: try integer("the number of requested sessions"))
            }
            return .sessions(covered: covered, requested: nil)
        case "plan_pays", "patient_pays":
            let w = try word("an amount such as `$180.00`")
            guard let money = Money(text: w.hasPrefix("$") ? String(w.dropFirst()) : w) else {
                throw error("`\(w)` is not an amount of money", at: offset)
            }
            return keyword == "plan_pays" ? .planPays(money) : .patientPays(money)
        case "tier": return .tier(try word("a tier name"))
        case "missing": return .missing(try list { (p: inout TestFileParser) throws(TestFileError) in try p.word("a case path") })
        case "unmet":
            return .unmet(try list { (p: inout TestFileParser) throws(TestFileError) -> UnmetRequirement.Kind in
                let o = p.current.offset
                let w = try p.word("prior_authorization, referral or document")
                guard let k = UnmetRequirement.Kind(rawValue: w) else {
                    throw p.error("unknown requirement `\(w)`; expected prior_authorization, referral or document", at: o)
                }
                return k
            })
        case "deciding":
            if case .word("none") = current.kind {
                _ = advance()
                return .deciding([])
            }
            return .deciding(try list { (p: inout TestFileParser) throws(TestFileError) -> RuleReference in
                if case .string(let title) = p.current.kind {
                    _ = p.advance()
                    return .title(title)
                }
                let o = p.current.offset
                guard try p.word("a rule title in quotes or `line N`") == "line" else {
                    throw p.error("expected a rule title in quotes or `line N`", at: o)
                }
                return .line(try p.integer("a line number"))
            })
        default:
            return .error(try string("the expected error text in quotes"))
        }
    }
}
