import Foundation
import Testing
@testable import ClauseKit

/// The fixes of the review "One semantics": each test reproduces what the reviewer saw.
@Suite struct ReviewFixesTests {
    /// Decides explained and fast: the error text (or the
    /// decision kind) each gives, which must agree.
    static func bothPaths(_ policy: CheckedPolicy, _ json: String) throws -> (String, String) {
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        func run(_ f: () throws -> Decision) -> String {
            do { return try f().kind.rawValue } catch { return "\(error)" }
        }
        let compiled = CompiledPolicy(policy)
        return (run { try CompiledPolicy(policy).decide(c, explain: true, paths: false) }, run { try compiled.decide(c) })
    }

    // MARK: 1. Benefit-maximum errors name the case's own `sessions[i]`

    /// The case lists its sessions out of date order; the session without `plan_paid` is the
    /// case's `sessions[0]`, though it is the last by date.
    @Test func benefitMaximumErrorNamesTheCasesOwnIndex() throws {
        let policy = try checked("""
            cover esketamine when true
            limit esketamine { $500 per 365 days }
            """)
        let sessions = """
            "sessions": [{"treatment": "esketamine", "date": "2026-02-20"},
                         {"treatment": "esketamine", "date": "2026-01-05", "plan_paid": "10.00"},
                         {"treatment": "esketamine", "date": "2026-01-12", "plan_paid": "10.00"}]
            """
        let (interpreted, compiled) = try Self.bothPaths(policy, caseJSON(extra: sessions))
        #expect(interpreted.contains("`sessions[0].plan_paid` is missing"), "\(interpreted)")
        #expect(interpreted.contains("2026-02-20"), "\(interpreted)")
        #expect(!interpreted.contains("sessions[2]"), "\(interpreted)")
        #expect(compiled == interpreted)
    }

    /// A session of another treatment before it in the case does not shift the index either.
    @Test func benefitMaximumErrorIndexCountsOtherTreatments() throws {
        let policy = try checked("""
            treatment ketamine "Ketamine" { billing cpt 96365 }
            cover esketamine when true
            limit esketamine { $500 per 365 days }
            """)
        let sessions = """
            "sessions": [{"treatment": "ketamine", "date": "2026-01-01"},
                         {"treatment": "esketamine", "date": "2026-01-03", "plan_paid": "10.00"},
                         {"treatment": "esketamine", "date": "2026-01-02"}]
            """
        let (interpreted, _) = try Self.bothPaths(policy, caseJSON(extra: sessions))
        #expect(interpreted.contains("`sessions[2].plan_paid` is missing"), "\(interpreted)")
    }

    /// The one window count: caps, maximums and the next date all see the same sessions.
    @Test func sessionsInWindowIsTheHalfOpenSuffix() {
        let day = { (s: String) in Day(iso: s)! }
        let past = ["2026-01-01", "2026-01-10", "2026-01-10", "2026-02-01", "2026-02-27"].enumerated().map {
            PastSession(treatment: 0, date: day($0.element), planPaid: Money(cents: 100), caseIndex: $0.offset)
        }
        let limits = TreatmentLimits()
        let calculator = LimitCalculator(limits: limits, date: day("2026-03-01"), treatment: 0, past: past[...])
        #expect(calculator.sessionsInWindow(after: nil).count == 5)
        #expect(calculator.sessionsInWindow(after: day("2026-01-10")).map(\.caseIndex) == [3, 4])
        #expect(calculator.sessionsInWindow(after: day("2026-01-09")).map(\.caseIndex) == [1, 2, 3, 4])
        #expect(calculator.sessionsInWindow(after: day("2026-02-27")).isEmpty)
        #expect(calculator.sessionsInWindow(after: day("2025-12-31")).count == 5)
    }

    // MARK: 2. One strict reader of percentages

