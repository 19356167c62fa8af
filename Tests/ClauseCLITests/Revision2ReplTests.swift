import Foundation
import Testing
import ClauseKit
@testable import ClauseCLI

/// The REPL knows revision 2: completion offers its contextual words where they may come, and
/// `:show rules` / `:show limits` print its constructs.
@Suite struct Revision2ReplTests {
    var completer: Completer {
        var c = Completer()
        c.treatments = ["esketamine", "iv_ketamine"]
        c.defines = ["adult"]
        c.casePaths = ["request", "request.dose_mg", "request.review"]
        return c
    }

    func candidates(_ line: String, pending: String = "") -> [String] {
        var c = completer
        c.pending = pending
        return c.complete(line).candidates
    }

    @Test func aRuleHeadOffersItsQualifier() {
        #expect(candidates("cover esketamine \"TRD\" ") == ["for", "when"])
        #expect(candidates("cover esketamine \"TRD\" f") == ["for"])
        #expect(candidates("cover esketamine ") == ["for", "when"])
        #expect(candidates("deny iv_ketamine \"E&I\" ") == ["as", "when"])
        #expect(candidates("cover esketamine \"TRD\" for ") == ["initial", "continuation"])
        #expect(candidates("cover esketamine \"TRD\" for c") == ["continuation"])
        #expect(candidates("deny iv_ketamine \"E&I\" as ") == ["experimental"])
        #expect(candidates("cover esketamine for initial ") == ["when"])
        // Treatment names and criteria are still names.
        #expect(candidates("cover esk") == ["esketamine"])
        #expect(candidates("cover esketamine, iv") == ["iv_ketamine"])
        #expect(candidates("cover esketamine when ad") == ["adult"])
        #expect(candidates("cover esketamine when request.d") == ["request.dose_mg"])
    }

    @Test func showLimitsCompletesTreatments() {
        #expect(candidates(":show li") == ["limits"])
        #expect(candidates(":show limits es") == ["esketamine"])
    }

    @Test func priorAuthorizationOffersLasting() {
        #expect(candidates("  requires prior_authorization ", pending: "cover esketamine when adult") == ["lasting"])
        #expect(candidates("cover esketamine when adult requires prior_authorization l") == ["lasting"])
    }

    let lineStarts = ["initial authorization lasts", "continuation authorization lasts", "authorization lasts", "new course after"]

    @Test func aLimitBlockOffersItsLineWords() {
        let open = "limit esketamine {"
        #expect(candidates("  168 ", pending: open) == ["mg", "sessions"])
        #expect(candidates("  168 m", pending: open) == ["mg"])
        #expect(candidates("  168 mg ", pending: open) == ["per"])
        #expect(candidates("  168 mg per 7 ", pending: open) == ["days", "weeks", "months", "years"])
        #expect(candidates("  168 mg per 7 days ", pending: open) == ["during weeks", "from week"] + lineStarts)
        #expect(candidates("  ", pending: open) == lineStarts)
        #expect(candidates("  in", pending: open) == ["initial authorization lasts"])
        #expect(candidates("  c", pending: open) == ["continuation authorization lasts"])
        #expect(candidates("  n", pending: open) == ["new course after"])
        #expect(candidates("  continuation ", pending: open) == ["authorization lasts"])
        #expect(candidates("  new course after 6 months ", pending: open) == ["without sessions"])
        #expect(candidates("limit esketamine { 4 sessions per 28 days ") == ["during weeks", "from week"] + lineStarts)
        #expect(candidates("  initial authorization lasts 4 weeks ", pending: open) == lineStarts)
        // After the block closes, names again.
        #expect(candidates("es", pending: "limit esketamine { 4 sessions per 28 days }") == ["esketamine"])
    }

    func repl(_ script: String) -> (code: Int32, out: String, err: String) {
        let out = StringSink(isTerminal: false), err = StringSink(isTerminal: false)
        let code = CLI(out: out, err: err, environment: [:]).runRepl([], input: ScriptInput(text: script))
        return (code, out.text, err.text)
    }

    @Test func showPrintsRevision2Constructs() {
        let script = revision2Script + ":show rules\n:show limits\n:show limits iv_ketamine\n:show limits nothing\n"
        let r = repl(script)
        #expect(r.out.contains("cover esketamine \"TRD, initial\" for initial, prior authorization lasting 4 weeks  line "))
        #expect(r.out.contains("cover esketamine \"TRD, continuation\" for continuation  line "))
        #expect(r.out.contains("deny iv_ketamine \"E&I\" as experimental  line "))
        #expect(r.out.contains("limit esketamine  line 6\n  8 sessions per 28 days during weeks 1-4     line 7\n"
                               + "  168 mg per 7 days during weeks 1-4          line 8\n"))
        for line in ["84.5 mg per 7 days from week 5", "initial authorization lasts 4 weeks",
                     "continuation authorization lasts 6 months", "new course after 6 months without sessions"] {
            #expect(r.out.contains("  " + line), "\(line) in\n\(r.out)")
        }
        #expect(r.out.contains("(no limits for `iv_ketamine`)"))
        #expect(r.err.contains("unknown treatment `nothing`"))
    }

    /// The revision-2 declarations typed at the prompt, a line at a time.
    let revision2Script = """
    treatment esketamine "Spravato" { billing hcpcs J0013 }
    treatment iv_ketamine "IV ketamine" { billing cpt 96365 }
    cover esketamine "TRD, initial" for initial when patient.age >= 18 requires prior_authorization lasting 4 weeks
    cover esketamine "TRD, continuation" for continuation when request.dose_mg <= 84
    deny iv_ketamine "E&I" as experimental when fda off_label
    limit esketamine {
      8 sessions per 28 days during weeks 1-4
      168 mg per 7 days during weeks 1-4
      84.5   mg per 7 days from week 5
      initial authorization lasts 4 weeks
      continuation authorization lasts 6 months
      new course after 6 months without sessions
    }

    """
}
