import Testing
@testable import ClauseCLI

/// The line editor's key handling, fed the bytes a terminal sends.
@Suite struct LineEditorTests {
    static let esc: UInt8 = 0x1B

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Feeds bytes and returns the editor with the last action.
    func type(_ input: [UInt8], history: [String] = []) -> (LineEditor, LineEditor.Action) {
        var editor = LineEditor(history: history)
        var last = LineEditor.Action.none
        for b in input { last = editor.feed(b) }
        return (editor, last)
    }

    @Test func typingInsertsAndEnterSubmits() {
        var editor = LineEditor()
        #expect(editor.feed(bytes("age")) == [.redraw, .redraw, .redraw])
        #expect(editor.feed(0x0D) == .submit("age"))
        #expect(editor.feed(0x0A) == .submit("age"))
    }

    @Test func utf8IsDecodedAcrossBytes() {
        let (editor, last) = type(bytes("≥ é"))
        #expect(editor.line == "≥ é")
        #expect(editor.cursor == 3)
        #expect(last == .redraw)
        var partial = LineEditor()
        #expect(partial.feed(0xE2) == .none)
        #expect(partial.feed(0x89) == .none)
        #expect(partial.feed(0xA5) == .redraw)
        #expect(partial.line == "≥")
    }

    @Test func arrowsMoveTheCursorAndInsertInTheMiddle() {
        // "ac", ←, "b" → "abc"
        let (editor, _) = type(bytes("ac") + [Self.esc] + bytes("[D") + bytes("b"))
        #expect(editor.line == "abc")
        #expect(editor.cursor == 2)
        // → at the end rings the bell
        var e = editor
        #expect(e.feed([Self.esc] + bytes("[C")) == [.none, .none, .redraw])
        #expect(e.feed([Self.esc] + bytes("[C")).last == .bell)
    }

    @Test func homeAndEndInEveryEncoding() {
        for home in ["[H", "OH", "[1~", "[7~"] {
            let (e, _) = type(bytes("abc") + [Self.esc] + bytes(home))
            #expect(e.cursor == 0, "home \(home)")
        }
        for end in ["[F", "OF", "[4~", "[8~"] {
            let (e, _) = type(bytes("abc") + [0x01] + [Self.esc] + bytes(end))
            #expect(e.cursor == 3, "end \(end)")
        }
        let (a, _) = type(bytes("abc") + [0x01])
        #expect(a.cursor == 0)
        let (e, _) = type(bytes("abc") + [0x01, 0x05])
        #expect(e.cursor == 3)
    }

    @Test func backspaceAndDelete() {
        let (e1, _) = type(bytes("abc") + [0x7F])
        #expect(e1.line == "ab")
        let (e2, _) = type(bytes("abc") + [0x08])
        #expect(e2.line == "ab")
        // Delete (ESC [3~) removes the character under the cursor.
        let (e3, _) = type(bytes("abc") + [0x01] + [Self.esc] + bytes("[3~"))
        #expect(e3.line == "bc")
        #expect(e3.cursor == 0)
        // Backspace at the start rings the bell and changes nothing.
        let (e4, last) = type(bytes("abc") + [0x01, 0x7F])
        #expect(e4.line == "abc")
        #expect(last == .bell)
    }

    @Test func ctrlWDeletesTheWordBeforeTheCursor() {
        let (e, _) = type(bytes("patient.age >= 18  ") + [0x17])
        #expect(e.line == "patient.age >= ")
        let (e2, _) = type(bytes("patient.age >= 18") + [0x17, 0x17])
        #expect(e2.line == "patient.age ")
        // Ctrl-Y puts the deleted word back.
        let (e3, _) = type(bytes("a bc") + [0x17, 0x19])
        #expect(e3.line == "a bc")
    }

    @Test func ctrlUAndCtrlKDeleteBeforeAndAfterTheCursor() {
        // "hello world", 5 × ←, Ctrl-U
        let left = [Self.esc] + bytes("[D")
        let (e, _) = type(bytes("hello world") + Array(repeating: left, count: 5).flatMap { $0 } + [0x15])
        #expect(e.line == "world")
        #expect(e.cursor == 0)
        let (k, _) = type(bytes("hello world") + Array(repeating: left, count: 5).flatMap { $0 } + [0x0B])
        #expect(k.line == "hello ")
    }

