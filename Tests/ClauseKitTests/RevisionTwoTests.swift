import Foundation
import Testing
@testable import ClauseKit

/// LANGUAGE.md revision 2: courses, phase counting, review kinds, authorization lengths,
/// experimental denials, denied authorizations, dose limits. Each decision is asked of both
/// speeds of the one evaluator (fast, as `clause batch` runs it, and explained), which must agree.
@Suite struct RevisionTwoTests {
    /// A case for esketamine on `date` with past sessions on `sessions` (each `dose` mg when
    /// given) and `request` fields spliced into the request object.
    static func caseText(date: String, requested: Int = 1, sessions: [String] = [], doses: [Int]? = nil,
                         request: String = "", authorization: String = #""prior_authorization": "approved", "approved_on": "2026-01-05""#,
                         extra: String = "") -> String {
        let items = sessions.enumerated().map { i, d in
            #"{"treatment": "esketamine", "date": "\#(d)""# + (doses.map { #", "dose_mg": \#($0[i])"# } ?? "") + "}"
        }
        return """
        {
          "id": "r2",
          "diagnoses": ["F33.2"],
          "request": { "treatment": "esketamine", "date": "\(date)", "sessions": \(requested), "billed_per_session": "100.00"\(request.isEmpty ? "" : ", " + request) },
          "provider": { "network": "in_network" },
          "authorization": { \(authorization) },
          "sessions": [\(items.joined(separator: ", "))],
          "plan": { "deductible_remaining": "0.00", "out_of_pocket_remaining": "5000.00" }\(extra.isEmpty ? "" : ",\n  " + extra)
        }
        """
    }

    /// The explained decision, after checking that the fast one agrees with it.
    static func decideBoth(_ policy: CheckedPolicy, _ json: String) throws -> Decision {
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        let compiled = CompiledPolicy(policy)
        let fast = try compiled.decide(c)
        let explained = try compiled.decide(c, explain: true, paths: false)
        #expect(fast.kind == explained.kind)
        #expect(fast.denialKind == explained.denialKind)
        #expect(fast.coveredSessions == explained.coveredSessions)
        #expect(fast.missing == explained.missing)
        #expect(fast.nextCoverableDate == explained.nextCoverableDate)
        #expect(fast.course == explained.course)
        return explained
    }

    static let induction = """
        cover esketamine "TRD" when true
        limit esketamine {
          8 sessions per 28 days during weeks 1-4
          4 sessions per 28 days from week 5
          new course after 3 months without sessions
        }
        """

    // MARK: Courses and phases

    @Test func maintenanceRightAfterInductionCountsOnlyMaintenance() throws {
        let policy = try checked(Self.induction)
        let induction = ["2026-04-06", "2026-04-09", "2026-04-13", "2026-04-16", "2026-04-20", "2026-04-23", "2026-04-27", "2026-04-30"]
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-05-04", sessions: induction))
        #expect(d.kind == .covered)
        #expect(d.course?.week == 5)
        #expect(d.course?.review == .continuation)
        let maintenance = try #require(d.sessionLimits.last)
        #expect(maintenance.applies && maintenance.used == 0 && maintenance.notCounted == 7)
    }

    @Test func aRestartAfterABreakIsWeekOneOfANewCourse() throws {
        let policy = try checked(Self.induction)
        // A maintenance course in 2025, then four months without sessions.
        let old = ["2025-10-06", "2025-10-13", "2025-10-20", "2025-10-27", "2025-11-03", "2025-11-10"]
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-03-16", requested: 2, sessions: old))
        #expect(d.course?.week == 1)
        #expect(d.course?.review == .initial)
        #expect(d.course?.restarted == true)
        #expect(d.sessionLimits.map(\.applies) == [true, false])
        #expect(d.kind == .covered && d.coveredSessions == 2)
        // Without the break line the same request would be week 24 of one long course.
        let oneCourse = try checked(Self.induction.replacingOccurrences(of: "new course after 3 months without sessions", with: ""))
        let long = try Self.decideBoth(oneCourse, Self.caseText(date: "2026-03-16", requested: 2, sessions: old))
        #expect(long.course?.week == 24)
        #expect(long.course?.review == .continuation)
    }

