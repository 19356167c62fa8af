import Foundation
import Testing
@testable import ClauseCLI

/// When typed input is finished (`Continuation`), how wide text is on screen (`DisplayWidth`),
/// and the session commands that keep work (`:save`, `:show policy --plain`).
@Suite struct ContinuationTests {
    let rule = """
    cover esketamine "Adults" when {
      patient.age >= 18
    }
    """

    @Test func aCoverRuleCanBeContinuedByRequires() {
        #expect(Continuation.canContinue(rule))
        #expect(Continuation.continues(rule, with: "  requires prior_authorization"))
        #expect(Continuation.continues(rule, with: "requires document \"PHQ-9\""))
        // A broken requirement still belongs to the rule (its error is the rule's).
        #expect(Continuation.continues(rule, with: "  requires nothing_like_this"))
    }

    @Test func aDenyRuleCanBeContinuedByUnless() {
        let deny = "deny iv_ketamine \"Off label\" when fda off_label"
        #expect(Continuation.canContinue(deny))
        #expect(Continuation.continues(deny, with: "  unless request.clinical_trial"))
        #expect(Continuation.continues(deny, with: "  and patient.age < 18"))
    }

    @Test func aDefineOverSeveralLinesCanBeContinuedByItsLabel() {
        let define = "define adult =\n  patient.age >= 18"
        #expect(Continuation.canContinue(define))
        #expect(Continuation.continues(define, with: "  \"member is 18 or older\""))
        #expect(!Continuation.canContinue(define + "\n  \"member is 18 or older\""))
    }

    @Test func otherLinesDoNotContinueAndOtherDeclarationsAreCompleteAtOnce() {
        #expect(!Continuation.continues(rule, with: ""))
        #expect(!Continuation.continues(rule, with: ":eval"))
        #expect(!Continuation.continues(rule, with: "# a comment"))
        #expect(!Continuation.continues(rule, with: "define adult = patient.age >= 18"))
        #expect(!Continuation.continues(rule, with: "patient.age"))
        #expect(!Continuation.canContinue("define adult = patient.age >= 18"))
        #expect(!Continuation.canContinue("codes mdd = icd10 { F33.* }"))
        #expect(!Continuation.canContinue("treatment t \"T\" { billing hcpcs J0013 }"))
        // Unfinished or broken text is not "complete", so it is not held.
        #expect(!Continuation.canContinue("cover esketamine when {"))
        #expect(!Continuation.canContinue("cover esketamine when patient.age >= >= 1"))
    }

    @Test func openBracketsAreCountedOnTokens() {
        #expect(Continuation.openBrackets("define x = any {") == 1)
        #expect(Continuation.openBrackets("define x = any { count(") == 2)
        #expect(Continuation.openBrackets("define x = any { a }") == 0)
        #expect(Continuation.openBrackets("define x = \"{\" # {") == 0)
        #expect(Continuation.openBrackets("}}") == 0)
        // Line by line, from the lines before.
        #expect(Continuation.openBrackets("  scores.phq9 >= 20", from: 1) == 1)
        #expect(Continuation.openBrackets("}", from: 1) == 0)
    }
}

