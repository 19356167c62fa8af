import Foundation
import Testing
@testable import ClauseKit

/// The fast paths of lexing, parsing and checking (issue #5) give the same answers as the
/// straightforward ones they replace.
@Suite struct FastPathTests {
    /// `Keyword.lookup` reads bytes; `Keyword(rawValue:)` reads a `String`: they agree on every
    /// keyword, on words one letter off, and on other words.
    @Test func keywordLookupAgreesWithRawValue() {
        var words = Keyword.allCases.map(\.rawValue)
        for keyword in Keyword.allCases {
            let text = keyword.rawValue
            words.append(text + "s")
            words.append(String(text.dropLast()))
            words.append(String(text.dropFirst()))
            words.append(text.uppercased())
            words.append("x" + text.dropFirst())
            words.append(text.dropLast() + "_")
        }
        words += ["a", "_", "patient", "age", "extra_adult_12", "Policy", "icd", "icd100", "prior_authorizations"]
        for word in words {
            let bytes = Array(("  " + word + " ").utf8)
            #expect(Keyword.lookup(bytes, from: 2, to: 2 + word.utf8.count) == Keyword(rawValue: word), "\(word)")
        }
        #expect(Keyword.lookup([], from: 0, to: 0) == nil)
        #expect(Keyword.lookup(Array("or".utf8), from: 1, to: 3) == nil)  // out of range: nothing
    }

    /// Searching a line from a hint finds the same line as the full search, whatever the hint.
    @Test func lineSearchFromAHintAgreesWithTheFullSearch() {
        let text = "a\n\nbc\r\ndef\n" + String(repeating: "x\n", count: 300) + "last"
        let source = SourceFile(name: "t", text: text)
        for offset in 0...source.bytes.count {
            let expected = source.lineIndex(of: offset)
            for hint in [0, 1, 2, expected, max(0, expected - 1), expected + 1, source.lineStarts.count - 1, 10_000, -3] {
                #expect(source.lineIndex(of: offset, from: hint) == expected)
            }
        }
    }

    /// Tokens are lexed as the parser reads them, but the lexer's diagnostics still come first
    /// and share one cap with the parser's: a file of 150 bad characters reports the first 100
    /// of them and nothing from the parser, as when the whole file was lexed first.
    @Test func lexerDiagnosticsFillTheCapBeforeTheParsers() {
        let text = #"policy "p" { payer "x" effective 2026-01-01 }"# + "\ndefine a = "
            + String(repeating: "@ ", count: 150) + "\ncover nothing when"
        let parsed = Parser.parse(SourceFile(name: "t", text: text))
        #expect(parsed.diagnostics.count == Diagnostic.maximumPerStage)
        #expect(parsed.diagnostics.allSatisfy { $0.code == .invalidCharacter })
        // With fewer lexer errors the parser's follow, in source order.
        let few = #"policy "p" { payer "x" effective 2026-01-01 }"# + "\ndefine a = @ @\ncover x when"
        let codes = Parser.parse(SourceFile(name: "t", text: few)).diagnostics.map(\.code)
        #expect(codes == [.invalidCharacter, .invalidCharacter, .unexpectedEndOfInput])
    }

    /// `parseExpression(_:from:)` drops the lexer's diagnostics before its offset, and lexes the
    /// rest of the text even when the expression ends in an error.
    @Test func expressionAfterAnOffsetKeepsOnlyLaterLexerDiagnostics() {
        let text = "@ define\npatient.age >= 18 ) @"
        let offset = text.utf8.count - "patient.age >= 18 ) @".utf8.count
        let (criterion, diagnostics, _) = Parser.parseExpression(SourceFile(name: "t", text: text), from: offset)
        #expect(criterion == nil)
        #expect(diagnostics.map(\.code) == [.unexpectedToken, .invalidCharacter])
        #expect(diagnostics.allSatisfy { $0.span.start >= offset })
    }
}

/// The line table found eight bytes at a time is the one found byte by byte.
@Test func lineStartsAreEveryOffsetAfterANewline() {
    var generator = SystemRandomNumberGenerator()
    for length in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1_000] {
        for density in [2, 5, 40] {
            let bytes = (0..<length).map { _ -> UInt8 in
                Int.random(in: 0..<density, using: &generator) == 0 ? UInt8(ascii: "\n") : UInt8.random(in: 0...255, using: &generator)
            }
            var expected = [0]
            for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { expected.append(i + 1) }
            #expect(SourceFile(name: "t", bytes: bytes).lineStarts == expected)
        }
    }
}

/// The switches that replace table lookups agree with the tables.
@Test func switchesAgreeWithTheirTables() {
    for (path, type) in ReservedFields.types {
        let names = path.split(separator: ".").map { Name(String($0), .empty) }
        #expect(Checker.reservedType(names) == type, "\(path)")
    }
    for path in ["request", "request.age", "patient.age", "plan", "provider.network.x", "sessions.date", "diagnosis", ""] {
        let names = path.split(separator: ".").map { Name(String($0), .empty) }
        #expect(Checker.reservedType(names) == nil, "\(path)")
    }
    for (op, power) in Parser.bindingPowers {
        #expect(Parser.bindingPower(op) == power)
    }
    for keyword in Keyword.allCases {
        #expect(Parser.isExpressionKeyword(keyword) == Parser.expressionKeywords.contains(keyword))
    }
}

/// `NameIndex` answers as a `[String: Int]` does, through growth, updates and removals.
@Test func nameIndexActsAsADictionary() {
    var index = NameIndex()
    var reference: [String: Int] = [:]
    index.reserveCapacity(10)
    var generator = SystemRandomNumberGenerator()
    let names = (0..<3_000).map { "name_\($0 % 1_700)_" + String(repeating: "x", count: $0 % 23) }
    for (i, name) in names.enumerated() {
        index[name] = i
        reference[name] = i
        if Int.random(in: 0..<10, using: &generator) == 0 {
            let victim = names[Int.random(in: 0...i, using: &generator)]
            index[victim] = nil
            reference[victim] = nil
        }
    }
    #expect(index.count == reference.count)
    #expect(Set(index.keys) == Set(reference.keys))
    for name in names + ["", "absent", "name_1_"] { #expect(index[name] == reference[name], "\(name)") }
}
