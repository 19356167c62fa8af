import Foundation
import Testing
@testable import ClauseKit

/// The fast lane (`FastPredicate`) answers a rule only when it is certain, and then as the
/// closures (with or without a recorder) would. A policy with every shape the lane lowers (and some it
/// leaves to the closures), decided on a base case and on thousands of random edits of it.
enum FastLaneFixture {
    static let policy = """
    codes mdd = icd10 { F32.0-F32.5, F33.* }
    codes psychosis = icd10 { F20.*, F32.3 }
    define adult = patient.age >= 18
    define older = 65 <= patient.age
    define grown = adult
    define trials_ok = distinct(history.trials.drug_class where weeks >= 6 and improvement <= 25% and not augmented) >= 2
    define some_trials = count(history.trials where weeks > 0 or completed) >= 1
    define listed = count(history.trials) == 3
    deny esketamine "Exclusions" when any {
      diagnosis in psychosis
      patient.pregnant
      at least 2 of { history.seizures  history.stroke  history.aneurysm }
    } unless request.clinical_trial
    cover esketamine "Main" when {
      grown
      not older
      diagnosis in mdd
      trials_ok
      some_trials and listed
      medications.oral or medications.augmenting
      fda approved or fda off_label
      provider.network == "in_network" or provider.referral
      count(sessions where treatment == "esketamine") < 30
      scores.madrs < 60%
      prescriber.specialty in ["psychiatry", "psychiatric nurse practitioner"]
      ("SSRI" != history.first_class or history.first_class == "approved")
      count(history.trials where drug_class in ["SSRI", "SNRI"]) == 3
    }
    cover esketamine "Second" when at least 1 of {
      patient.age < 100
      patient.age - 1 > 10
    }
    """

    static let base = caseJSON(extra: """
    "patient": { "age": 34, "pregnant": false },
      "history": { "first_class": "SNRI", "seizures": false, "stroke": true, "aneurysm": false, "trials": [
        { "drug_class": "SSRI", "weeks": 8, "improvement": "10%", "augmented": false, "completed": true },
        null,
        { "drug_class": "SNRI", "weeks": 6, "improvement": 0.2, "augmented": false, "completed": false },
        { "drug_class": "SSRI", "weeks": 12, "improvement": "0%", "augmented": false, "completed": true }
      ] },
      "medications": { "oral": false, "augmenting": true },
      "scores": { "madrs": 0.3 },
      "prescriber": { "specialty": "psychiatry" },
      "sessions": [{ "date": "2026-02-01", "treatment": "esketamine" }]
    """)
}

@Test func fastLaneAnswersEveryRuleOfTheBaseCase() throws {
    let policy = try checked(FastLaneFixture.policy)
    let compiled = CompiledPolicy(policy)
    let c = try CaseDecoder.decode(bytes: Array(FastLaneFixture.base.utf8), vocabulary: policy.vocabulary)
    var state = FastState(fdaStatus: compiled.fda.status(c))
    let rules = compiled.denyRules[c.request.treatment] + compiled.coverRules[c.request.treatment]
    #expect(rules.count == 3)
    for rule in rules {
        let fast = rule.fastOutcome(c, &state)
        var ctx = EvalContext(c, fdaStatus: state.fdaStatus)
        let slow = try rule.evaluate(&ctx)
        #expect(fast != nil, "rule \(rule.index) left to the closures")
        #expect(fast == slow.outcome, "rule \(rule.index)")
    }
    #expect(try compiled.decide(c).kind == .covered)
    #expect(try CompiledPolicy(policy).decide(c, explain: true, paths: false).kind == .covered)
}