@Suite struct DisplayWidthTests {
    @Test func wideCharactersTakeTwoColumnsAndCombiningMarksNone() {
        #expect(DisplayWidth.of("a") == 1)
        #expect(DisplayWidth.of("≥") == 1)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("한") == 2)
        #expect(DisplayWidth.of("ｶ") == 1)  // halfwidth katakana
        #expect(DisplayWidth.of("Ａ") == 2)  // fullwidth A
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("❤️") == 2)   // with the emoji presentation selector
        #expect(DisplayWidth.of("e\u{301}") == 1)  // one character: e and a combining accent
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of("\u{200B}") == 0)
    }

    @Test func theCursorIsPlacedByColumnsNotCharacters() {
        var editor = LineEditor()
        _ = editor.feed(Array("\"日本語\"".utf8))
        _ = editor.feed([0x1B] + Array("[D".utf8))  // ← before the closing quote
        let (text, drawn) = editor.draw(prompt: "> ", columns: 80)
        #expect(text == "\r> \"日本語\"\u{1B}[K\u{1B}[1D")
        #expect(drawn.width == 2 + 8)
        #expect(drawn.cursorColumn == 2 + 7)
    }

    @Test func completionCandidatesLineUpByColumns() {
        let listed = TerminalInput.columnize(["日本.json", "ab.json", "c.json"], width: 30)
        #expect(listed == "日本.json  ab.json\r\nc.json\r\n")
    }

    @Test func aLongLineScrollsWithMarkersAndFitsTheWidth() {
        var editor = LineEditor()
        _ = editor.feed(Array(String(repeating: "日", count: 60).utf8))
        let (end, drawnEnd) = editor.draw(prompt: "> ", columns: 40)
        #expect(end.hasPrefix("\r> <日"))
        #expect(!end.contains(">\u{1B}[K"))
        #expect(drawnEnd.width <= 39)
        _ = editor.feed(0x01)  // Ctrl-A: to the start
        let (start, drawnStart) = editor.draw(prompt: "> ", columns: 40)
        #expect(start.hasPrefix("\r> 日"))
        #expect(start.contains("日>\u{1B}[K"))
        #expect(drawnStart.width <= 39)
        #expect(drawnStart.cursorColumn == 2)
        for _ in 0..<30 { _ = editor.feed(0x06) }  // to the middle: both markers
        let (middle, drawnMiddle) = editor.draw(prompt: "> ", columns: 40)
        #expect(middle.hasPrefix("\r> <"))
        #expect(middle.contains(">\u{1B}[K"))
        #expect(drawnMiddle.width <= 39)
    }
}

@Suite struct HistorySearchTests {
    let history = ["patient.age >= 18", ":eval", "count(sessions)", ":eval esketamine"]

    func type(_ bytes: [UInt8]) -> (LineEditor, LineEditor.Action) {
        var editor = LineEditor(history: history)
        var last = LineEditor.Action.none
        for b in bytes { last = editor.feed(b) }
        return (editor, last)
    }

    @Test func ctrlRFindsTheNewestMatchAndEnterRunsIt() {
        let (e, last) = type([0x12] + Array("eval".utf8))
        #expect(last == .redraw)
        #expect(e.render(prompt: "> ", columns: 80).contains("(reverse-i-search)`eval': :eval esketamine"))
        let (_, submitted) = type([0x12] + Array("eval".utf8) + [0x0D])
        #expect(submitted == .submit(":eval esketamine"))
    }

    @Test func ctrlRAgainFindsAnOlderMatchAndAnArrowKeepsItForEditing() {
        let (_, older) = type([0x12] + Array("eval".utf8) + [0x12, 0x0D])
        #expect(older == .submit(":eval"))
        let (edited, _) = type([0x12] + Array("age".utf8) + [0x1B] + Array("[D".utf8) + Array("X".utf8))
        #expect(edited.line == "patient.age >= 1X8")
        #expect(edited.search == nil)
    }

    @Test func noMatchRingsAndCtrlGGivesUp() {
        let (_, none) = type([0x12] + Array("zzz".utf8))
        #expect(none == .bell)
        let (failed, _) = type([0x12] + Array("zzz".utf8))
        #expect(failed.render(prompt: "> ", columns: 80).contains("(failed reverse-i-search)`zzz': "))
        let (e, _) = type(Array("draft".utf8) + [0x12] + Array("eval".utf8) + [0x07])
        #expect(e.line == "draft")
        #expect(e.search == nil)
    }

    @Test func aTabInsideABracketedPasteIsText() {
        var e = LineEditor()
        _ = e.feed([0x1B] + Array("[200~a".utf8))
        #expect(e.pasting)
        #expect(e.feed(0x09) == .redraw)
        _ = e.feed([0x1B] + Array("[201~".utf8))
        #expect(!e.pasting)
        #expect(e.line == "a    ")
        #expect(e.feed(0x09) == .complete)
    }
}

