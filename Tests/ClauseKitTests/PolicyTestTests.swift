import Testing
@testable import ClauseKit

/// Policy test files: parsing, running, coverage.
private let policyText = """
policy "P" { effective 2026-01-01 }
codes mdd = icd10 { F33.* }
treatment esketamine "Spravato" { billing hcpcs J0013 }
define adult = patient.age >= 18 "adult"
cover esketamine "Adults with depression" when {
  adult
  diagnosis in mdd                     "depression"
}
deny esketamine "Pregnancy" when patient.pregnant
network { tier in_network copay $40 }
"""

private let caseJSON = """
{ "patient": { "age": 30, "pregnant": false }, "diagnoses": ["F33.1"],
  "request": { "treatment": "esketamine", "date": "2026-03-01", "sessions": 2, "billed_per_session": "500.00" },
  "provider": { "network": "in_network" }, "plan": { "out_of_pocket_remaining": "1000.00" } }
"""

private func policy() throws -> CheckedPolicy {
    let result = Checker.check(source: SourceFile(name: "p.clause", text: policyText))
    return try #require(result.policy)
}

private func parse(_ text: String) throws(TestFileError) -> PolicyTestFile {
    try TestFileParser.parse(SourceFile(name: "t.tests", text: text))
}

@Test func testFileParses() throws {
    let file = try parse("""
    # comment
    policy "../p.clause"
    test "one" case "cases/a.json"
      decision denied  denial criteria_not_met
      sessions 0 of 2  plan_pays $0  patient_pays $1,000.00
      tier in_network  missing a.b, c.d   unmet prior_authorization, document
      deciding "Adults with depression", line 5
    test "two" case { "request": { "x": "}" } }   # a brace inside a string
      error "unknown treatment"
      deciding none
    """)
    #expect(file.policy == "../p.clause")
    #expect(file.tests.map(\.name) == ["one", "two"])
    #expect(file.tests[0].expectations.count == 9)
    #expect(file.tests[0].line == 3)
    if case .inline(let json) = file.tests[1].caseSource {
        #expect(json == #"{ "request": { "x": "}" } }"#)
    } else {
        Issue.record("expected an inline case")
    }
    if case .deciding(let refs) = file.tests[0].expectations[8].kind {
        #expect(refs == [.title("Adults with depression"), .line(5)])
    }
}

@Test func testFileErrorsArePositioned() {
    #expect(throws: TestFileError.self) { try parse("test \"x\" case \"a.json\" decision maybe") }
    do {
        _ = try parse("policy \"p\"\ntest \"x\" case \"a.json\"\n  colour red")
    } catch {
        #expect(error.line == 3)
        #expect(error.column == 3)
        #expect(error.message.hasPrefix("unknown expectation `colour`"))
    }
    do {
        _ = try parse("test \"x\" case { \"a\": 1 ")
    } catch {
        #expect(error.message.contains("never closed"))
    }
}

@Test func passingAndFailingExpectations() throws {
    let p = try policy()
    let good = try parse("""
    test "covered" case "x"
      decision covered denial none sessions 2 of 2 plan_pays $920.00 patient_pays $80.00 tier in_network
      deciding "Adults with depression"
    """).tests[0]
    let pass = TestRunner.run(good, policy: p, caseBytes: Array(caseJSON.utf8))
    #expect(pass.passed, "\(pass.mismatches)")
    #expect(pass.decision?.kind == .covered)

    let bad = try parse("""
    test "wrong" case "x"
      decision denied
      patient_pays $1.00
      deciding line 9
    """).tests[0]
    let fail = TestRunner.run(bad, policy: p, caseBytes: Array(caseJSON.utf8))
    #expect(fail.mismatches.map(\.what) == ["decision", "patient_pays", "deciding rules"])
    #expect(fail.mismatches[0].expected == "denied")
    #expect(fail.mismatches[0].actual == "covered")
    #expect(fail.mismatches[0].line == 2)
    #expect(fail.mismatches[1].actual == "$80.00")
    #expect(fail.mismatches[2].actual == "\"Adults with depression\" (line 5)")
}

@Test func expectedAndUnexpectedErrors() throws {
    let p = try policy()
    let refused = Array(#"{ "request": { "treatment": "psilocybin", "date": "2026-03-01", "sessions": 1 } }"#.utf8)
    let expecting = try parse("test \"e\" case \"x\" error \"unknown treatment\"").tests[0]
    #expect(TestRunner.run(expecting, policy: p, caseBytes: refused).passed)
    let notExpecting = try parse("test \"e\" case \"x\" decision covered").tests[0]
    let outcome = TestRunner.run(notExpecting, policy: p, caseBytes: refused)
    #expect(outcome.mismatches.first?.actual.contains("unknown treatment") == true)
    #expect(!TestRunner.run(expecting, policy: p, caseBytes: Array(caseJSON.utf8)).passed)
}

@Test func coverageCountsOutcomes() throws {
    let p = try policy()
    var collector = CoverageCollector(policy: p)
    #expect(collector.report.rules.count == 2)
    #expect(collector.report.criteria.map(\.text) == ["adult", "depression", "patient.pregnant"])
    #expect(collector.report.covered == 0)
    #expect(collector.report.total == 10)
    let patientCase = try CaseDecoder.decode(bytes: Array(caseJSON.utf8), vocabulary: p.vocabulary)
    collector.record(try CompiledPolicy(p).decide(patientCase, explain: true, paths: false))
    let report = collector.report
    #expect(report.rules[0].seen == [.true])
    #expect(report.rules[0].decided == 1)
    #expect(report.rules[1].seen == [.false])
    #expect(report.criteria.allSatisfy { $0.seen.count == 1 })
    #expect(report.covered == 5)
    #expect(report.percent == 50)
    #expect(report.rulesNeverDeciding.map(\.line) == [9])
}
