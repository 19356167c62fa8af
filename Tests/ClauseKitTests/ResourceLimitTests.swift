import Foundation
import Testing
@testable import ClauseKit

/// Size limits, the calendar's ends and long histories (issue #6). Inputs are generated here.
@Suite struct ResourceLimitTests {
    /// A policy in effect over the whole calendar, with every kind of limit, the longest allowed (100,000 days).
    static let wholeCalendar = """
    policy "Whole calendar" { payer "x" version "1" effective 0000-01-01 }
    treatment esketamine "Spravato" { billing hcpcs J0013 }
    cover esketamine "t" when { patient.age >= 18 }
      requires prior_authorization
    limit esketamine {
      8 sessions per 28 days during weeks 1-4
      52 sessions per 365 days
      4 sessions per 100000 days
      $1,000 per 100000 days
      authorization lasts 100000 days
    }
    network { tier in_network coinsurance 20% }
    """

    func wholeCalendarCase(date: String, approved: String, sessions: [String], paid: String = "10.00") -> String {
        let history = sessions.map { #"{"treatment": "esketamine", "date": "\#($0)", "plan_paid": "\#(paid)"}"# }
        return """
        {"patient": {"age": 40}, "request": {"treatment": "esketamine", "date": "\(date)", "sessions": 2, "billed_per_session": "100.00"},
         "provider": {"network": "in_network"}, "authorization": {"prior_authorization": "approved", "approved_on": "\(approved)"},
         "plan": {"out_of_pocket_remaining": "5000.00"}, "sessions": [\(history.joined(separator: ", "))]}
        """
    }

    // MARK: size

    @Test func a100MBPolicyIsRefusedWithAClearError() {
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: 100 << 20)
        let r = Checker.check(source: SourceFile(name: "huge.clause", bytes: bytes))
        #expect(r.policy == nil)
        #expect(r.diagnostics.map(\.code) == [.sourceTooLarge])
        #expect(r.diagnostics.first?.message == "the policy is 100 MB; at most 16 MB is accepted")
    }

