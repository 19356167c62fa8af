import Foundation
import Testing
@testable import ClauseKit

/// A policy using every construct of spec revision 2, spaced untidily, for the authoring tools'
/// tests (formatter, graph, lints, diff).
let revision2Policy = """
policy "Revision 2" { payer "Test" effective 2026-01-01 }
codes trd = icd10 { F32.*, F33.* }
treatment esketamine "Spravato" { billing hcpcs J0013  fda approved for trd }
treatment iv_ketamine "IV ketamine" { billing cpt 96365  fda investigational }
cover esketamine "TRD, initial"   for   initial when { diagnosis in trd  patient.age >= 18 }
  requires prior_authorization   lasting 4 weeks  # the initial approval
cover esketamine "TRD, continuation" for continuation when { diagnosis in trd  scores.madrs_improvement >= 50% }
  requires prior_authorization lasting 6 months
  requires document "MADRS score at baseline and now"
cover esketamine for continuation when request.dose_mg <= 84
deny iv_ketamine "E&I" as experimental when fda off_label unless request.clinical_trial
cover iv_ketamine "Trial" when request.clinical_trial
  requires prior_authorization
limit esketamine {
  8 sessions per 28 days during weeks 1-4
  4 sessions per 28 days from week 5
  168 mg per 7 days during weeks 1-4
  84.5   mg per 7 days from week 5
  56 mg per 1 day
  initial authorization lasts 4 weeks
  continuation   authorization lasts 6 months
  authorization lasts 6 months
  new course after 6 months without   sessions
}

"""

/// What a checked policy says through the revision-2 constructs, comparable across layouts.
func revision2Meaning(_ p: CheckedPolicy) -> [String] {
    var out = p.rules.map { r in
        "\(r.kind) \(r.treatments) review=\(r.review.map(\.rawValue) ?? "-") experimental=\(r.experimental) "
            + "lasting=\(r.authorizationLasts.map(\.description) ?? "-") requirements=\(r.requirements.map(ExpressionPrinter.requirement))"
    }
    for (t, l) in p.limits.enumerated() {
        out += l.sessions.map { "t\(t) \($0.count) sessions per \($0.per)\(ExpressionPrinter.phaseText($0.phase))" }
        out += l.doses.map { "t\(t) \($0.milligrams) mg per \($0.per)\(ExpressionPrinter.phaseText($0.phase))" }
        out += l.benefitMaximums.map { "t\(t) \($0.amount.cents) per \($0.per)" }
        out.append("t\(t) authorization \(l.authorizationLasts.map(\.description) ?? "-")")
        for kind in ReviewKind.allCases {
            out.append("t\(t) \(kind) authorization \(l.reviewAuthorizationLasts[kind].map(\.lasts.description) ?? "-")")
        }
        out.append("t\(t) new course \(l.newCourseAfter.map(\.description) ?? "-")")
    }
    return out
}

@Suite struct Revision2FormatterTests {
    @Test func everyRevision2ConstructIsPrintedAndMeansTheSame() throws {
        let source = SourceFile(name: "r2.clause", text: revision2Policy)
        let before = try #require(Checker.check(source: source).policy)
        let once = try #require(formatted(revision2Policy))
        #expect(formatted(once) == once, "formatting is idempotent")
        let after = try #require(Checker.check(source: SourceFile(name: "r2.clause", text: once)).policy)
        #expect(revision2Meaning(after) == revision2Meaning(before))
        #expect(structure(Parser.parse(SourceFile(name: "", text: once)).file)
                == structure(Parser.parse(source).file))
        // The constructs themselves, in canonical layout.
        for line in [
            #"cover esketamine "TRD, initial" for initial when {"#,
            "  requires prior_authorization lasting 4 weeks  # the initial approval",
            #"cover esketamine "TRD, continuation" for continuation when {"#,
            "  requires prior_authorization lasting 6 months",
            "cover esketamine for continuation when request.dose_mg <= 84",
            #"deny iv_ketamine "E&I" as experimental"#,
            "  168 mg per 7 days during weeks 1-4",
            "  84.5 mg per 7 days from week 5",
            "  56 mg per 1 day",
            "  initial authorization lasts 4 weeks",
            "  continuation authorization lasts 6 months",
            "  authorization lasts 6 months",
            "  new course after 6 months without sessions",
        ] {
            #expect(once.split(separator: "\n").contains { $0 == line }, "missing line: \(line)\n\(once)")
        }
    }

    @Test func aQualifiedRuleWithUnlessKeepsItsQualifierAndComment() throws {
        let text = """
        policy "T" { }
        treatment x "X" { }
        deny x "E&I" as experimental  # bulletin 12
          when patient.age < 18 unless request.clinical_trial
        cover x for initial when patient.age >= 18 requires prior_authorization lasting 30 days
        """
        let once = try #require(formatted(text))
        #expect(once.contains("deny x \"E&I\" as experimental  # bulletin 12\n  when patient.age < 18\n  unless request.clinical_trial\n"))
        #expect(once.contains("cover x for initial when patient.age >= 18\n  requires prior_authorization lasting 30 days\n"))
        #expect(formatted(once) == once)
    }
}
