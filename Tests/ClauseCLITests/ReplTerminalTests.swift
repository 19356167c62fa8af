import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `clause repl` in a real (pseudo-)terminal, as a person uses it: pasted and typed-ahead
/// lines, a rule over several lines with `requires`, Ctrl-C and Ctrl-D on `...>`, wide
/// characters, resizing the window and Ctrl-R. Each test waits for the output it expects (up
/// to 20 s, for a loaded machine) and fails with what the terminal showed.
@Suite(.serialized) struct ReplTerminalTests {
    static let esc = "\u{1B}"
    let policy = path("Policies/acme-ppo.clause")
    let covered = path("Policies/cases/acme-ppo/covered-in-network.json")

    func start(_ extra: [String] = [], columns: Int = 80) throws -> PseudoTerminal {
        try PseudoTerminal(["repl", policy, "--case", covered] + extra, columns: columns)
    }

    /// Expects `text` in what the terminal showed next; on failure shows what it did show.
    func expectOutput(_ terminal: PseudoTerminal, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let seen = terminal.waitFor(text)
        #expect(seen, "expected \(text.debugDescription); the terminal showed \(terminal.recent.debugDescription)",
                sourceLocation: sourceLocation)
    }

    @Test func typedAheadLinesAllRun() throws {
        let t = try start()
        // Sent before the REPL is even ready: nothing typed ahead is thrown away.
        t.send("10 + 1\r20 + 2\r30 + 3\r")
        expectOutput(t, "\r\n11\r\n")
        expectOutput(t, "\r\n22\r\n")
        expectOutput(t, "\r\n33\r\n")
        t.send("\u{4}")
        #expect(t.waitForExit() == 0)
    }

    @Test func aPasteWithoutBracketsRunsEveryLine() throws {
        let t = try start()
        expectOutput(t, "clause> ")
        t.send("define pasted = patient.age + 8\rpasted\rpasted * 2\r")
        expectOutput(t, "added define `pasted`")
        expectOutput(t, "\r\n42   (patient.age = 34)")
        expectOutput(t, "\r\n84   (patient.age = 34)")
    }

    @Test func aBracketedPasteRunsEveryLineAndKeepsTabsAsText() throws {
        let t = try start()
        expectOutput(t, "\(Self.esc)[?2004h")
        expectOutput(t, "clause> ")
        t.send("\(Self.esc)[200~define doubled = any {\r\tpatient.age > 30\r}\rdoubled\r\(Self.esc)[201~")
        expectOutput(t, "added define `doubled`")
        expectOutput(t, "\r\ntrue   (patient.age = 34)")
    }

    @Test func aRuleWithRequiresOnTheNextLineKeepsItsRequirement() throws {
        let pending = path("Policies/cases/acme-ppo/prior-auth-missing.json")
        let t = try PseudoTerminal(["repl", policy, "--case", pending])
        expectOutput(t, "clause> ")
        t.send("""
            cover esketamine "Esketamine for treatment-resistant depression" when {\r\
              adult\r\
              diagnosis in major_depression\r\
              adequate_trials\r\
              medications.oral_antidepressant\r\
              provider.rems_certified\r\
            }\r\
              requires prior_authorization\r
            """)
        // Complete, but a `requires` line could still follow: the rule waits on `...>`.
        expectOutput(t, "   ...>   requires prior_authorization\u{1B}[K\r\r\n\r   ...> ")
        t.send("\r")
        expectOutput(t, "replaces the one on line 31")
        t.send(":eval\r")
        expectOutput(t, "Pending: eligible, but 1 requirement is not met yet: prior authorization")
    }

    @Test func ctrlDAndCtrlCOnTheContinuationPromptCancelOnlyTheUnfinishedInput() throws {
        let t = try start()
        expectOutput(t, "clause> ")
        t.send("define unfinished = any {\r")
        expectOutput(t, "   ...> ")
        t.send("\u{4}")  // Ctrl-D
        expectOutput(t, "clause> ")
        t.send("unfinished\r")
        expectOutput(t, "unknown name `unfinished`")
        t.send("define other = any {\r  patient.age > 1\r")
        expectOutput(t, "   ...> ")
        t.send("\u{3}")  // Ctrl-C
        expectOutput(t, "^C")
        expectOutput(t, "clause> ")
        t.send("10 + 1\r")
        expectOutput(t, "\r\n11\r\n")
        // On an empty `clause>` prompt, Ctrl-D still leaves.
        t.send("\u{4}")
        #expect(t.waitForExit() == 0)
    }

    @Test func wideCharactersPutTheCursorInTheRightColumn() throws {
        let t = try start()
        expectOutput(t, "clause> ")
        t.send("\"日本語\"")
        expectOutput(t, "clause> \"日本語\"\(Self.esc)[K")
        // Ctrl-A, then two characters right: the cursor is after `"日`, 5 columns (本語") from the end.
        t.send("\u{1}\u{6}\u{6}")
        expectOutput(t, "clause> \"日本語\"\(Self.esc)[K\(Self.esc)[5D")
        t.send("\u{5}\r")
        expectOutput(t, "\r\n\"日本語\"\r\n")
    }

    @Test func shrinkingTheWindowClearsStaleRowsAndScrollsWithMarkers() throws {
        let t = try start(columns: 120)
        expectOutput(t, "clause> ")
        let long = "patient.age + " + Array(repeating: "1", count: 40).joined(separator: " + ")
        t.send(long)
        expectOutput(t, "+ 1\(Self.esc)[K")
        t.resize(columns: 40)
        // The old drawing wrapped over several rows at 40 columns: go up, clear, draw again.
        expectOutput(t, "A\r\(Self.esc)[J\rclause> <")
        expectOutput(t, "\(Self.esc)[K")
        let lastDraw = t.text.components(separatedBy: "\rclause> ").last ?? ""
        let drawn = lastDraw.components(separatedBy: "\(Self.esc)[K").first ?? ""
        #expect(8 + drawn.count <= 39, "the line fits the new width: \(drawn.debugDescription)")
        t.send("\r")
        expectOutput(t, "\r\n74   (patient.age = 34)")
    }

    @Test func ctrlRFindsAnEarlierLine() throws {
        let t = try start()
        expectOutput(t, "clause> ")
        t.send(":show tiers\r")
        expectOutput(t, "in_network")
        t.send("10 + 1\r")
        expectOutput(t, "\r\n11\r\n")
        t.send("\u{12}tie")
        expectOutput(t, "(reverse-i-search)`tie': :show tiers")
        t.send("\r")
        expectOutput(t, "in_network")
    }

    @Test func bareQuitLeaves() throws {
        let t = try start()
        expectOutput(t, "clause> ")
        t.send("quit\r")
        #expect(t.waitForExit() == 0)
    }

    @Test func aMistypedPolicyPathFailsAtOnce() throws {
        let t = try PseudoTerminal(["repl", path("Policies/no-such.clause")])
        expectOutput(t, "no such file")
        #expect(t.waitForExit() == 1)
    }
}