    @Test func wordMovesWithAltAndCtrlArrows() {
        let (e, _) = type(bytes("one two three") + [Self.esc] + bytes("b"))
        #expect(e.cursor == 8)
        let (e2, _) = type(bytes("one two three") + [Self.esc] + bytes("[1;5D") + [Self.esc] + bytes("[1;5D"))
        #expect(e2.cursor == 4)
        let (e3, _) = type(bytes("one two") + [0x01] + [Self.esc] + bytes("f"))
        #expect(e3.cursor == 3)
    }

    @Test func ctrlCCancelsAndCtrlDEndsOnlyAnEmptyLine() {
        let (_, cancel) = type(bytes("half a line") + [0x03])
        #expect(cancel == .cancel)
        let (_, end) = type([0x04])
        #expect(end == .endOfInput)
        // On a non-empty line Ctrl-D deletes the character under the cursor.
        let (e, last) = type(bytes("ab") + [0x01, 0x04])
        #expect(e.line == "b")
        #expect(last == .redraw)
    }

    @Test func historyUpAndDownKeepTheDraft() {
        let up = [Self.esc] + bytes("[A"), down = [Self.esc] + bytes("[B")
        let history = [":case a.json", "patient.age >= 18"]
        let (e1, _) = type(bytes("dra") + up, history: history)
        #expect(e1.line == "patient.age >= 18")
        #expect(e1.cursor == 17)
        let (e2, last2) = type(bytes("dra") + up + up + up, history: history)
        #expect(e2.line == ":case a.json")
        #expect(last2 == .bell)
        let (e3, _) = type(bytes("dra") + up + up + down + down, history: history)
        #expect(e3.line == "dra")
        // Ctrl-P / Ctrl-N do the same.
        let (e4, _) = type([0x10, 0x10, 0x0E], history: history)
        #expect(e4.line == "patient.age >= 18")
    }

    @Test func tabAsksForCompletionAndOneCandidateIsInserted() {
        var e = LineEditor()
        _ = e.feed(bytes(":sh"))
        #expect(e.feed(0x09) == .complete)
        #expect(e.complete(start: 0, candidates: [":show"]) == .redraw)
        #expect(e.line == ":show ")
    }

    @Test func severalCandidatesExtendToTheCommonPrefixThenList() {
        var e = LineEditor()
        _ = e.feed(bytes("patient.a"))
        // "age" and "address" share only the "a" already typed: list them.
        #expect(e.complete(start: 0, candidates: ["patient.age", "patient.address", "provider"])
                == .showCandidates(["patient.age", "patient.address"]))
        #expect(e.line == "patient.a")
        var f = LineEditor()
        _ = f.feed(bytes("hist"))
        #expect(f.complete(start: 0, candidates: ["history.trials", "history.treatments"]) == .redraw)
        #expect(f.line == "history.tr")
        #expect(f.complete(start: 0, candidates: ["history.trials", "history.treatments"])
                == .showCandidates(["history.trials", "history.treatments"]))
        // A path segment ending in `.` gets no space after it.
        var g = LineEditor()
        _ = g.feed(bytes("pat"))
        _ = g.complete(start: 0, candidates: ["patient."])
        #expect(g.line == "patient.")
        var none = LineEditor()
        _ = none.feed(bytes("zz"))
        #expect(none.complete(start: 0, candidates: []) == .bell)
    }

    @Test func unknownEscapeSequencesAreIgnoredAndOtherKeysAct() {
        let (e, last) = type(bytes("a") + [Self.esc] + bytes("[15~") + bytes("b"))
        #expect(e.line == "ab")
        #expect(last == .redraw)
        #expect(type([0x0C]).1 == .clearScreen)
        #expect(type([0x1A]).1 == .suspend)
        // Bracketed-paste markers are dropped, the pasted text kept.
        let (p, _) = type([Self.esc] + bytes("[200~x") + [Self.esc] + bytes("[201~"))
        #expect(p.line == "x")
    }

    @Test func renderDrawsPromptLineAndCursor() {
        let (e, _) = type(bytes("abc") + [Self.esc] + bytes("[D"))
        #expect(e.render(prompt: "clause> ", columns: 80) == "\rclause> abc\u{1B}[K\u{1B}[1D")
        let (end, _) = type(bytes("abc"))
        #expect(end.render(prompt: "> ", columns: 80) == "\r> abc\u{1B}[K")
        // A long line scrolls so the cursor stays visible.
        let (long, _) = type(Array(repeating: UInt8(ascii: "x"), count: 200))
        let drawn = long.render(prompt: "> ", columns: 40)
        #expect(drawn.count < 60)
        #expect(drawn.hasSuffix("x\u{1B}[K"))
    }
}
