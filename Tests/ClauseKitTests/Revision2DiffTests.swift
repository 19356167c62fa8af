import Foundation
import Testing
@testable import ClauseKit

/// `clause diff` between versions differing only in a revision-2 line finds witness cases.
@Suite struct Revision2DiffTests {
    let rules = """
    cover esketamine "TRD" when patient.age >= 18
      requires prior_authorization

    """

    func changes(_ old: String, _ new: String) throws -> (changes: [PolicyDiff.Change], old: CheckedPolicy, new: CheckedPolicy) {
        let a = try checked(old), b = try checked(new)
        var diff = PolicyDiff(old: a, new: b)
        let found = diff.changes()
        // Every witness shows what the change says, decided afresh under each version.
        for c in found {
            let o = try outcome(a, c.witness), n = try outcome(b, c.witness)
            #expect(o.kind == c.old.decision && o.denialKind == c.old.denialKind, "\(c.subject)")
            #expect(n.kind == c.new.decision && n.denialKind == c.new.denialKind, "\(c.subject)")
        }
        return (found, a, b)
    }

    @Test func aShorterContinuationAuthorizationIsFound() throws {
        let (found, _, _) = try changes(
            rules + "limit esketamine { authorization lasts 6 months }",
            rules + "limit esketamine { continuation authorization lasts 3 months  authorization lasts 6 months }")
        let change = try #require(found.first { $0.subject == "authorization.approved_on, continuation request" && $0.old.decision == .covered })
        #expect(change.new.decision == .pending)
        // Initial requests are unchanged.
        #expect(!found.contains { $0.subject.hasSuffix("initial request") })
    }

    @Test func aNewDoseLimitIsFound() throws {
        let (found, _, _) = try changes(
            rules + "limit esketamine { 8 sessions per 28 days }",
            rules + "limit esketamine { 8 sessions per 28 days  84 mg per 7 days }")
        let dose = try #require(found.first { $0.subject == "request.dose_mg" })
        #expect(dose.values.contains("85"))
        #expect(dose.old.decision == .covered && dose.new.decision != .covered)
        #expect(found.contains { $0.subject == "dose given so far" })
    }

    @Test func aNewCourseBreakIsFound() throws {
        let perKind = """
        cover esketamine "Initial" for initial when patient.age >= 18
        cover esketamine "Continuation" for continuation when patient.age >= 21

        """
        let (found, _, _) = try changes(
            perKind + "limit esketamine { 8 sessions per 28 days }",
            perKind + "limit esketamine { 8 sessions per 28 days  new course after 60 days without sessions }")
        // A session more than 60 days before the request: a new course (initial) under the new
        // version, a continuation under the old one.
        let change = try #require(found.first { $0.subject == "last session" })
        #expect(change.values.count == 1)
        #expect(change.old.decision != change.new.decision || change.old.denialKind != change.new.denialKind)
    }

    @Test func aRuleRestrictedToOneReviewKindIsFound() throws {
        let (found, _, _) = try changes(
            "cover esketamine \"TRD\" when patient.age >= 18\ncover esketamine \"Young\" when patient.age >= 12",
            "cover esketamine \"TRD\" when patient.age >= 18\ncover esketamine \"Young\" for initial when patient.age >= 12")
        // Ages 12-17 are covered for continuation requests under the old version only.
        let change = try #require(found.first { $0.subject == "patient.age, continuation request" },
                                  "\(found.map { "\($0.subject) \($0.values) \($0.old) → \($0.new)" })")
        #expect(change.values.contains("17") && change.old.decision == .covered && change.new.decision == .denied)
        #expect(!found.contains { $0.subject == "patient.age, initial request" })
    }
}