@Test func fastLaneGivesUpOnUnknownsAndWrongTypes() throws {
    let policy = try checked(FastLaneFixture.policy)
    let compiled = CompiledPolicy(policy)
    let cover = compiled.coverRules[0][1]  // "Second": `patient.age < 100`, first entry
    for (age, answered) in [("34", true), ("null", false), ("\"x\"", false), ("1e1", false), ("-0", false)] {
        let json = caseJSON(extra: #""patient": { "age": \#(age) }"#)
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        var state = FastState(fdaStatus: nil)
        #expect((cover.fastOutcome(c, &state) != nil) == answered, "age \(age)")
    }
}

@Test func fastLaneDecidesAsExplainedOnEditedCases() throws {
    let policy = try checked(FastLaneFixture.policy)
    let compiled = CompiledPolicy(policy)
    let root = try JSONReader.parse(Array(FastLaneFixture.base.utf8))
    var mutator = CaseMutator(state: 20_261_129)
    var compared = 0, answeredFast = 0
    for i in 0..<3000 {
        let v = i == 0 ? root : mutator.mutate(root)
        guard let c = try? CaseDecoder.decode(v, vocabulary: policy.vocabulary) else { continue }
        #expect(EquivalenceCorpus.explained(policy, c) == EquivalenceCorpus.compiled(compiled, c),
                "\(JSONWriter.write(v, pretty: false))")
        var state = FastState(fdaStatus: compiled.fda.status(c))
        if compiled.coverRules[c.request.treatment].allSatisfy({ $0.fastOutcome(c, &state) != nil }) { answeredFast += 1 }
        compared += 1
    }
    #expect(compared > 1000)
    // Most edits leave the facts the rules read intact: the lane must answer for them.
    #expect(answeredFast > compared / 4)
}

/// A chain of `depth` defines over `patient.age` (`d0` is `first`, `dN` is `next(N)`), the
/// rule `cover esketamine when RULE`, checked, compiled, and a case of a 40-year-old.
private func defineChain(first: String, depth: Int, next: (Int) -> String, rule: String) throws
    -> (CheckedPolicy, CompiledPolicy, PatientCase) {
    var text = "define d0 = \(first)\n"
    for i in 1...depth { text += "define d\(i) = \(next(i))\n" }
    text += "cover esketamine \"Chain\" when \(rule)\n"
    let policy = try checked(text)
    let c = try CaseDecoder.decode(bytes: Array(caseJSON(extra: #""patient": { "age": 40 }"#).utf8),
                                   vocabulary: policy.vocabulary)
    return (policy, CompiledPolicy(policy), c)
}

/// A define used twice in the next one, 30 deep: lowered once each (as the closures are), the
/// fast lane is built at once and answers; lowered per use it would need 2^30 nodes.
@Test func fastLaneSharesDefinesBetweenTheirUses() throws {
    let (policy, compiled, c) = try defineChain(first: "patient.age < 0", depth: 30,
                                                next: { "d\($0 - 1) and d\($0 - 1)" }, rule: "d30")
    var state = FastState(fdaStatus: nil)
    #expect(compiled.coverRules[0][0].fastOutcome(c, &state) == .false)
    #expect(try compiled.decide(c).denialKind == .criteriaNotMet)
    #expect(try CompiledPolicy(policy).decide(c, explain: true, paths: false).denialKind == .criteriaNotMet)
}

/// The lane, the closures and the checker share one nesting limit: a chain of defines as deep
/// as the checker allows (here 250, past the old limits of 100 and 200) is answered by the lane
/// and decided alike with and without explanation.
@Test func fastLaneFollowsDefineChainsAsDeepAsTheCheckerAllows() throws {
    let (policy, compiled, c) = try defineChain(first: "patient.age >= 18", depth: 250,
                                                next: { "d\($0 - 1)" }, rule: "{ d250 }")
    let block = try #require(compiled.coverRules[0][0].fastWhen as? BlockPredicate)
    #expect(block.entries.count == 1 && !(block.entries[0] is SlowPredicate))
    var state = FastState(fdaStatus: nil)
    #expect(compiled.coverRules[0][0].fastOutcome(c, &state) == .true)
    #expect(try compiled.decide(c).kind == CompiledPolicy(policy).decide(c, explain: true, paths: false).kind)
    #expect(try compiled.decide(c).kind != .denied)
}
