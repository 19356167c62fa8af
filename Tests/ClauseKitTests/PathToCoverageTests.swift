import Foundation
import Testing
@testable import ClauseKit

/// Decides a case, finds its paths to coverage, and checks each proposed path by applying its
/// edits to the case and deciding again.
func paths(_ policy: CheckedPolicy, _ json: String) throws -> (Decision, [CoveragePath], PatientCase) {
    let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
    let d = try CompiledPolicy(policy).decide(c, explain: true)
    return (d, d.pathsToCoverage ?? [], c)
}

/// Applies a path's edits and re-decides: the independent check of a proposed path.
func redecide(_ policy: CheckedPolicy, _ c: PatientCase, _ path: CoveragePath) throws -> Decision {
    let changed = try c.applying(path.changes.flatMap(\.edits), vocabulary: policy.vocabulary)
    return try CompiledPolicy(policy).decide(changed, explain: true, paths: false)
}

func specPolicy(_ name: String) throws -> CheckedPolicy {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Policies/\(name).clause")
    let source = SourceFile(name: name, bytes: [UInt8](try Data(contentsOf: url)))
    guard let p = Checker.check(source: source).policy else { throw TestFailure(description: "\(name) does not check") }
    return p
}

func specCase(_ policy: String, _ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Policies/cases/\(policy)/\(name).json")
    return String(decoding: try Data(contentsOf: url), as: UTF8.self)
}