    @Test func malformedPercentagesAreStrings() {
        for text in ["1-0%", "1.2.3%", "--5%", "5-%", "%", "-%", ".5%", "5.%", " 5%", "5 %", "+5%", "1,5%", "1e2%", "5%%", "٣%"] {
            #expect(NumberText.percentage(text) == nil, "\(text)")
            #expect(Value.fromJSON(.string(text)) == .string(text), "\(text)")
            #expect(Value.fromJSON(.string(text)) == .string(text), "\(text)")
            #expect(FixedNumber.of(.string(text)) == nil, "\(text)")
            #expect(Value.display(of: .string(text)) == "\"\(text)\"", "\(text)")
        }
    }

    @Test func wellFormedPercentagesAreNumbersEverywhere() throws {
        let cases: [(String, String)] = [("20%", "0.2"), ("-2.5%", "-0.025"), ("007%", "0.07"), ("0%", "0"), ("-0%", "0"),
                                         ("12.345%", "0.12345"), ("100%", "1"),
                                         ("12345678901234567890%", "123456789012345678.9")]
        for (text, expected) in cases {
            let want = try #require(Decimal(string: expected, locale: Locale(identifier: "en_US_POSIX")))
            #expect(NumberText.percentage(text) == want, "\(text)")
            #expect(Value.fromJSON(.string(text)) == .number(want), "\(text)")
            #expect(Value.fromJSON(.string(text)) == .number(want), "\(text)")
            if let fixed = FixedNumber.of(.string(text)) {
                #expect(FixedNumber.compare(fixed, try #require(FixedNumber(want))) == 0, "\(text)")
            }
        }
        #expect(FixedNumber.of(.string("-2.5%")) == FixedNumber(units: -25, scale: 3))
    }

