import Testing
@testable import ClauseKit

@Suite struct CostShareTests {
    @Test func copayPerSession() throws {
        let d = try decide("cover esketamine when true", caseJSON(sessions: 3, network: "copay_tier"))
        #expect(d.kind == .covered)
        #expect(d.cost?.patientPays == Money(cents: 12000))
        #expect(d.cost?.planPays == Money(cents: 18000))
    }

    @Test func copayThenCoinsuranceOfTheRest() throws {
        let d = try decide("cover esketamine when true", caseJSON(network: "both_tier"))
        #expect(d.cost?.patientPays == Money(cents: 1900))
        #expect(d.cost?.sessions.first?.copay == Money(cents: 1000))
        #expect(d.cost?.sessions.first?.coinsurance == Money(cents: 900))
    }

    @Test func deductibleFirstWithinASession() throws {
        let json = caseJSON(sessions: 2).replacingOccurrences(of: #""deductible_remaining": "0.00""#, with: #""deductible_remaining": "150.00""#)
        let d = try decide("cover esketamine when true", json)
        #expect(d.cost?.sessions.map(\.patientPays) == [Money(cents: 10000), Money(cents: 6000)])
        #expect(d.cost?.planPays == Money(cents: 4000))
    }

    @Test func outOfPocketMaximumCapsTheMembersShare() throws {
        let json = caseJSON(sessions: 2, network: "copay_tier").replacingOccurrences(of: #""out_of_pocket_remaining": "5000.00""#, with: #""out_of_pocket_remaining": "50.00""#)
        let d = try decide("cover esketamine when true", json)
        #expect(d.cost?.sessions.map(\.patientPays) == [Money(cents: 4000), Money(cents: 1000)])
        #expect(d.cost?.sessions.last?.outOfPocketCapped == true)
        #expect(d.cost?.planPays == Money(cents: 15000))
    }

    @Test func roundsHalfToEven() throws {
        let policy = try checked("network { tier ten coinsurance 10% }\ncover esketamine when true")
        let low = try decide(policy, caseJSON(billed: "0.25", network: "ten"))
        #expect(low.cost?.patientPays == Money(cents: 2))
        let high = try decide(policy, caseJSON(billed: "0.35", network: "ten"))
        #expect(high.cost?.patientPays == Money(cents: 4))
    }

    @Test func uncoveredSessionsAreBilledInFull() throws {
        let d = try decide("""
            cover esketamine when true
            limit esketamine { 1 sessions per 28 days }
            """, caseJSON(sessions: 3, network: "copay_tier"))
        #expect(d.kind == .partiallyCovered)
        #expect(d.coveredSessions == 1)
        #expect(d.cost?.patientPays == Money(cents: 4000 + 20000))
        #expect(d.cost?.planPays == Money(cents: 6000))
    }

    @Test func missingBilledAmountLeavesCostUnknown() throws {
        let json = caseJSON().replacingOccurrences(of: #", "billed_per_session": "100.00""#, with: "")
        let d = try decide("cover esketamine when true", json)
        #expect(d.kind == .covered)
        #expect(d.cost == nil)
        #expect(d.costMissing == ["request.billed_per_session"])
    }
}

@Suite struct SessionLimitTests {
    func sessions(_ dates: [String], paid: String? = nil) -> String {
        let items = dates.map { d in
            #"{"treatment": "esketamine", "date": "\#(d)""# + (paid.map { #", "plan_paid": "\#($0)""# } ?? "") + "}"
        }
        return #""sessions": ["# + items.joined(separator: ", ") + "]"
    }

    @Test func windowIsHalfOpen() throws {
        let d = try decide("""
            cover esketamine when true
            limit esketamine { 2 sessions per 28 days }
            """, caseJSON(sessions: 2, extra: sessions(["2026-02-02", "2026-02-03"])))
        #expect(d.sessionLimits.first?.used == 1)
        #expect(d.kind == .partiallyCovered)
        #expect(d.coveredSessions == 1)
    }

    @Test func phasesFollowTheWeekOfTreatment() throws {
        let d = try decide("""
            cover esketamine when true
            limit esketamine {
              4 sessions per 28 days during weeks 1-2
              1 sessions per 28 days from week 3
            }
            """, caseJSON(extra: sessions(["2026-02-16", "2026-02-20"])))
        #expect(d.sessionLimits.map(\.applies) == [false, true])
        #expect(d.sessionLimits.first?.week == 3)
        // Revision 2: the week-3 line counts only sessions of weeks 3 and later of their course,
        // so the two week-1 sessions in its window leave its one session free.
        #expect(d.sessionLimits.map(\.used) == [2, 0])
        #expect(d.sessionLimits.map(\.notCounted) == [0, 2])
        #expect(d.kind == .covered)
    }

    @Test func exhaustedBenefitMaximumIsLimitReached() throws {
        let d = try decide("""
            cover esketamine when true
            limit esketamine { $200 per 365 days }
            """, caseJSON(extra: sessions(["2026-01-10"], paid: "200.00")))
        #expect(d.denialKind == .limitReached)
    }

    @Test func benefitMaximumCutsThePlansPayment() throws {
        let d = try decide("""
            cover esketamine when true
            limit esketamine { $250 per 365 days }
            """, caseJSON(sessions: 2, network: "copay_tier", extra: sessions(["2026-01-10"], paid: "200.00")))
        // Plan would pay $60 per session; $50 remain: session 1 cut by $10, session 2 by $60.
        #expect(d.kind == .partiallyCovered)
        #expect(d.cost?.planPays == Money(cents: 5000))
        #expect(d.cost?.patientPays == Money(cents: 15000))
    }

    @Test func benefitMaximumNeedsPlanPaid() throws {
        let policy = try checked("""
            cover esketamine when true
            limit esketamine { $200 per 365 days }
            """)
        #expect(throws: EvaluationError.self) {
            try decide(policy, caseJSON(extra: sessions(["2026-01-10"])))
        }
    }

    @Test func authorizationExpires() throws {
        let policy = try checked("""
            cover esketamine when true
              requires prior_authorization
            limit esketamine { authorization lasts 1 month }
            """)
        #expect(try decide(policy, caseJSON(date: "2026-02-28")).kind == .covered)
        let expired = try decide(policy, caseJSON(date: "2026-03-01"))
        #expect(expired.kind == .pending)
        #expect(expired.unmet.first?.kind == .priorAuthorization)
    }

    @Test func tierReferralIsARequirement() throws {
        let d = try decide("""
            network { tier oon coinsurance 50%, requires referral }
            cover esketamine when true
            """, caseJSON(network: "oon"))
        #expect(d.kind == .pending)
        #expect(d.unmet.map(\.kind) == [.referral])
    }

    /// The promised date must really be coverable, across a change of phase: re-deciding on it
    /// (with the sessions just covered added to the history) covers a session, and the day before does not.
    @Test func nextCoverableDateIsReallyCoverable() throws {
        let policy = try checked("""
            cover esketamine when true
            limit esketamine {
              8 sessions per 28 days during weeks 1-4
              4 sessions per 28 days from week 5
            }
            """)
        let history = ["2026-03-02", "2026-03-05", "2026-03-09", "2026-03-12", "2026-03-16", "2026-03-19"]
        let first = try decide(policy, caseJSON(date: "2026-03-23", sessions: 4, network: "copay_tier", extra: sessions(history)))
        #expect(first.coveredSessions == 2)
        let next = try #require(first.nextCoverableDate)
        // Week 5 begins on 2026-03-30, and the maintenance cap counts no induction session.
        #expect(next.description == "2026-03-30")
        let after = history + ["2026-03-23", "2026-03-23"]
        let onTheDay = try decide(policy, caseJSON(date: next.description, sessions: 1, network: "copay_tier", extra: sessions(after)))
        #expect(onTheDay.kind == .covered)
        let dayBefore = try #require(next.addingDays(-1))
        let tooEarly = try decide(policy, caseJSON(date: dayBefore.description, sessions: 1, network: "copay_tier", extra: sessions(after)))
        #expect(tooEarly.denialKind == .limitReached)
    }
}
