import Foundation
import Testing
@testable import ClauseKit

private func parse(_ text: String) throws(CaseError) -> JSONValue {
    try JSONReader.parse(Array(text.utf8))
}

/// The error parsing `bytes` gives, or nil when it parses.
private func parseError(_ bytes: [UInt8]) -> CaseError? {
    do {
        _ = try JSONReader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ text: String) -> CaseError? { parseError(Array(text.utf8)) }

@Suite struct JSONReaderTests {
    @Test func readsEveryType() throws {
        let value = try parse(#" { "n": null, "t": true, "f": false, "i": -12, "d": 900.50, "s": "hi", "a": [1, "x", []], "o": {} } "#)
        guard case .object(let o) = value else {
            Issue.record("expected an object, got \(value)")
            return
        }
        #expect(o.keys == ["n", "t", "f", "i", "d", "s", "a", "o"])
        #expect(o["n"] == .null)
        #expect(o["t"] == .bool(true))
        #expect(o["f"] == .bool(false))
        #expect(o["i"] == .number(Decimal(-12), text: "-12"))
        #expect(o["d"] == .number(Decimal(string: "900.5", locale: nil) ?? 0, text: "900.50"))
        #expect(o["s"] == .string("hi"))
        #expect(o["a"] == .array([.number(1, text: "1"), .string("x"), .array([])]))
        #expect(o["o"] == .object(JSONObject()))
    }

    @Test func scalarsAtTopLevel() throws {
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" null\n") == .null)
        #expect(try parse(#""a""#) == .string("a"))
        #expect(try parse("0") == .number(0, text: "0"))
    }

    @Test func numbersKeepTheirText() throws {
        let cases: [(String, String)] = [
            ("0.2", "0.2"), ("-0", "0"), ("1e3", "1000"), ("2.5E-1", "0.25"), ("1E+2", "100"),
            ("123456789012345678901234567890", "123456789012345678901234567890"), ("0.000", "0"),
            ("-7.25", "-7.25"), ("0e9999", "0"),
        ]
        for (text, expected) in cases {
            let value = try parse(text)
            #expect(value == .number(Decimal(string: expected, locale: nil) ?? -1, text: text), "\(text)")
        }
    }

    @Test func badNumbers() {
        #expect(parseError("01")?.message == "numbers may not have leading zeros")
        #expect(parseError("-")?.message == "expected a digit after `-`")
        #expect(parseError("1.")?.message == "expected a digit after the decimal point")
        #expect(parseError("1e+")?.message == "expected a digit in the exponent")
        #expect(parseError("1e400")?.message == "number `1e400` is out of range")
        #expect(parseError(String(repeating: "9", count: 200))?.message.hasSuffix("is out of range") == true)
        #expect(parseError("+1")?.message == "unexpected character `+`; expected a JSON value")
        #expect(parseError(".5") != nil)
        #expect(parseError("NaN") != nil)
    }

    @Test func escapesAndSurrogates() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""\u00e9\u4E2D""#) == .string("é中"))
        #expect(try parse(#""\ud83d\ude00!""#) == .string("😀!"))
        #expect(try parse(#""x\u0000y""#) == .string("x\u{0}y"))
        #expect(try parse(#""héllo 😀""#) == .string("héllo 😀"))
        #expect(parseError(#""\q""#)?.message == "invalid escape `\\q`")
        #expect(parseError(#""\u12G4""#)?.message == "invalid `\\u` escape; expected four hex digits")
        #expect(parseError(#""\ud83d""#)?.message == "lone surrogate `\\uD83D` in string")
        #expect(parseError(#""\ud83dx""#)?.message == "lone surrogate `\\uD83D` in string")
        #expect(parseError(#""\ud83d\u0041""#)?.message == "lone surrogate `\\uD83D` in string")
        #expect(parseError(#""\ude00""#)?.message == "lone surrogate `\\uDE00` in string")
    }

    @Test func syntaxErrorOnLineThreeHasLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        let error = parseError(text)
        #expect(error?.message == "expected `:` after object key")
        #expect(error?.line == 3)
        #expect(error?.column == 7)
        #expect(error?.path == "")
        #expect(error?.description == "3:7: expected `:` after object key")
    }

    @Test func columnsCountCharactersNotBytes() {
        let error = parseError("[\"é\", x]")
        #expect(error?.message == "unexpected character `x`; expected a JSON value")
        #expect(error?.line == 1)
        #expect(error?.column == 7)
    }

    @Test func structuralErrors() {
        #expect(parseError("")?.message == "empty input; expected a JSON value")
        #expect(parseError("  \n")?.message == "expected a JSON value, found only whitespace")
        #expect(parseError(#"{"a": 1,}"#)?.message == "trailing comma in object")
        #expect(parseError("[1, 2,]")?.message == "trailing comma in list")
        #expect(parseError("[1 2]")?.message == "unexpected character `2`; expected `,` or `]` after a list element")
        #expect(parseError(#"{"a" 1}"#)?.message == "expected `:` after object key")
        #expect(parseError("{a: 1}")?.message == "unexpected character `a`; expected a string key in double quotes")
        #expect(parseError("[1, 2")?.message == "unexpected end of input; expected `,` or `]` after a list element")
        #expect(parseError(#"{"a": "#)?.message == "unexpected end of input; expected a JSON value")
        #expect(parseError("tru")?.message == "invalid literal; expected `true`")
        #expect(parseError("nul")?.message == "invalid literal; expected `null`")
        #expect(parseError("{} x")?.message == "unexpected data after the JSON value")
        #expect(parseError("1 2")?.column == 3)
        #expect(parseError("[]]")?.message == "unexpected data after the JSON value")
    }

    @Test func unterminatedString() {
        let error = parseError("{\"a\": \"abc")
        #expect(error?.message == "unterminated string")
        #expect(error?.column == 7)
        #expect(parseError(#""abc\"#)?.message == "unterminated string")
        #expect(parseError(#""ab\n"#)?.message == "unterminated string")
    }

    @Test func controlCharactersAndNULInStrings() {
        let nul = parseError([0x22, 0x61, 0x00, 0x62, 0x22])
        #expect(nul?.message == "control character in string: U+0000 must be escaped")
        #expect(nul?.column == 3)
        #expect(parseError("\"a\nb\"")?.message == "control character in string: U+000A must be escaped")
        #expect(parseError("\"a\\n\tb\"")?.message == "control character in string: U+0009 must be escaped")
        #expect(parseError([0x00])?.message == "unexpected character `U+0000`; expected a JSON value")
    }

    @Test func invalidUTF8() {
        #expect(parseError([0x22, 0xFF, 0x22])?.message == "invalid UTF-8 byte 0xFF")
        #expect(parseError([0x22, 0x61, 0xC3, 0x22])?.message == "invalid UTF-8 byte 0xC3") // truncated
        #expect(parseError([0x22, 0xC0, 0xAF, 0x22])?.message == "invalid UTF-8 byte 0xC0") // overlong
        #expect(parseError([0x22, 0xED, 0xA0, 0x80, 0x22])?.message == "invalid UTF-8 byte 0xED") // surrogate
        #expect(parseError([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22])?.message == "invalid UTF-8 byte 0xF4") // > U+10FFFF
        #expect(parseError([0x22, 0x5C, 0x6E, 0xFE, 0x22])?.message == "invalid UTF-8 byte 0xFE") // after an escape
        #expect(parseError([0x5B, 0xFF, 0x5D])?.message == "invalid UTF-8 byte 0xFF")
        #expect(parseError([0x22, 0xE2, 0x82])?.message == "invalid UTF-8 byte 0xE2")
        let error = parseError([0x5B, 0x0A, 0x22, 0x61, 0xFF, 0x22, 0x5D])
        #expect(error?.line == 2)
        #expect(error?.column == 3)
    }

    @Test func duplicateKeys() {
        let error = parseError("{\"age\": 1,\n \"age\": 2}")
        #expect(error?.message == "duplicate key `age`")
        #expect(error?.line == 2)
        #expect(error?.column == 2)
        #expect(parseError(#"{"a": {"b": 1}, "c": {"b": 2}}"#) == nil)
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try JSONReader.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number(1, text: "1")]))
        #expect(parseError([0xEF, 0xBB, 0xBF])?.message == "empty input; expected a JSON value")
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(parseError(ok) == nil)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(parseError(tooDeep)?.message == "JSON nests more than 512 levels deep")
        #expect(parseError(tooDeep)?.column == 513)
        let objects = String(repeating: "{\"a\":", count: 600)
        #expect(parseError(objects)?.message == "JSON nests more than 512 levels deep")
    }

    @Test func hugeNestingIsAnErrorNotACrash() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(parseError(bytes)?.message == "JSON nests more than 512 levels deep")
    }

    @Test func keepsKeyOrderAndNestedValues() throws {
        let value = try parse(#"{"z": 1, "a": {"y": [true, {"k": "v"}]}, "m": null}"#)
        guard case .object(let o) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(o.keys == ["z", "a", "m"])
        #expect(value.value(at: ["a", "y"]) == .array([.bool(true), .object(JSONObject([("k", .string("v"))]))]))
    }

    @Test func longStringsWithEscapesInTheMiddle() throws {
        let plain = String(repeating: "abcdefgh", count: 100)
        #expect(try parse("\"\(plain)\\n\(plain)é\"") == .string(plain + "\n" + plain + "é"))
    }

    @Test func neverTrapsOnTruncationsOfAValidDocument() {
        let text = #"{"a": [1, -2.5e3, "x\u00e9\ud83d\ude00", true, false, null], "b": {"c": "d"}}"#
        let bytes = Array(text.utf8)
        #expect(parseError(bytes) == nil)
        for n in 0..<bytes.count {
            #expect(parseError(Array(bytes[0..<n])) != nil, "prefix of length \(n) should not parse")
        }
    }
}
