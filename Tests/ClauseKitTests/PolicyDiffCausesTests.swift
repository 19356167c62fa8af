import Foundation
import Testing
@testable import ClauseKit

/// `clause diff` groups the kinds of case by the change in the policy's text that causes them.
@Suite struct PolicyDiffCausesTests {
    static let oldText = header + """
        # Limits for esketamine.
        cover esketamine when patient.age >= 18
        limit esketamine {
          8 sessions per 28 days
          52 sessions per 365 days
        }
        """
    static let newText = header + """
        # Limits for esketamine, revised.
        cover esketamine when patient.age >= 18
        limit esketamine {
          6 sessions per 28 days
          52 sessions per 365 days
        }
        """

    @Test func oneChangedLimitLineGroupsItsWitnessesAndNamesTheLine() throws {
        let old = try checked(Self.oldText, withHeader: false), new = try checked(Self.newText, withHeader: false)
        var diff = PolicyDiff(old: old, new: new)
        let groups = diff.changeGroups(oldText: Self.oldText, newText: Self.newText)
        let caused = groups.filter { !$0.kinds.isEmpty }
        #expect(caused.count == 1)
        let limit = try #require(caused.first)
        #expect(limit.hunks.count == 1)
        let hunk = try #require(limit.hunks.first)
        #expect(hunk.old == ["  8 sessions per 28 days"])
        #expect(hunk.new == ["  6 sessions per 28 days"])
        let lineNumber = try #require(LineDiff.lines(Self.oldText).firstIndex(of: "  8 sessions per 28 days")) + 1
        #expect(hunk.oldLine == lineNumber && hunk.newLine == lineNumber)
        #expect(hunk.oldRange == "line \(lineNumber)")
        // Every kind of case the diff finds is caused by that line, and each witness shows it.
        #expect(limit.kinds.count == diff.changes().count)
        for kind in limit.kinds {
            let o = try outcome(old, kind.witness), n = try outcome(new, kind.witness)
            #expect(o.kind != n.kind || o.coveredSessions != n.coveredSessions, "\(kind.subject)")
        }
        // The comment's change decides nothing: it is listed apart, with no kinds of case.
        let quiet = groups.filter(\.kinds.isEmpty).flatMap(\.hunks)
        #expect(quiet.map(\.old) == [["# Limits for esketamine."]])
        // Witness ids are numbered in the order shown.
        let ids = limit.kinds.compactMap { k -> String? in
            if case .object(let o) = k.witness, case .string(let id)? = o["id"] { return id } else { return nil }
        }
        #expect(ids.enumerated().allSatisfy { $0.element.hasPrefix("diff-\($0.offset + 1)-") })
    }

    @Test func theExampleVersionsGroupFourKindsUnderTwoChanges() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let oldText = try String(contentsOf: root.appendingPathComponent("Policies/versions/acme-ppo-2026.1.clause"), encoding: .utf8)
        let newText = try String(contentsOf: root.appendingPathComponent("Policies/versions/acme-ppo-2026.2.clause"), encoding: .utf8)
        var diff = PolicyDiff(old: try specPolicy("versions/acme-ppo-2026.1"), new: try specPolicy("versions/acme-ppo-2026.2"))
        let groups = diff.changeGroups(oldText: oldText, newText: newText).filter { !$0.kinds.isEmpty }
        #expect(groups.count == 2)
        let effective = try #require(groups.first { g in g.hunks.contains { $0.new.contains("  effective 2026-07-01") } })
        #expect(effective.kinds.allSatisfy { $0.new.denialKind == .policyNotInEffect })
        #expect(Set(effective.kinds.map(\.treatment)) == ["esketamine", "iv_ketamine"])
        let trials = try #require(groups.first { g in g.hunks.contains { $0.old.contains { $0.contains("weeks >= 6") } } })
        #expect(trials.kinds.allSatisfy { $0.new.denialKind == .criteriaNotMet })
        // The baseline built under the old version and the trial-count variations: one change, not two.
        #expect(trials.kinds.contains { $0.subject == "history.trials" })
        #expect(trials.kinds.contains { $0.subject.hasPrefix("a case built to be covered") })
        #expect(trials.hunks.first?.new.contains { $0.contains("weeks >= 8 and improvement <= 25%) >= 3") } == true)
    }

    @Test func hunksOfALineDiff() {
        let h = LineDiff.hunks(["a", "b", "c", "d"], ["a", "B", "c", "d", "e"])
        #expect(h == [LineDiff.Hunk(oldLine: 2, old: ["b"], newLine: 2, new: ["B"]),
                      LineDiff.Hunk(oldLine: 5, old: [], newLine: 5, new: ["e"])])
        #expect(h[1].oldRange == "none (before line 5)")
    }
}

/// Each change is named by the declaration its lines belong to (issue #17).
@Suite struct PolicyDiffDeclarationTests {
    @Test func aChangedLimitLineIsNamedByItsLimitsBlockAndACommentByNothing() throws {
        let old = try checked(PolicyDiffCausesTests.oldText, withHeader: false)
        let new = try checked(PolicyDiffCausesTests.newText, withHeader: false)
        var diff = PolicyDiff(old: old, new: new)
        let groups = diff.changeGroups(oldText: PolicyDiffCausesTests.oldText, newText: PolicyDiffCausesTests.newText)
        #expect(groups.filter { !$0.kinds.isEmpty }.map(\.declarations) == [["limits of `esketamine`"]])
        // The comment line changed too, and belongs to no declaration.
        #expect(groups.filter(\.kinds.isEmpty).map(\.declarations) == [[]])
        let json = try #require(groups.first?.json)
        if case .object(let o) = json { #expect(o["declaration"] == .string("limits of `esketamine`")) }
    }

    @Test func linesNameTheRuleDefineAndTierTheyBelongTo() {
        let text = """
            policy "P" { version "1" }
            define adult = patient.age >= 18
            cover esketamine "Adults" when adult
            network {
              tier in_network coinsurance 20%
              tier out_of_network not covered
            }
            """
        #expect(PolicyDiff.declarations(in: text, lines: 1, count: 1) == ["policy header \"P\""])
        #expect(PolicyDiff.declarations(in: text, lines: 2, count: 2) == ["define `adult`", "cover rule \"Adults\""])
        #expect(PolicyDiff.declarations(in: text, lines: 6, count: 1) == ["network tier `out_of_network`"])
        #expect(PolicyDiff.declarations(in: text, lines: 3, count: 0).isEmpty)
    }
}
