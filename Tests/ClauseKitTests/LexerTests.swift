import Foundation
import Testing
@testable import ClauseKit

private func lex(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
    Lexer.tokenize(SourceFile(name: "test.clause", text: text))
}

private func kinds(_ text: String) -> [TokenKind] {
    lex(text).tokens.map(\.kind)
}

private func day(_ y: Int, _ m: Int, _ d: Int) -> Day {
    Day(year: y, month: m, day: d) ?? Day(ordinal: Int.min)
}

@Test func wordsAndKeywords() {
    #expect(kinds("cover weeks patient_age _x") == [
        .word(.cover), .word(.weeks), .word(nil), .word(nil), .endOfFile,
    ])
    let (tokens, diagnostics) = lex("  patient.age # a comment\n>= 18")
    #expect(diagnostics.isEmpty)
    #expect(tokens.map(\.span) == [
        SourceSpan(start: 2, end: 9), SourceSpan(start: 9, end: 10), SourceSpan(start: 10, end: 13),
        SourceSpan(start: 26, end: 28), SourceSpan(start: 29, end: 31), SourceSpan(start: 31, end: 31),
    ])
}

@Test func numbersPercentsAndDurations() {
    #expect(kinds("18 2.5 20% 2.5% 0") == [
        .number(18, isInteger: true), .number(Decimal(string: "2.5") ?? 0, isInteger: false),
        .percent(Decimal(string: "0.2") ?? 0), .percent(Decimal(string: "0.025") ?? 0),
        .number(0, isInteger: true), .endOfFile,
    ])
    // `%` must follow the digits directly; `18.` is a number and a dot.
    let (tokens, diagnostics) = lex("20 % 18.x")
    #expect(tokens.map(\.kind) == [.number(20, isInteger: true), .invalid, .number(18, isInteger: true), .dot, .word(nil), .endOfFile])
    #expect(diagnostics.map(\.code) == [.invalidCharacter])
    #expect(diagnostics.first?.message == "unexpected character `%`")
    #expect(kinds("28 days") == [.number(28, isInteger: true), .word(.days), .endOfFile])
}

@Test func hugeIntegerIsReportedWithItsSpan() {
    let (tokens, diagnostics) = lex("x >= 99999999999999999999 and 9223372036854775807")
    #expect(tokens.map(\.kind) == [.word(nil), .greaterEqual, .invalid, .word(.and),
                                   .number(Decimal(Int64.max), isInteger: true), .endOfFile])
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.code == .numberTooLarge)
    #expect(diagnostics.first?.span == SourceSpan(start: 5, end: 25))
    #expect(diagnostics.first?.message == "integer literal `99999999999999999999` does not fit in 64 bits")
}

@Test func datesAndWeekRanges() {
    #expect(kinds("2026-01-01 2024-02-29") == [.date(day(2026, 1, 1)), .date(day(2024, 2, 29)), .endOfFile])
    #expect(kinds("1-4") == [.number(1, isInteger: true), .minus, .number(4, isInteger: true), .endOfFile])
    #expect(kinds("2026-1-1") == [.number(2026, isInteger: true), .minus, .number(1, isInteger: true),
                                  .minus, .number(1, isInteger: true), .endOfFile])
}

@Test func invalidDateIsReportedWithItsSpan() {
    let (tokens, diagnostics) = lex("effective 2026-02-30 expires 2026-13-01")
    #expect(tokens.map(\.kind) == [.word(.effective), .invalid, .word(.expires), .invalid, .endOfFile])
    #expect(diagnostics.map(\.code) == [.invalidDate, .invalidDate])
    #expect(diagnostics.map(\.span) == [SourceSpan(start: 10, end: 20), SourceSpan(start: 29, end: 39)])
    #expect(diagnostics.first?.message == "invalid date `2026-02-30`: February 2026 has 28 days")
    #expect(diagnostics.last?.message == "invalid date `2026-13-01`: there is no month 13")
}

@Test func money() {
    #expect(kinds("$40 $1,500.00 $6,000 $0.5") == [.money(4000), .money(150_000), .money(600_000), .money(50), .endOfFile])
    // A comma followed by a space separates list elements.
    #expect(kinds("[$40, $50]") == [.leftBracket, .money(4000), .comma, .money(5000), .rightBracket, .endOfFile])
    let (tokens, diagnostics) = lex("$1.005 $ $99999999999999999999 $1,50")
    #expect(tokens.map(\.kind) == [.invalid, .invalid, .invalid, .invalid, .endOfFile])
    #expect(diagnostics.map(\.code) == [.invalidMoney, .invalidMoney, .invalidMoney, .invalidMoney])
    #expect(diagnostics.map(\.span) == [SourceSpan(start: 0, end: 6), SourceSpan(start: 7, end: 8),
                                        SourceSpan(start: 9, end: 30), SourceSpan(start: 31, end: 36)])
}