@Suite struct ReplKeepingWorkTests {
    func repl(_ args: [String], _ script: String) -> (code: Int32, out: String, err: String) {
        let out = StringSink(), err = StringSink()
        let code = CLI(out: out, err: err, environment: ["NO_COLOR": "1"]).runRepl(args, input: ScriptInput(text: script))
        return (code, out.text, err.text)
    }

    let policy = path("Policies/acme-ppo.clause")

    @Test func saveWritesTheFormattedPolicyWithTypedDeclarationsInPlace() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("clause-save-\(getpid()).clause").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = repl([policy], """
            define adult = patient.age >= 21   "member is 21 or older"
            define extra_check = patient.age < 90
            :save \(file)
            """)
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("saved the session's policy to \(file)"))
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        let lines = saved.components(separatedBy: "\n")
        let original = try String(contentsOfFile: policy, encoding: .utf8).components(separatedBy: "\n")
        // The replaced define sits on the original's line; the new one comes at the end.
        let at = try #require(original.firstIndex { $0.hasPrefix("define adult") })
        #expect(lines[at] == "define adult = patient.age >= 21 \"member is 21 or older\"")
        #expect(lines.filter { $0.hasPrefix("define adult") }.count == 1)
        #expect(lines.last(where: { !$0.isEmpty }) == "define extra_check = patient.age < 90")
        // It reads back as a policy and is already formatted.
        let check = run(["check", file])
        #expect(check.code == 0, "\(check.err)")
        #expect(run(["fmt", "--check", file]).code == 0)
    }

    @Test func saveRefusesAPolicyWithoutAHeader() {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("clause-nohead-\(getpid()).clause").path
        let r = repl([], "define adult = patient.age >= 18\n:save \(file)\n")
        #expect(r.code == 1)
        #expect(r.err.contains("no `policy` header"))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func showPolicyHasAGutterThatPlainRemoves() {
        let r = repl([policy], ":show policy\n:show policy --plain\n:show policy --numbers\n")
        #expect(r.out.contains(" 5 | policy \"Acme Health PPO: Ketamine and Esketamine\" {\n"))
        #expect(r.out.contains("\npolicy \"Acme Health PPO: Ketamine and Esketamine\" {\n"))
        #expect(r.err.contains("`:show policy` takes only `--plain`"))
    }

    @Test func aCaseLoadsBeforeThePolicyFitsItAndIsDecidedOnceItDoes() {
        let covered = path("Policies/cases/acme-ppo/covered-in-network.json")
        let r = repl(["--case", covered], "patient.age\n:load \(policy)\npatient.age\n")
        #expect(r.out.contains("it cannot be decided until the policy fits it"))
        #expect(r.out.contains("unknown treatment `esketamine`"))
        #expect(r.out.contains("now fits the policy and can be decided"))
        #expect(r.out.hasSuffix("34   (patient.age = 34)\n"))
    }

    @Test func aRequiresLineContinuesTheRuleBeforeIt() {
        let pending = path("Policies/cases/acme-ppo/prior-auth-missing.json")
        let rule = """
            cover esketamine "Esketamine for treatment-resistant depression" when {
              adult
              diagnosis in major_depression
              adequate_trials
              medications.oral_antidepressant
              provider.rems_certified
            }
              requires prior_authorization
            :eval
            """
        let r = repl([policy, "--case", pending], rule)
        #expect(r.err.isEmpty, "\(r.err)")
        #expect(r.out.contains("Pending: eligible, but 1 requirement is not met yet: prior authorization"))
    }

    @Test func anErrorInABlockIsReportedOnceAtTheScriptsLine() {
        let r = repl([policy], "\n\ndefine severe = any {\n  scores.phq9 => 20\n  scores.madrs >= 35\n  more\n}\n")
        #expect(r.err.components(separatedBy: "error:").count == 2, "\(r.err)")
        #expect(r.err.hasPrefix("<stdin>:4:"))
    }
}
