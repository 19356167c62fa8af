import Foundation
import Testing
@testable import ClauseKit

/// Re-decides a witness under a policy, independently of the diff.
func outcome(_ policy: CheckedPolicy, _ witness: JSONValue) throws -> Decision {
    try CompiledPolicy(policy).decide(try CaseDecoder.decode(witness, vocabulary: policy.vocabulary))
}

@Suite struct PolicyDiffTests {
    @Test func examplePairFindsTheTrialCountAndTheEffectiveDate() throws {
        let a = try specPolicy("versions/acme-ppo-2026.1")
        let b = try specPolicy("versions/acme-ppo-2026.2")
        var diff = PolicyDiff(old: a, new: b)
        let changes = diff.changes()
        #expect(diff.casesTried > 50)
        let trials = try #require(changes.first { $0.subject == "history.trials" })
        #expect(trials.old.decision == .covered)
        #expect(trials.new.denialKind == .criteriaNotMet)
        // Two classes taken 8 weeks: enough before, one short now.
        #expect(trials.values.contains("2 entries of different drug_class with weeks 8, improvement 0.25"))
        // Three classes taken 7 weeks: enough before, too short now.
        #expect(trials.values.contains("3 entries of different drug_class with weeks 7, improvement 0.25"))
        let date = try #require(changes.first { $0.subject == "request.date" && $0.treatment == "esketamine" })
        #expect(date.values == ["2026-01-01", "2026-06-30"])
        #expect(date.new.denialKind == .policyNotInEffect)
        // Every witness shows what the change says, decided afresh under each version.
        for c in changes {
            let o = try outcome(a, c.witness), n = try outcome(b, c.witness)
            #expect(o.kind == c.old.decision && o.denialKind == c.old.denialKind, "\(c.subject)")
            #expect(n.kind == c.new.decision && n.denialKind == c.new.denialKind, "\(c.subject)")
        }
    }

    @Test func identicalVersionsHaveNoChanges() throws {
        let a = try specPolicy("acme-ppo")
        var diff = PolicyDiff(old: a, new: a)
        #expect(diff.changes().isEmpty)
        #expect(diff.casesTried > 50)
    }

    @Test func ageThresholdChangeNamesEveryAgeInBetween() throws {
        let old = try checked("cover esketamine when patient.age >= 18")
        let new = try checked("cover esketamine when patient.age >= 21")
        var diff = PolicyDiff(old: old, new: new)
        let changes = diff.changes()
        let age = try #require(changes.first { $0.subject == "patient.age" })
        #expect(Set(age.values) == ["18", "19", "20"])
        #expect(age.old.decision == .covered && age.new.denialKind == .criteriaNotMet)
        // Besides the age itself, only the old version's own baseline (age 18) differs.
        #expect(changes.allSatisfy { $0.subject == "patient.age" || $0.subject.hasPrefix("a case built to be covered") })
    }

    @Test func codeSetTierAndFDAChangesAreFound() throws {
        let old = try checked("""
            codes mdd = icd10 { F32.0-F32.5, F33.9 }
            cover esketamine when diagnosis in mdd
            """)
        let new = try checked("""
            codes mdd = icd10 { F32.0-F32.4 }
            cover esketamine when diagnosis in mdd
            """)
        var diff = PolicyDiff(old: old, new: new)
        let changes = diff.changes()
        let codes = try #require(changes.first { $0.subject == "diagnoses" })
        #expect(codes.values.contains("only F32.5"))
        #expect(codes.values.contains("only F33.9"))
        #expect(!codes.values.contains("only F32.4"))

        let tierOld = try checked("cover esketamine when patient.age >= 18", withHeader: true)
        let tierNew = try checked("""
            policy "Test policy" { payer "Test" version "2" effective 2026-01-01 }
            treatment esketamine "Spravato" { billing hcpcs J0013 }
            network {
              tier in_network coinsurance 20% after deductible
              tier copay_tier not covered
              tier both_tier copay $10 coinsurance 10%
              tier excluded_tier not covered
            }
            cover esketamine when patient.age >= 18
            """, withHeader: false)
        var tierDiff = PolicyDiff(old: tierOld, new: tierNew)
        let tier = try #require(tierDiff.changes().first { $0.subject == "provider.network" })
        #expect(tier.values == ["copay_tier"])
        #expect(tier.new.denialKind == .tierNotCovered)
    }