@Suite struct PathToCoverageTests {
    @Test func ageBelowThresholdNamesTheValueThatPasses() throws {
        let policy = try checked("""
            define adult = patient.age >= 18 "member is 18 or older"
            cover esketamine "Adults" when { adult }
            """)
        let (d, ps, c) = try paths(policy, caseJSON(extra: #""patient": {"age": 16}"#))
        #expect(d.denialKind == .criteriaNotMet)
        #expect(ps.count == 1)
        let change = try #require(ps.first?.changes.first)
        #expect(change.text == "patient.age at least 18 (now 16)")
        #expect(change.criterion == "member is 18 or older")
        #expect(change.edits == [.set(["patient", "age"], .number(18, text: "18"))])
        let after = try redecide(policy, c, try #require(ps.first))
        #expect(after.kind == .covered)
        #expect(ps.first?.verified == true)
    }

    @Test func strictComparisonsStepPastTheBoundary() throws {
        let policy = try checked("cover esketamine when scores.phq9 > 19 and scores.madrs < 10")
        let (_, ps, c) = try paths(policy, caseJSON(extra: #""scores": {"phq9": 12, "madrs": 30}"#))
        let texts = ps.first?.changes.map(\.text) ?? []
        #expect(texts == ["scores.phq9 more than 19 (now 12)", "scores.madrs less than 10 (now 30)"])
        #expect(try redecide(policy, c, try #require(ps.first)).kind == .covered)
    }

    @Test func anyBlockGivesOnePathPerEntrySmallestFirst() throws {
        let policy = try checked("""
            cover esketamine when any {
              scores.phq9 >= 20 "PHQ-9 of 20 or more"
              { scores.madrs >= 35  history.ect_trial } "MADRS 35+ after ECT"
            }
            """)
        let (_, ps, c) = try paths(policy, caseJSON(extra: #""scores": {"phq9": 12, "madrs": 20}, "history": {"ect_trial": false}"#))
        #expect(ps.map(\.changes.count) == [1, 2])
        for p in ps { #expect(try redecide(policy, c, p).kind == .covered) }
    }

    @Test func atLeastNeedsOnlyTheMissingCount() throws {
        let policy = try checked("""
            cover esketamine when at least 2 of { patient.a  patient.b  patient.c }
            """)
        let (_, ps, c) = try paths(policy, caseJSON(extra: #""patient": {"a": true, "b": false, "c": false}"#))
        #expect(ps.count == 2)
        #expect(ps.allSatisfy { $0.changes.count == 1 })
        for p in ps { #expect(try redecide(policy, c, p).kind == .covered) }
    }

    @Test func distinctCountUsesTheLabelAndAddsAQualifyingTrial() throws {
        let policy = try checked("""
            define trials = distinct(history.trials.drug_class where weeks >= 6 and improvement <= 25%) >= 2
              "a second antidepressant class failed (6+ weeks, 25% or less improvement)"
            cover esketamine when { trials }
              requires prior_authorization
            """)
        let json = caseJSON(extra: #""history": {"trials": [{"drug_class": "SSRI", "weeks": 8, "improvement": "10%"}]}"#)
            .replacingOccurrences(of: #""prior_authorization": "approved""#, with: #""prior_authorization": "none""#)
        let (d, ps, c) = try paths(policy, json)
        #expect(d.denialKind == .criteriaNotMet)
        let p = try #require(ps.first)
        #expect(p.changes.map(\.kind) == [.fact, .requirement])
        #expect(p.changes[0].text.hasPrefix("a second antidepressant class failed (6+ weeks, 25% or less improvement): 1 more different drug_class"))
        #expect(p.sentence.hasPrefix("Covered if the record documents: a second antidepressant class failed"))
        #expect(p.sentence.hasSuffix("; and: prior authorization approved (current status: none)."))
        #expect(p.changes.map(\.nature) == [.clinicalFact, .action])
        #expect(try redecide(policy, c, p).kind == .covered)
    }

    @Test func denyMustNotApplyOrItsUnlessMustHold() throws {
        let policy = try checked("""
            deny esketamine "Pregnancy" when patient.pregnant "pregnancy" unless patient.specialist_approval "specialist approval"
            cover esketamine when patient.age >= 18
            """)
        let (d, ps, c) = try paths(policy, caseJSON(extra: #""patient": {"age": 30, "pregnant": true, "specialist_approval": false}"#))
        #expect(d.denialKind == .excluded)
        #expect(Set(ps.compactMap { $0.changes.first?.text }) == ["patient.pregnant is false (now true)", "patient.specialist_approval is true (now false)"])
        for p in ps { #expect(try redecide(policy, c, p).kind == .covered) }
    }

    @Test func missingFactThatDecidesIsAMissingFactChange() throws {
        let policy = try checked("""
            deny esketamine when patient.pregnant "pregnancy"
            cover esketamine when patient.age >= 18
            """)
        let (d, ps, c) = try paths(policy, caseJSON(extra: #""patient": {"age": 30}"#))
        #expect(d.kind == .needsInformation)
        let change = try #require(ps.first?.changes.first)
        #expect(change.kind == .missingFact)
        #expect(change.text == "patient.pregnant is false (not given)")
        #expect(try redecide(policy, c, try #require(ps.first)).kind == .covered)
    }

    @Test func notCoveredTierProposesEachCoveredTier() throws {
        let policy = try checked("cover esketamine when patient.age >= 18")
        let (d, ps, c) = try paths(policy, caseJSON(network: "excluded_tier", extra: #""patient": {"age": 30}"#))
        #expect(d.denialKind == .tierNotCovered)
        #expect(ps.count == 3)
        #expect(ps.allSatisfy { $0.changes.first?.kind == .network })
        for p in ps { #expect(try redecide(policy, c, p).kind == .covered) }
    }

    @Test func pendingListsEachUnmetRequirement() throws {
        let policy = try checked("""
            cover esketamine when patient.age >= 18
              requires prior_authorization
              requires referral
              requires document "treatment plan"
            """)
        let json = caseJSON(extra: #""patient": {"age": 30}, "documents": []"#)
            .replacingOccurrences(of: #""prior_authorization": "approved""#, with: #""prior_authorization": "pending""#)
        let (d, ps, c) = try paths(policy, json)
        #expect(d.kind == .pending)
        #expect(ps.first?.changes.map(\.kind) == [.requirement, .requirement, .requirement])
        #expect(try redecide(policy, c, try #require(ps.first)).kind == .covered)
    }

    @Test func noCoverRuleHasNoPath() throws {
        let (d, ps, _) = try paths(try checked("deny esketamine when patient.pregnant"), caseJSON(extra: #""patient": {"pregnant": false}"#))
        #expect(d.denialKind == .noCoverageRule)
        #expect(ps.isEmpty)
    }

    @Test func coveredHasNoPath() throws {
        let (d, ps, _) = try paths(try checked("cover esketamine when patient.age >= 18"), caseJSON(extra: #""patient": {"age": 40}"#))
        #expect(d.kind == .covered)
        #expect(ps.isEmpty)
    }

    @Test func limitReachedWaitsForTheNextCoverableDate() throws {
        let policy = try checked("""
            cover esketamine when patient.age >= 18
            limit esketamine { 2 sessions per 28 days }
            """)
        let sessions = #""sessions": [{"treatment": "esketamine", "date": "2026-02-20"}, {"treatment": "esketamine", "date": "2026-02-25"}]"#
        let (d, ps, c) = try paths(policy, caseJSON(date: "2026-03-02", extra: #""patient": {"age": 40}, "# + sessions))
        #expect(d.denialKind == .limitReached)
        #expect(d.nextCoverableDate == Day(iso: "2026-03-20"))
        let wait = try #require(ps.first?.changes.first)
        #expect(wait.kind == .date)
        #expect(wait.text.contains("2026-03-20"))
        #expect(try redecide(policy, c, try #require(ps.first)).kind == .covered)
    }

    @Test func everySpecCasePathIsVerifiedWhenConcrete() throws {
        for (policyName, caseName) in [("acme-ppo", "one-drug-class"), ("acme-ppo", "prior-auth-missing"),
                                       ("acme-ppo", "pregnancy-unknown"), ("acme-ppo", "pregnancy-excluded"),
                                       ("acme-ppo", "iv-ketamine-off-label"), ("acme-ppo", "out-of-network-no-referral"),
                                       ("acme-ppo", "document-missing"), ("acme-ppo", "psychosis-comorbid-excluded"),
                                       ("valley-hmo", "bipolar-excluded"), ("valley-hmo", "out-of-network"),
                                       ("valley-hmo", "at-least-two-unknown"), ("valley-hmo", "iv-documents-missing")] {
            let policy = try specPolicy(policyName)
            let (d, ps, c) = try paths(policy, try specCase(policyName, caseName))
            #expect(d.kind != .covered, "\(caseName)")
            #expect(!ps.isEmpty, "\(caseName) has no path")
            for p in ps where p.changes.allSatisfy({ !$0.edits.isEmpty }) {
                #expect(try redecide(policy, c, p).kind == .covered, "\(caseName): \(p.sentence)")
            }
        }
    }

    @Test func benefitMaximumWaitRenewsTheLapsedAuthorization() throws {
        let policy = try specPolicy("valley-hmo")
        let (d, ps, c) = try paths(policy, try specCase("valley-hmo", "iv-benefit-maximum"))
        #expect(d.kind == .partiallyCovered)
        let p = try #require(ps.first)
        #expect(p.changes.map(\.kind) == [.date, .requirement])
        #expect(p.changes[0].text.hasPrefix("the request dated on or after 2026-06-02"))
        #expect(p.sentence.hasPrefix("Next session covered if:"))
        // On that date the maximum has room for part of a session again: sessions are covered.
        let later = try redecide(policy, c, p)
        #expect(later.kind == .partiallyCovered && later.coveredSessions > 0)
        #expect(p.verified == true)
    }

    @Test func partialOffersFewerSessionsAndALaterDate() throws {
        let policy = try specPolicy("acme-ppo")
        let (d, ps, c) = try paths(policy, try specCase("acme-ppo", "induction-cap-partial"))
        #expect(d.kind == .partiallyCovered)
        #expect(ps.count == 2)
        let fewer = try #require(ps.first { $0.changes.first?.kind == .sessions })
        #expect(try redecide(policy, c, fewer).kind == .covered)
        let wait = try #require(ps.first { $0.changes.first?.kind == .date })
        // 2026-03-30 begins week 5, whose maintenance cap counts only maintenance sessions
        // (LANGUAGE.md revision 2): the first maintenance session is covered right after induction.
        #expect(wait.changes[0].text.contains("2026-03-30"))
        let later = try redecide(policy, c, wait)
        #expect(later.coveredSessions > 0)
    }
}

@Suite struct PathToCoverageLimitsTests {
    /// A wide `at least N of` block must not enumerate every combination.
    @Test func wideAtLeastBlockStaysBounded() throws {
        let entries = (1...40).map { "patient.f\($0)" }.joined(separator: "\n  ")
        let policy = try checked("cover esketamine when at least 20 of {\n  \(entries)\n}")
        let facts = (1...40).map { "\"f\($0)\": false" }.joined(separator: ", ")
        let (d, ps, c) = try paths(policy, caseJSON(extra: "\"patient\": {\(facts)}"))
        #expect(d.denialKind == .criteriaNotMet)
        let p = try #require(ps.first)
        #expect(p.changes.count == 20)
        #expect(try redecide(policy, c, p).kind == .covered)
    }

    @Test func impossibleCriterionHasNoPath() throws {
        let (d, ps, _) = try paths(try checked("cover esketamine when 1 > 2"), caseJSON())
        #expect(d.denialKind == .criteriaNotMet)
        #expect(ps.isEmpty)
    }

    @Test func missingDiagnosesAndNetworkAreSuppliedByThePath() throws {
        let policy = try specPolicy("acme-ppo")
        let original = try CaseDecoder.decode(bytes: Array(try specCase("acme-ppo", "covered-in-network").utf8),
                                              vocabulary: policy.vocabulary)
        // Drop the diagnoses and the provider's tier.
        let root = original.root.applying(.remove(["diagnoses"])).applying(.remove(["provider", "network"]))
        let json = JSONWriter.write(root)
        let (d, ps, c) = try paths(policy, json)
        #expect(d.kind == .needsInformation)
        #expect(Set(d.missing) == ["diagnoses", "provider.network"])
        let p = try #require(ps.first)
        #expect(p.changes.contains { $0.text == "diagnoses given, none in `psychosis`" && $0.kind == .missingFact })
        #expect(p.changes.contains { $0.path == "provider.network" && $0.kind == .missingFact })
        #expect(try redecide(policy, c, p).kind == .covered)
    }

    @Test func changesImpliedByOthersAreDroppedOnceTried() throws {
        let policy = try checked("""
            policy "P" { version "1" effective 2026-01-01 }
            codes mdd = icd10 { F33.2 }
            codes ptsd = icd10 { F43.10 }
            treatment iv "IV ketamine" { billing hcpcs J3490  fda investigational for ptsd }
            deny iv when fda investigational
            cover iv when diagnosis in mdd
            """, withHeader: false)
        let json = #"{"request": {"treatment": "iv", "date": "2026-03-02", "sessions": 1}}"#
        let (d, ps, c) = try paths(policy, json)
        #expect(d.kind == .needsInformation)
        let p = try #require(ps.first)
        // "FDA status not investigational" has no value to set, but follows from the diagnosis.
        #expect(p.changes.map(\.text) == ["a diagnosis in `mdd` (e.g. F33.2)"])
        #expect(p.verified == true)
        #expect(try redecide(policy, c, p).kind == .covered)
    }
}
