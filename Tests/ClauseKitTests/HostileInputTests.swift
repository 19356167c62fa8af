import Foundation
import Testing
@testable import ClauseKit

/// Hostile policies and cases (issue #6): each gets a clear, located error or a correct
/// decision, never a crash, hang or runaway memory. Big inputs are generated here.
@Suite struct HostileInputTests {
    static let policyHeader = #"policy "p" { payer "x" version "1" effective 2026-01-01 }"# + "\n"

    func check(_ text: String) -> CheckResult {
        Checker.check(source: SourceFile(name: "hostile.clause", text: text))
    }

    func codes(_ result: CheckResult) -> [DiagnosticCode] { result.diagnostics.map(\.code) }

    // MARK: nesting 100,000 deep

    @Test func parenthesesNested100000DeepAreAnError() {
        let n = 100_000
        let r = check(Self.policyHeader + "define a = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n))
        #expect(r.policy == nil)
        #expect(codes(r).contains(.nestingTooDeep))
        #expect(r.diagnostics.count <= 2 * Diagnostic.maximumPerStage)
    }

    @Test func blocksNested100000DeepAreAnError() {
        let n = 100_000
        let text = header + "define x = true\ncover esketamine \"t\" when "
            + String(repeating: "{ any ", count: n) + "x" + String(repeating: " }", count: n)
        let r = check(text)
        #expect(r.policy == nil)
        #expect(codes(r).contains(.nestingTooDeep))
    }

    @Test func unaryOperatorsAndListsNested100000DeepAreAnError() {
        let n = 100_000
        #expect(codes(check(Self.policyHeader + "define a = " + String(repeating: "not ", count: n) + "true")).contains(.nestingTooDeep))
        #expect(codes(check(Self.policyHeader + "define a = " + String(repeating: "- ", count: n) + "1")).contains(.nestingTooDeep))
        #expect(codes(check(Self.policyHeader + "define a = " + String(repeating: "[", count: n) + String(repeating: "]", count: n))).contains(.nestingTooDeep))
    }

    @Test func jsonArraysNested100000DeepAreAnErrorWithAPosition() {
        let n = 100_000
        let bytes = Array((String(repeating: "[", count: n) + String(repeating: "]", count: n)).utf8)
        #expect(throws: CaseError.self) { try JSONReader.parse(bytes) }
        do {
            _ = try CaseDecoder.decode(bytes: bytes, vocabulary: CaseVocabulary(treatments: ["esketamine"], billingCodes: [:], tiers: []))
            Issue.record("a 100,000-deep array decoded")
        } catch {
            #expect(error.message.contains("nests more than \(JSONReader.maximumDepth) levels"))
            #expect(error.line == 1)
            #expect(error.column == JSONReader.maximumDepth + 1)
        }
    }

    /// A chain of 100,000 defines, each naming the next, would nest as deep as that: an error,
    /// reported once, where the chain passes the limit.
    @Test func aChainOf100000DefinesIsAnError() {
        var text = Self.policyHeader
        for i in 0..<100_000 { text += "define d\(i) = d\(i + 1)\n" }
        text += "define d100000 = true\n"
        let r = check(text)
        #expect(r.policy == nil)
        #expect(r.diagnostics.map(\.code) == [.nestingTooDeep])
    }

    /// The same chain declared the other way round resolves each define against finished ones;
    /// its depth is still counted, so checking refuses what evaluation could not survive.
    @Test func aChainDeclaredInOrderIsCountedToo() {
        var text = Self.policyHeader + "define d0 = true\n"
        for i in 0..<5_000 { text += "define d\(i + 1) = not d\(i)\n" }
        let r = check(text)
        #expect(r.diagnostics.map(\.code) == [.nestingTooDeep])
        #expect(r.diagnostics.first?.message.contains("counted through the defines it uses") == true)
    }

    /// Within the limit, deep define chains check and evaluate (evaluation recurses as deep).
    @Test func aDeepChainWithinTheLimitEvaluates() throws {
        var text = "define d0 = patient.age >= 18\n"
        let n = 400  // each `define d(i+1) = not d(i)` is two levels: `not` and the name
        for i in 0..<n { text += "define d\(i + 1) = not d\(i)\n" }
        text += "cover esketamine \"deep\" when { d\(n) }\n"
        let d = try decide(text, caseJSON(extra: #""patient": {"age": 40}"#))
        #expect(d.kind == .covered)  // 400 negations of true
        let young = try decide(text, caseJSON(extra: #""patient": {"age": 4}"#))
        #expect(young.kind == .denied)
    }

    // MARK: cyclic defines

    @Test func cyclicDefinesNameTheCycle() {
        let two = check(Self.policyHeader + "define a = b\ndefine b = a\n")
        #expect(two.policy == nil)
        #expect(two.diagnostics.contains { $0.code == .cyclicDefine && $0.message.contains("`a` → `b` → `a`") })
        let self1 = check(Self.policyHeader + "define a = a or true\n")
        #expect(self1.diagnostics.contains { $0.code == .cyclicDefine && $0.message.contains("`a` is defined in terms of itself") })
        let three = check(Self.policyHeader + "define a = b\ndefine b = c\ndefine c = a\n")
        #expect(three.diagnostics.contains { $0.message.contains("`a` → `b` → `c` → `a`") })
    }

    // MARK: bytes

    @Test func nulBytesAreErrorsWithLineAndColumn() {
        let text = Self.policyHeader + "define a = 1\u{0}\ndefine b = \"x\u{0}y\"\n"
        let source = SourceFile(name: "nul.clause", text: text)
        let r = Checker.check(source: source)
        #expect(r.policy == nil)
        let located = r.diagnostics.map { "\(source.location(of: $0.span.start)) \($0.message)" }
        #expect(located.contains("2:13 unexpected NUL byte"))
        #expect(located.contains("3:14 unexpected NUL byte in a string"))
    }

    @Test func invalidUTF8IsAnErrorWithLineAndColumn() {
        let bytes = Array((Self.policyHeader + "define a = \"x").utf8) + [0xFF, 0xFE] + Array("\"\ndefine b = ".utf8) + [0xC3, 0x28]
        let source = SourceFile(name: "utf8.clause", bytes: bytes)
        let r = Checker.check(source: source)
        #expect(r.policy == nil)
        let located = r.diagnostics.filter { $0.code == .invalidUTF8 }.map { "\(source.location(of: $0.span.start))" }
        #expect(located == ["2:14", "3:12"])
        // Rendering never trips on the bad bytes.
        #expect(DiagnosticRenderer().render(r.diagnostics, in: source).contains("utf8.clause:2:14: error: invalid UTF-8"))
    }

    @Test func invalidUTF8AndNULInACaseAreErrorsWithLineAndColumn() throws {
        let policy = try checked("cover esketamine \"t\" when { patient.age >= 18 }\n")
        let bad = Array("{\n  \"id\": \"x".utf8) + [0xFF] + Array("\"\n}".utf8)
        do {
            _ = try CaseDecoder.decode(bytes: bad, vocabulary: policy.vocabulary)
            Issue.record("invalid UTF-8 decoded")
        } catch {
            #expect(error.line == 2)
            #expect(error.column != nil)
            #expect(error.message.lowercased().contains("utf-8"))
        }
        let nul = Array("{\n  \"id\": \"x\u{0}\"\n}".utf8)
        do {
            _ = try CaseDecoder.decode(bytes: nul, vocabulary: policy.vocabulary)
            Issue.record("a raw NUL in a string decoded")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 11)
        }
    }

    // MARK: numbers

    @Test func integerLiteralsBeyond64BitsAreErrors() {
        let r = check(Self.policyHeader + "define a = 99999999999999999999 > 1\n")
        #expect(r.diagnostics.contains { $0.code == .numberTooLarge && $0.message.contains("does not fit in 64 bits") })
        let digits = check(Self.policyHeader + "define b = 1." + String(repeating: "0", count: 40) + "1 > 1\n")
        #expect(digits.diagnostics.contains { $0.code == .invalidNumber && $0.message.contains("has more than 38 digits") })
        let limit = check(header + "limit esketamine { 18446744073709551616 sessions per 28 days }\n")
        #expect(limit.policy == nil)
    }

    @Test func integersBeyond64BitsInACaseAreErrorsNamingTheField() throws {
        let policy = try checked("cover esketamine \"t\" when { patient.age >= 18 }\n")
        let json = caseJSON().replacingOccurrences(of: #""sessions": 1"#, with: #""sessions": 99999999999999999999"#)
        #expect(throws: CaseError.self) { try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary) }
        do { _ = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary) } catch {
            #expect(error.path == "request.sessions")
        }
        // A number beyond Decimal's range in the case is a located error, even where no reserved field is.
        let big = caseJSON(extra: #""patient": {"age": 1e300}"#)
        do {
            _ = try decide(policy, big)
            Issue.record("1e300 decoded")
        } catch let error as CaseError {
            #expect(error.message.contains("out of range"))
            #expect(error.line == 8)
        }
        // Within range, a huge age is compared exactly.
        #expect(try decide(policy, caseJSON(extra: #""patient": {"age": 1e30}"#)).kind == .covered)
    }

    @Test func moneyBeyondTheRangeIsAnError() throws {
        #expect(check(Self.policyHeader + "define a = $99999999999999999999.00\n").diagnostics.contains { $0.code == .invalidMoney })
        let policy = try checked("cover esketamine \"t\" when { patient.age >= 18 }\n")
        for amount in ["92233720368547758.08", "1000000000.01", "99999999999999999999999.00"] {
            do {
                _ = try CaseDecoder.decode(bytes: Array(caseJSON(billed: amount).utf8), vocabulary: policy.vocabulary)
                Issue.record("billed \(amount) decoded")
            } catch {
                #expect(error.path == "request.billed_per_session")
            }
        }
        // The largest accepted amount times the most sessions still fits: a decision, not an overflow.
        let most = caseJSON(sessions: CaseDecoder.maximumRequestedSessions, billed: "1000000000.00", extra: #""patient": {"age": 30}"#)
        let d = try decide(policy, most)
        let cost = try #require(d.cost)
        // Every one of the 1,000,000 covered sessions is costed (not only the 100,000 rows shown):
        // the member's share stops at the $5,000 out-of-pocket maximum.
        #expect(cost.patientPays == Money(cents: 500_000))
        #expect(cost.sessions.count == 100_000)
        #expect(cost.planPays.cents + cost.patientPays.cents == Int64(100_000_000_000) * Int64(1_000_000))
        #expect(throws: CaseError.self) {
            try decide(policy, caseJSON(sessions: CaseDecoder.maximumRequestedSessions + 1))
        }
    }

    @Test func arithmeticOverflowIsAnEvaluationError() throws {
        let cases: [(String, String)] = [
            ("9999999999999999999.5 * 9999999999999999999.5 * 9999999999999999999.5 > patient.age", "arithmetic overflow"),
            ("$90000000000000000.00 + $90000000000000000.00 > $1", "money out of range"),
            ("$90000000000000000.00 * 1000 > $1", "money out of range"),
            ("0 days - 9223372036854775807 days - 9223372036854775807 days > 1 days", "arithmetic overflow"),
            ("-(0 days - 9223372036854775807 days - 1 days) > 1 days", "duration out of range"),
            ("request.date - (0 days - 9223372036854775807 days - 1 days) > request.date", "date out of range"),
            ("request.date + 9223372036854775807 days > request.date", "date out of range"),
            ("request.date + 9223372036854775807 weeks > request.date", "date out of range"),
            ("request.date + 9223372036854775807 years > request.date", "date out of range"),
            ("1 days * 1000000000000 > 1 days", "duration out of range"),
        ]
        for (condition, message) in cases {
            let text = "cover esketamine \"t\" when { \(condition) }\n"
            do {
                let d = try decide(text, caseJSON(extra: #""patient": {"age": 30}"#))
                Issue.record("`\(condition)` decided \(d.kind)")
            } catch let error as EvaluationError {
                #expect(error.message.contains(message), "\(condition): \(error.message)")
            }
        }
    }

    @Test func divisionByZeroIsAnEvaluationError() throws {
        for condition in ["patient.age / 0 > 1", "patient.age / patient.zero > 1", "$100 / 0 > $1", "$100 / $0 > 1"] {
            let text = "cover esketamine \"t\" when { \(condition) }\n"
            do {
                _ = try decide(text, caseJSON(extra: #""patient": {"age": 30, "zero": 0}"#))
                Issue.record("`\(condition)` decided")
            } catch let error as EvaluationError {
                #expect(error.message.contains("division by zero"))
                #expect(error.line > 1)
            }
        }
    }
}