@Test func strings() {
    #expect(kinds(#""plain" "a \"q\" \\ \n \t" "é""#) == [
        .string("plain"), .string("a \"q\" \\ \n \t"), .string("é"), .endOfFile,
    ])
    let (tokens, diagnostics) = lex("\"bad \\q escape\" \"open\nx")
    #expect(tokens.map(\.kind) == [.string("bad q escape"), .invalid, .word(nil), .endOfFile])
    #expect(diagnostics.map(\.code) == [.invalidEscape, .unterminatedString])
    #expect(diagnostics.map(\.span) == [SourceSpan(start: 5, end: 7), SourceSpan(start: 16, end: 21)])
    let atEnd = lex("\"open")
    #expect(atEnd.diagnostics.map(\.span) == [SourceSpan(start: 0, end: 5)])
}

@Test func punctuation() {
    #expect(kinds("{ } ( ) [ ] , . = + - * / == != < <= > >=") == [
        .leftBrace, .rightBrace, .leftParen, .rightParen, .leftBracket, .rightBracket, .comma, .dot, .equal,
        .plus, .minus, .star, .slash, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .endOfFile,
    ])
    let (tokens, diagnostics) = lex("a ! b")
    #expect(tokens.map(\.kind) == [.word(nil), .invalid, .word(nil), .endOfFile])
    #expect(diagnostics.first?.message == "unexpected character `!`")
}

@Test func badBytesAreReportedAndLexingContinues() {
    let bytes: [UInt8] = Array("a @ ".utf8) + [0xFF, 0xFE] + Array(" b ".utf8) + [0] + Array(" é \"".utf8)
        + [0xC3] + Array("\" # \u{1F600} ".utf8) + [0x80]
    let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "t", bytes: bytes))
    #expect(tokens.map(\.kind) == [.word(nil), .invalid, .invalid, .word(nil), .invalid, .invalid, .string(""), .endOfFile])
    #expect(diagnostics.map(\.code) == [.invalidCharacter, .invalidUTF8, .invalidCharacter, .invalidCharacter,
                                        .invalidUTF8, .invalidUTF8])
    #expect(diagnostics.map(\.message) == [
        "unexpected character `@`", "invalid UTF-8 bytes 0xFF 0xFE", "unexpected NUL byte",
        "unexpected character `é`", "invalid UTF-8 byte 0xC3", "invalid UTF-8 byte 0x80",
    ])
    #expect(diagnostics.map(\.span) == [
        SourceSpan(start: 2, end: 3), SourceSpan(start: 4, end: 6), SourceSpan(start: 9, end: 10),
        SourceSpan(start: 11, end: 13), SourceSpan(start: 15, end: 16), SourceSpan(start: 25, end: 26),
    ])
}

@Test func codeSetMode() {
    let text = "codes x = icd10 { F33.2, f32.a, Z01.818, F33.*, F10.2*, F32.0-F32.5, # note\n F22, } x.F33"
    let (tokens, diagnostics) = lex(text)
    #expect(diagnostics.isEmpty)
    #expect(tokens.map(\.kind) == [
        .word(.codes), .word(nil), .equal, .word(.icd10), .leftBrace,
        .code("F33.2"), .comma, .code("f32.a"), .comma, .code("Z01.818"), .comma, .code("F33.*"), .comma,
        .code("F10.2*"), .comma, .code("F32.0-F32.5"), .comma, .code("F22"), .comma, .rightBrace,
        .word(nil), .dot, .word(nil), .endOfFile,
    ])
    let range = tokens[15]
    #expect(range.span == SourceSpan(start: 56, end: 67))
    // Only code-like tokens are codes; a `{` ends an unclosed code set.
    #expect(kinds("icd10 { F33 cover x when { 18 }") == [
        .word(.icd10), .leftBrace, .code("F33"), .word(.cover), .word(nil), .word(.when), .leftBrace,
        .number(18, isInteger: true), .rightBrace, .endOfFile,
    ])
}

@Test func billingMode() {
    let text = "billing hcpcs J0013, G2082 # c\n , G2083 fda approved billing cpt 96365 96365"
    #expect(kinds(text) == [
        .word(.billing), .word(.hcpcs), .code("J0013"), .comma, .code("G2082"), .comma, .code("G2083"),
        .word(.fda), .word(.approved), .word(.billing), .word(.cpt), .code("96365"), .number(96365, isInteger: true),
        .endOfFile,
    ])
    // `cpt` outside a billing line is an ordinary word.
    #expect(kinds("request.cpt == 5") == [.word(nil), .dot, .word(.cpt), .equalEqual, .number(5, isInteger: true), .endOfFile])
}

@Test func lexerAlwaysTerminates() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<200 {
        let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var lexer = Lexer(source: SourceFile(name: "fuzz", bytes: bytes))
        var count = 0
        var last = 0
        while true {
            let token = lexer.next()
            #expect(token.span.start >= last)
            last = token.span.end
            count += 1
            if token.kind == .endOfFile || count > 200 { break }
        }
        #expect(count <= 65)
    }
}