    @Test func a100MBCaseIsRead() throws {
        let policy = try checked("cover esketamine \"t\" when { patient.age >= 18 }\n")
        var bytes = Array(caseJSON(extra: #""patient": {"age": 40}"#).utf8)
        bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: 100 << 20), at: 1)
        let c = try CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary)
        #expect(try CompiledPolicy(policy).decide(c, explain: true, paths: false).kind == .covered)
    }

    @Test func a10MBLineChecksAndItsErrorsRenderShort() throws {
        let long = String(repeating: "x", count: 10 << 20)
        let comment = Checker.check(source: SourceFile(name: "c.clause", text: header + "# \(long)\ncover esketamine when true\n"))
        #expect(comment.policy != nil)
        let string = Checker.check(source: SourceFile(name: "s.clause", text: header + "cover esketamine \"\(long)\" when true\n"))
        #expect(string.policy?.rules.first?.title?.count == 10 << 20)

        // An error at the end of a 10 MB line: the located column, and a short rendering.
        let source = SourceFile(name: "e.clause", text: header + "define a = " + long + " @")
        let r = Checker.check(source: source)
        #expect(r.policy == nil)
        let rendered = DiagnosticRenderer().render(r.diagnostics, in: source)
        let line = header.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(rendered.contains("e.clause:\(line):\((10 << 20) + 13): error: unexpected character `@`"))
        #expect(rendered.utf8.count < 4_000)
        // A 10 MB line of bad characters: one diagnostic per run, at most `maximumPerStage` in all.
        let bad = SourceFile(name: "b.clause", text: header + "define a = " + String(repeating: "@ ", count: 5 << 20))
        let many = Checker.check(source: bad)
        #expect(many.diagnostics.count <= 3 * Diagnostic.maximumPerStage)
        #expect(DiagnosticRenderer().render(many.diagnostics, in: bad).utf8.count < 3 * Diagnostic.maximumPerStage * 1_000)
    }

    // MARK: the calendar's ends

    @Test func decisionsAtTheFirstDayOfTheCalendar() throws {
        let policy = try checked(Self.wholeCalendar, withHeader: false)
        let d = try decide(policy, wholeCalendarCase(date: "0000-01-01", approved: "0000-01-01", sessions: ["0000-01-01", "0000-01-01"]))
        #expect(d.kind == .covered)
        // Every window reaches before the calendar: it starts at its first day, which counts.
        #expect(d.sessionLimits.allSatisfy { $0.windowStart == Day.minimum })
        #expect(d.sessionLimits.map(\.used) == [2, 2, 2])
        #expect(d.benefitMaximums.first?.alreadyPaid == Money(cents: 2000))
    }

    @Test func decisionsAtTheLastDayOfTheCalendar() throws {
        let policy = try checked(Self.wholeCalendar, withHeader: false)
        // 4 sessions in the 100,000-day window: the limit is reached, and the day the oldest leaves
        // the window is past the calendar's end, so there is no next coverable date.
        let full = try decide(policy, wholeCalendarCase(date: "9999-12-31", approved: "9999-01-01",
                                                        sessions: ["0000-01-01", "9800-01-01", "9900-06-15", "9999-12-30", "9999-12-31"]))
        #expect(full.kind == .denied)
        #expect(full.denialKind == .limitReached)
        #expect(full.nextCoverableDate == nil)
        #expect(full.sessionLimits[2].windowStart == Duration(100_000, .days).before(Day.maximum))
        #expect(full.sessionLimits[2].used == 4)
        #expect(full.benefitMaximums.first?.alreadyPaid == Money(cents: 4000))
        // With room left: covered, and the authorization (lasting past the calendar) has not expired.
        let room = try decide(policy, wholeCalendarCase(date: "9999-12-31", approved: "9999-12-31", sessions: ["9999-12-31"]))
        #expect(room.kind == .partiallyCovered || room.kind == .covered)
        #expect(room.unmet.isEmpty)
    }

    @Test func windowsAndAuthorizationsNearTheEndsNeverTrap() throws {
        let months = try checked("""
        cover esketamine when true
        limit esketamine { 2 sessions per 12 months  authorization lasts 6 months }
        """)
        for date in ["0000-01-01", "0000-02-29", "9999-12-31", "9999-07-01"] {
            var json = caseJSON(date: date, extra: #""sessions": [{"treatment": "esketamine", "date": "\#(date)"}, {"treatment": "esketamine", "date": "\#(date)"}]"#)
            json = json.replacingOccurrences(of: "2026-02-01", with: date)
            let d = try decide(months, json)
            #expect(d.requestDate.description == date)
            #expect(d.nextCoverableDate.map { $0 <= Day.maximum } ?? true)
        }
        #expect(Day.maximum.addingDays(1) == nil)
        #expect(Day.minimum.addingDays(-1) == nil)
        #expect(Day.maximum.addingMonths(1) == nil)
        #expect(Duration(Int.min, .days).before(Day.maximum) == nil)
        #expect(Duration(Int.max, .weeks).after(Day.minimum) == nil)
        #expect(Duration(Int.max, .years).after(Day.minimum) == nil)
        #expect(Duration(1_000_000_000, .days).before(Day.maximum) == nil)
    }

    @Test func aBillionDaysIsAnErrorInALimitAndOutOfRangeInArithmetic() throws {
        let limit = diagnostics("cover esketamine when true\nlimit esketamine { 1 sessions per 1000000000 days }")
        #expect(limit.map(\.message) == ["duration `1000000000 days` is longer than any calendar allows"])
        let lasts = diagnostics("cover esketamine when true\nlimit esketamine { authorization lasts 1000000000 days }")
        #expect(lasts.count == 1)
        let policy = try checked("""
        define long_ago = request.date - 1000000000 days < request.date
        cover esketamine when { long_ago }
        """)
        do {
            _ = try decide(policy, caseJSON())
            Issue.record("a date 1,000,000,000 days before 2026 was computed")
        } catch let error as EvaluationError {
            #expect(error.message.contains("date out of range"))
        }
        let limited = try checked("cover esketamine when true\nlimit esketamine { 1 sessions per 100000 days }")
        let d = try decide(limited, caseJSON(extra: #""sessions": [{"treatment": "esketamine", "date": "1900-01-01"}]"#))
        #expect(d.denialKind == .limitReached)
        #expect(d.nextCoverableDate?.description == "2173-10-16")
    }

    // MARK: long histories

    /// 1,000,000 past sessions, 100 a day: decoding and limits are linear (each limit filters
    /// the history once), so this finishes in seconds even unoptimised.
    @Test func aMillionSessionHistoryIsDecidedCorrectly() throws {
        let policy = try checked("cover esketamine when true\nlimit esketamine { 100000 sessions per 28 days  2000000 sessions per 100 years }")
        var json = caseJSON(date: "2027-05-19")
        json.removeLast(2)  // "\n}"
        json += #",  "sessions": ["#
        var day = Day(year: 2000, month: 1, day: 1)!
        for i in 0..<1_000_000 {
            if i > 0 && i % 100 == 0 { day = day.addingDays(1)! }
            json += (i == 0 ? "" : ",") + #"{"treatment":"esketamine","date":"\#(day)"}"#
        }
        json += "]}"
        let d = try decide(policy, json)
        // The 28-day window (2027-04-21, 2027-05-19] holds 27 days of 100 sessions (the last is 2027-05-18).
        #expect(day.description == "2027-05-18")
        #expect(d.sessionLimits.map(\.used) == [2_700, 1_000_000])
        #expect(d.kind == .covered)
    }

    // MARK: unknown fields

    @Test func unknownFieldsAtAnyDepthAreReadableAndOtherwiseIgnored() throws {
        let policy = try checked("cover esketamine when { patient.extra.deep.flag }")
        let json = caseJSON(extra: """
        "patient": {"extra": {"deep": {"flag": true, "zzz": [1, {"x": null}]}}, "unknown": {"a": [[]]}},
          "zzz": {"a": {"b": {"c": [1, 2, 3]}}}
        """).replacingOccurrences(of: #""provider": { "network": "in_network" }"#,
                                   with: #""provider": { "network": "in_network", "zzz": {"q": 1} }"#)
            .replacingOccurrences(of: #""sessions": 1,"#, with: #""sessions": 1, "zzz": [true],"#)
        #expect(json.contains(#""zzz": {"q": 1}"#) && json.contains(#""zzz": [true]"#))
        let d = try decide(policy, json)
        #expect(d.kind == .covered)
        let history = caseJSON(extra: #""patient": {"extra": {"deep": {"flag": false}}}, "sessions": [{"treatment": "esketamine", "date": "2026-01-02", "zzz": {"y": 2}}]"#)
        #expect(try decide(policy, history).kind == .denied)
    }
}