    /// The fast lane's reader declines or agrees with the general one on every string and number.
    @Test func fixedNumberAgreesWithValueFromJSON() {
        var texts = ["1-0%", "1.2.3%", "10%", "-0%", "0.5%", "1%", "abc", "2026-03-01", "12%", "99.99%"]
        var g = SplitMix(seed: 41)
        let alphabet = Array("0123456789.-%% 1")
        for _ in 0..<3_000 {
            texts.append(String((0..<(1 + Int(g.next() % 7))).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }))
        }
        for text in texts {
            let general = Value.fromJSON(.string(text))
            guard let fixed = FixedNumber.of(.string(text)) else {
                continue
            }
            guard case .number(let d)? = general else {
                Issue.record("`\(text)`: the fast lane reads \(fixed), the general path \(String(describing: general))")
                continue
            }
            #expect(Decimal(sign: fixed.units < 0 ? .minus : .plus, exponent: -fixed.scale,
                            significand: Decimal(fixed.units.magnitude)) == d, "\(text)")
        }
    }

    /// Through a policy: a malformed percentage is a string, so comparing it with a number
    /// refuses the case on both paths, where it used to read as 0.01 and be covered.
    @Test func malformedPercentageInACaseIsNotCompared() throws {
        let policy = try checked("""
            cover esketamine when history.improvement <= 25%
            """)
        let bad = caseJSON(extra: #""history": {"improvement": "1-0%"}"#)
        let (interpreted, compiled) = try Self.bothPaths(policy, bad)
        #expect(interpreted != DecisionKind.covered.rawValue, "\(interpreted)")
        #expect(interpreted.contains("string") || interpreted.contains("\"1-0%\""), "\(interpreted)")
        #expect(compiled == interpreted)
        let good = caseJSON(extra: #""history": {"improvement": "10%"}"#)
        #expect(try Self.bothPaths(policy, good) == (DecisionKind.covered.rawValue, DecisionKind.covered.rawValue))
    }

    /// A field declared `number` refuses a malformed percentage when the case is read.
    @Test func declaredNumberFieldRefusesAMalformedPercentage() throws {
        let policy = try checked("""
            fields { history.improvement: number }
            cover esketamine when history.improvement <= 25%
            """)
        let bad = caseJSON(extra: #""history": {"improvement": "1.2.3%"}"#)
        #expect(throws: CaseError.self) { try CaseDecoder.decode(bytes: Array(bad.utf8), vocabulary: policy.vocabulary) }
        let good = caseJSON(extra: #""history": {"improvement": "1.5%"}"#)
        #expect(try decide(policy, good).kind == .covered)
    }

    // MARK: 3. Durations are whole

    @Test func fractionalDurationIsAnError() throws {
        let policy = try checked("""
            cover esketamine when history.episode_start + 0.5 * 7 days <= request.date
            """)
        let json = caseJSON(extra: #""history": {"episode_start": "2026-02-20"}"#)
        let (interpreted, compiled) = try Self.bothPaths(policy, json)
        #expect(interpreted.contains("`0.5 * 7 days` is 3.5 days, not a whole number of days"), "\(interpreted)")
        #expect(compiled == interpreted)
    }

    @Test func wholeProductsOfDurationsAreExact() throws {
        // 0.5 * 14 days is 7 days: 2026-02-23 + 7 days = 2026-03-02, the request date.
        let days = try checked("cover esketamine when history.episode_start + 0.5 * 14 days >= request.date")
        #expect(try Self.bothPaths(days, caseJSON(extra: #""history": {"episode_start": "2026-02-23"}"#))
                == ("covered", "covered"))
        #expect(try Self.bothPaths(days, caseJSON(extra: #""history": {"episode_start": "2026-02-22"}"#))
                == ("denied", "denied"))
        // 1.5 years is 18 months: 2024-09-02 + 18 months = 2026-03-02.
        let years = try checked("cover esketamine when history.episode_start + 1.5 * 1 year >= request.date")
        #expect(try Self.bothPaths(years, caseJSON(extra: #""history": {"episode_start": "2024-09-02"}"#))
                == ("covered", "covered"))
        #expect(try Self.bothPaths(years, caseJSON(extra: #""history": {"episode_start": "2024-09-01"}"#))
                == ("denied", "denied"))
        let weeks = try checked("cover esketamine when history.episode_start + 1.5 * 1 week <= request.date")
        let (error, _) = try Self.bothPaths(weeks, caseJSON(extra: #""history": {"episode_start": "2026-02-20"}"#))
        #expect(error.contains("is 1.5 weeks, not a whole number of weeks"), "\(error)")
    }

    // MARK: 4. Authorization validity has one home

    @Test func authorizationValidityFollowsTheRule() throws {
        let day = { (s: String) in try #require(Day(iso: s)) }
        let month = Duration(1, .months)
        let approved = try day("2026-02-01")
        #expect(AuthorizationValidity(status: .pending, approvedOn: approved, lasts: month, on: try day("2026-02-10"))
                == .notApproved(.pending))
        #expect(AuthorizationValidity(status: nil, approvedOn: nil, lasts: nil, on: try day("2026-02-10")) == .notApproved(nil))
        #expect(AuthorizationValidity(status: .approved, approvedOn: nil, lasts: nil, on: try day("2026-02-10")) == .valid(until: nil))
        #expect(AuthorizationValidity(status: .approved, approvedOn: nil, lasts: month, on: try day("2026-02-10")) == .undated(lasts: month))
        // Valid while request.date < approved_on + D: the last day is 2026-02-28.
        let last = AuthorizationValidity(status: .approved, approvedOn: approved, lasts: month, on: try day("2026-02-28"))
        #expect(last == .valid(until: try day("2026-03-01")))
        #expect(last.isValid && last.unmetText == nil)
        let expired = AuthorizationValidity(status: .approved, approvedOn: approved, lasts: month, on: try day("2026-03-01"))
        #expect(expired == .expired(approvedOn: approved, lasts: month, until: try day("2026-03-01")))
        #expect(expired.unmetText == "prior authorization renewed (approved 2026-02-01, valid for 1 month: expired on 2026-03-01)")
        #expect(AuthorizationValidity.notApproved(.denied).unmetText == "prior authorization approved on appeal (the plan denied it)")
        #expect(AuthorizationValidity.notApproved(nil).unmetText == "prior authorization approved (no status given)")
        // The period is exactly the days on which it is valid.
        let period = try #require(AuthorizationValidity.period(from: approved, lasting: month))
        #expect(period == approved...(try day("2026-02-28")))
    }

    /// The decision's unmet requirement, the CRD allowed period and the paths to coverage all
    /// read the one definition.
    @Test func requirementsCRDAndPathsAgreeOnValidity() throws {
        let policy = try checked("""
            cover esketamine when true
              requires prior_authorization
            limit esketamine { authorization lasts 28 days }
            """)
        // caseJSON approves on 2026-02-01: valid through 2026-02-28.
        for (date, valid) in [("2026-02-28", true), ("2026-03-01", false)] {
            let c = try CaseDecoder.decode(bytes: Array(caseJSON(date: date).utf8), vocabulary: policy.vocabulary)
            let validity = c.authorizationValidity(under: policy, rule: 0, review: .initial)
            #expect(validity.isValid == valid, "\(date)")
            let d = try CompiledPolicy(policy).decide(c, explain: true, paths: false)
            #expect(d.kind == (valid ? .covered : .pending), "\(date)")
            #expect(d.unmet.filter { $0.kind == .priorAuthorization }.map(\.text) == (validity.unmetText.map { [$0] } ?? []))
            #expect(try CompiledPolicy(policy).decide(c).unmet.map(\.text) == d.unmet.map(\.text))
            let period = try #require(c.authorizationPeriod(under: policy, rule: 0, review: .initial))
            #expect(period.contains(c.request.date) == valid, "\(date)")
            let crd = JSONWriter.write(CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c), pretty: false)
            #expect(crd.contains(#"{"start":"\#(period.lowerBound)","end":"\#(period.upperBound)"}"#), "\(crd)")
            if !valid {
                let paths = PathToCoverage.find(CompiledPolicy(policy), patientCase: c, decision: d)
                let change = try #require(paths.flatMap(\.changes).first { $0.path == "authorization.prior_authorization" })
                #expect(change.edits == AuthorizationValidity.approvedFields(on: c.request.date).map { .set(["authorization", $0.0], $0.1) })
                #expect(paths.contains { $0.verified == true })
            }
        }
    }

    // MARK: 5. One wording of a tier's cost

    @Test func tierCostHasOneWording() throws {
        let policy = try checked("cover esketamine when true")
        let words = policy.tiers.map { "\($0.name): \($0.costDescription)" }
        #expect(words == ["in_network: coinsurance 20% after deductible", "copay_tier: copay $40.00",
                          "both_tier: copay $10.00 then coinsurance 10%", "excluded_tier: not covered"])
        #expect(TierCost.coinsurance(Decimal(string: "0.125")!).costDescription == "coinsurance 12.5%")
    }

    @Test func crdQualificationUsesTheTierWording() throws {
        let policy = try checked("cover esketamine when true")
        for (tier, count) in [("both_tier", 2), ("copay_tier", 1), ("in_network", 1)] {
            let c = try CaseDecoder.decode(bytes: Array(caseJSON(network: tier).utf8), vocabulary: policy.vocabulary)
            let d = try CompiledPolicy(policy).decide(c, explain: true, paths: false)
            let crd = JSONWriter.write(CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c), pretty: false)
            let wording = try #require(policy.tier(named: tier)).costDescription
            let qualification = #"{"url":"qualification","valueString":"the \#(tier.replacingOccurrences(of: "_", with: " ")) tier: \#(wording)"}"#
            #expect(crd.components(separatedBy: qualification).count - 1 == count, "\(crd)")
            // Display strings name the tier in words and count sessions with their noun.
            #expect(!crd.contains("`"), "\(crd)")
            #expect(!crd.contains(" more now under"), "\(crd)")
        }
    }
}