    @Test func fdaApprovalDateIsABoundary() throws {
        func policy(_ since: String) throws -> CheckedPolicy {
            try checked("""
                policy "P" { version "1" effective 2019-01-01 }
                codes mdd = icd10 { F33.2 }
                treatment esketamine "Spravato" { billing hcpcs J0013  fda approved for mdd since \(since) }
                cover esketamine when fda approved
                """, withHeader: false)
        }
        var diff = PolicyDiff(old: try policy("2019-03-05"), new: try policy("2020-08-01"))
        let changes = diff.changes()
        #expect(changes.contains { $0.subject == "request.date" && $0.values.contains("2019-03-05") })
    }

    @Test func costShareChangeIsADecisionChange() throws {
        let old = try checked("cover esketamine when patient.age >= 18")
        let new = try checked("cover esketamine when patient.age >= 18".replacingOccurrences(of: "x", with: "x"))
        // Same rules, a dearer tier: the member's share changes on the in_network tier.
        let dearer = try checked("""
            policy "Test policy" { payer "Test" version "2" effective 2026-01-01 }
            treatment esketamine "Spravato" { billing hcpcs J0013 }
            network {
              tier in_network coinsurance 30% after deductible
              tier copay_tier copay $40
              tier both_tier copay $10 coinsurance 10%
              tier excluded_tier not covered
            }
            cover esketamine when patient.age >= 18
            """, withHeader: false)
        var same = PolicyDiff(old: old, new: new)
        #expect(same.changes().isEmpty)
        var diff = PolicyDiff(old: old, new: dearer)
        let changes = diff.changes()
        let change = try #require(changes.first)
        #expect(change.old.patientPays == Money(cents: 2000))
        #expect(change.new.patientPays == Money(cents: 3000))
        #expect(change.new.description == "covered, member pays $30.00")
    }
}

@Suite struct PolicyDiffBoundsTests {
    @Test func hugeConstantsAreNotProbedAndDoNotOverflow() throws {
        let big = "9223372036854775807"
        let old = try checked("""
            cover esketamine when count(history.trials) >= \(big)
            limit esketamine { \(big) sessions per 28 days }
            """)
        let new = try checked("""
            cover esketamine when count(history.trials) >= 2
            limit esketamine { \(big) sessions per 28 days }
            """)
        var diff = PolicyDiff(old: old, new: new)
        _ = diff.changes()
        #expect(diff.casesTried > 0)
    }

    @Test func hugeRequestWithBenefitMaximumStaysFast() throws {
        let policy = try checked("""
            cover esketamine when patient.age >= 18
            limit esketamine { $500 per 365 days }
            """)
        let (d, ps, _) = try paths(policy, caseJSON(sessions: 100_000, extra: #""patient": {"age": 40}"#))
        #expect(d.kind == .partiallyCovered)
        #expect(ps.allSatisfy { $0.changes.first?.kind != .date })
    }
}

@Suite struct PolicyDiffExclusionTests {
    @Test func aNewExclusionIsFoundWithItsTrigger() throws {
        let old = try checked("cover esketamine when patient.age >= 18")
        let new = try checked("""
            deny esketamine "Pregnancy" when patient.pregnant "pregnancy"
            cover esketamine when patient.age >= 18
            """)
        var diff = PolicyDiff(old: old, new: new)
        let changes = diff.changes()
        let pregnant = try #require(changes.first { $0.subject == "patient.pregnant" })
        #expect(pregnant.values == ["true"])
        #expect(pregnant.old.decision == .covered)
        #expect(pregnant.new.denialKind == .excluded)
    }
}

@Suite struct CaseEditTests {
    @Test func editsCreateReplaceAppendAndRemove() {
        var root: JSONValue = .obj([("a", .obj([("b", .int(1))]))])
        root = root.applying(.set(["a", "c", "d"], .bool(true)))
        root = root.applying(.append(["list"], .string("x")))
        root = root.applying(.append(["list"], .string("y")))
        root = root.applying(.remove(["a", "b"]))
        root = root.applying(.ensureList(["list"]))
        root = root.applying(.ensureList(["empty"]))
        #expect(JSONWriter.write(root, pretty: false) == #"{"a":{"c":{"d":true}},"list":["x","y"],"empty":[]}"#)
    }
}