    @Test func theBreakIsMoreThanItsDuration() throws {
        let policy = try checked(Self.induction)
        // Exactly 3 months after the last session: the same course; a day later: a new one.
        let same = try Self.decideBoth(policy, Self.caseText(date: "2026-04-10", sessions: ["2026-01-10"]))
        #expect(same.course?.review == .continuation)
        let next = try Self.decideBoth(policy, Self.caseText(date: "2026-04-11", sessions: ["2026-01-10"]))
        #expect(next.course?.review == .initial)
    }

    @Test func nextCoverableDateFollowsANewCourse() throws {
        // One session a week from week 2: the next session is coverable on the first day of
        // the new course, where the week-1 line (with room) applies.
        let policy = try checked("""
            cover esketamine when true
            limit esketamine {
              2 sessions per 7 days during weeks 1-1
              0 sessions per 60 days from week 2
              new course after 20 days without sessions
            }
            """)
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-03-10", sessions: ["2026-03-02"]))
        #expect(d.denialKind == .limitReached)
        // 2026-03-02 + 20 days = 2026-03-22; a session on 2026-03-23 starts a new course.
        #expect(d.nextCoverableDate?.description == "2026-03-23")
    }

    // MARK: Review kinds

    static let reviews = """
        cover esketamine "initial" for initial when patient.severe "severe depression"
          requires prior_authorization lasting 4 weeks
        cover esketamine "continuation" for continuation when scores.response >= 50% "responded"
          requires prior_authorization
        limit esketamine {
          initial authorization lasts 2 months
          continuation authorization lasts 6 months
        }
        """

    @Test func aRuleOfTheOtherKindIsLeftOut() throws {
        let policy = try checked(Self.reviews)
        // Continuation (a past session): only the continuation rule is evaluated.
        let cont = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", sessions: ["2026-01-26"],
                                                             extra: #""scores": {"response": 0.3}, "patient": {"severe": true}"#))
        #expect(cont.kind == .denied && cont.denialKind == .criteriaNotMet)
        #expect(cont.reasons.map(\.title) == ["continuation"])
        // Initial (no past session): only the initial rule.
        let initial = try Self.decideBoth(policy, Self.caseText(date: "2026-01-20", extra: #""scores": {"response": 0.3}, "patient": {"severe": true}"#))
        #expect(initial.kind == .covered)
        #expect(initial.reasons.map(\.title) == ["initial"])
        // The case may state the kind.
        let stated = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", request: #""review": "continuation""#,
                                                               extra: #""scores": {"response": 0.6}"#))
        #expect(stated.course?.review == .continuation && stated.course?.reviewGiven == true)
        #expect(stated.kind == .covered)
    }

    @Test func noRuleForTheKindIsNoCoverageRule() throws {
        let policy = try checked("cover esketamine for initial when true")
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", sessions: ["2026-01-26"]))
        #expect(d.denialKind == .noCoverageRule)
        #expect(d.reasons.isEmpty)
    }

    @Test func requestReviewReadsTheDerivedKind() throws {
        let policy = try checked(#"cover esketamine when request.review == "continuation""#)
        #expect(try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", sessions: ["2026-01-26"])).kind == .covered)
        #expect(try Self.decideBoth(policy, Self.caseText(date: "2026-02-02")).denialKind == .criteriaNotMet)
    }

    // MARK: Authorization lengths

    @Test func theRulesLastingWinsThenTheKindsLineThenThePlainOne() throws {
        let policy = try checked(Self.reviews)
        let severe = #""patient": {"severe": true}, "scores": {"response": 0.6}"#
        // Initial rule: its own 4 weeks (approved 2026-01-05: valid through 2026-02-01).
        let inTime = try Self.decideBoth(policy, Self.caseText(date: "2026-02-01", extra: severe))
        #expect(inTime.kind == .covered)
        let late = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", extra: severe))
        #expect(late.kind == .pending)
        #expect(late.unmet.first?.text.contains("valid for 4 weeks") == true)
        // Continuation rule: the block's continuation line, 6 months.
        let cont = try Self.decideBoth(policy, Self.caseText(date: "2026-07-04", sessions: ["2026-06-29"], extra: severe))
        #expect(cont.kind == .covered)
        let contLate = try Self.decideBoth(policy, Self.caseText(date: "2026-07-05", sessions: ["2026-06-29"], extra: severe))
        #expect(contLate.kind == .pending)
        // A plain line serves both kinds when a kind has no line of its own.
        let plain = try checked("""
            cover esketamine when true
              requires prior_authorization
            limit esketamine { authorization lasts 1 month  continuation authorization lasts 3 months }
            """)
        #expect(try Self.decideBoth(plain, Self.caseText(date: "2026-02-05")).kind == .pending)
        #expect(try Self.decideBoth(plain, Self.caseText(date: "2026-02-05", sessions: ["2026-02-01"])).kind == .covered)
    }

    // MARK: Denials

    @Test func anExperimentalDenyHasItsOwnKindAndTheFirstTrueDenyNamesIt() throws {
        let policy = try checked("""
            deny esketamine "E&I" as experimental when patient.ptsd "PTSD"
            deny esketamine "Contraindications" when patient.pregnant "pregnancy"
            cover esketamine when true
            """)
        let ptsd = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", extra: #""patient": {"ptsd": true, "pregnant": true}"#))
        #expect(ptsd.denialKind == .experimental)
        #expect(ptsd.denialReason.contains("experimental"))
        let pregnant = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", extra: #""patient": {"ptsd": false, "pregnant": true}"#))
        #expect(pregnant.denialKind == .excluded)
        let json = JSONWriter.write(ptsd.json, pretty: false)
        #expect(json.contains(#""denial_kind":"experimental""#))
    }

    @Test func aDeniedAuthorizationIsADenial() throws {
        let policy = try checked("""
            cover esketamine when true
              requires prior_authorization
              requires document "PHQ-9"
            """)
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", authorization: #""prior_authorization": "denied""#))
        #expect(d.kind == .denied && d.denialKind == .authorizationDenied)
        #expect(d.cost?.planPays == .zero)
        // Pending or none stays pending.
        let pending = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02", authorization: #""prior_authorization": "pending""#))
        #expect(pending.kind == .pending)
        // A rule that does not require authorization does not care.
        let free = try checked("cover esketamine when true")
        #expect(try Self.decideBoth(free, Self.caseText(date: "2026-02-02", authorization: #""prior_authorization": "denied""#)).kind == .covered)
    }

    // MARK: Dose limits

    static let doses = """
        cover esketamine when true
        limit esketamine {
          168 mg per 7 days during weeks 1-4
          84 mg per 7 days from week 5
        }
        """

    @Test func aDoseLimitCutsTheSessionsThatDoNotFit() throws {
        let policy = try checked(Self.doses)
        // Week 1: 84 mg given on 2026-03-02; 84 mg left, a request for two sessions of 56 mg fits one.
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-03-05", requested: 2, sessions: ["2026-03-02"], doses: [84],
                                                          request: #""dose_mg": 56"#))
        #expect(d.kind == .partiallyCovered && d.coveredSessions == 1)
        let check = try #require(d.doseLimits.first)
        #expect(check.used == 84 && check.remaining == 84 && check.sessionsAllowed == 1)
        #expect(d.nextCoverableDate?.description == "2026-03-09")
    }

    @Test func aDoseLimitReachedNamesTheNextDate() throws {
        let policy = try checked(Self.doses)
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-03-05", sessions: ["2026-03-02", "2026-03-04"], doses: [84, 84],
                                                          request: #""dose_mg": 84"#))
        #expect(d.denialKind == .limitReached)
        #expect(d.nextCoverableDate?.description == "2026-03-09")
        #expect(d.denialReason.contains("dose limit"))
        // In maintenance (week 5 on), only maintenance doses count: the induction's do not.
        let week5 = try Self.decideBoth(policy, Self.caseText(date: "2026-03-30", sessions: ["2026-03-02", "2026-03-26", "2026-03-27"],
                                                              doses: [84, 84, 84], request: #""dose_mg": 84"#))
        #expect(week5.kind == .covered)
    }

    @Test func aMissingDoseIsMissingInformation() throws {
        let policy = try checked(Self.doses)
        let noRequestDose = try Self.decideBoth(policy, Self.caseText(date: "2026-03-05", sessions: ["2026-03-02"], doses: [84]))
        #expect(noRequestDose.kind == .needsInformation)
        #expect(noRequestDose.missing == ["request.dose_mg"])
        let noPastDose = try Self.decideBoth(policy, Self.caseText(date: "2026-03-05", sessions: ["2026-03-02"], request: #""dose_mg": 56"#))
        #expect(noPastDose.missing == ["sessions[0].dose_mg"])
        // Pending on a requirement: the cost is unknown without the dose.
        let pa = try checked(Self.doses.replacingOccurrences(of: "cover esketamine when true", with: "cover esketamine when true requires prior_authorization"))
        let pending = try Self.decideBoth(pa, Self.caseText(date: "2026-03-05", authorization: #""prior_authorization": "none""#))
        #expect(pending.kind == .pending)
        #expect(pending.cost == nil && pending.costMissing == ["request.dose_mg"])
    }

    // MARK: Syntax and checks

    @Test func misplacedWordsAreErrors() {
        let forOnDeny = diagnostics("deny esketamine for initial when true")
        #expect(forOnDeny.contains { $0.message.contains("allowed only in `cover` rules") })
        let experimentalCover = diagnostics("cover esketamine as experimental when true")
        #expect(experimentalCover.contains { $0.message.contains("allowed only in `deny` rules") })
        let badKind = diagnostics("cover esketamine for renewal when true")
        #expect(badKind.contains { $0.message.contains("`initial` or `continuation`") })
        let twice = diagnostics("cover esketamine when true\nlimit esketamine { continuation authorization lasts 1 month\n continuation authorization lasts 2 months }")
        #expect(twice.contains { $0.message.contains("given twice") })
        let zero = diagnostics("cover esketamine when true\nlimit esketamine { 0 mg per 7 days  new course after 0 days without sessions }")
        #expect(zero.contains { $0.message.contains("more than 0 mg") })
        #expect(zero.contains { $0.message.contains("at least 1 day") })
    }

    @Test func wordsOfTheNewSyntaxStayNames() throws {
        // `initial`, `course`, `mg` are contextual: still usable as case fields.
        let policy = try checked("cover esketamine when patient.initial and history.course.mg > 1")
        let d = try Self.decideBoth(policy, Self.caseText(date: "2026-02-02",
                                                          extra: #""patient": {"initial": true}, "history": {"course": {"mg": 2}}"#))
        #expect(d.kind == .covered)
    }

    @Test func malformedReviewAndDoseAreCaseErrors() throws {
        let policy = try checked("cover esketamine when true")
        for (request, path) in [(#""review": "renewal""#, "request.review"), (#""dose_mg": -1"#, "request.dose_mg"),
                                (#""dose_mg": "56""#, "request.dose_mg")] {
            #expect(throws: CaseError.self) {
                _ = try CaseDecoder.decode(bytes: Array(Self.caseText(date: "2026-02-02", request: request).utf8), vocabulary: policy.vocabulary)
            }
            do {
                _ = try CaseDecoder.decode(bytes: Array(Self.caseText(date: "2026-02-02", request: request).utf8), vocabulary: policy.vocabulary)
            } catch {
                #expect(error.path == path)
            }
        }
    }
}
