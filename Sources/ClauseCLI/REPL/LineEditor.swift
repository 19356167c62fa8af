/// The line editor as a pure state machine: fed the bytes a terminal sends, it edits a line
/// and says what the caller should do. It does no I/O, so its key handling is tested on byte
/// sequences; `TerminalInput` reads the bytes and draws the line.
///
/// Keys: printable text (UTF-8); ←/→ and Ctrl-B/Ctrl-F; Home/End and Ctrl-A/Ctrl-E;
/// Alt-B/Alt-F and Ctrl-←/Ctrl-→ by word; Backspace (DEL or Ctrl-H); Delete (`ESC[3~`);
/// Ctrl-W deletes the word before the cursor, Ctrl-U the line before it, Ctrl-K the line after
/// it, Ctrl-Y puts back what was deleted; ↑/↓ and Ctrl-P/Ctrl-N walk the history; Tab asks for
/// completion; Enter submits; Ctrl-C cancels the line; Ctrl-D deletes the character under the
/// cursor or, on an empty line, ends the input; Ctrl-L clears the screen; Ctrl-Z suspends;
/// Ctrl-R searches the history backwards (type to narrow, Ctrl-R again for an older match,
/// Enter runs the match, Esc or an arrow keeps it for editing, Ctrl-G or Ctrl-C gives up).
/// Between bracketed-paste markers a Tab is pasted text (spaces), not completion.
struct LineEditor {
    enum Action: Equatable {
        /// Nothing visible changed (an escape sequence is still arriving).
        case none
        /// The line or the cursor changed: draw it again.
        case redraw
        case submit(String)
        /// Ctrl-C: drop the line.
        case cancel
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Tab: call `complete(start:candidates:)` with what fits at the cursor.
        case complete
        /// Several completions and no longer common prefix: list them, then redraw.
        case showCandidates([String])
        /// A key that can do nothing here (← at the start, ↑ at the oldest entry).
        case bell
        case clearScreen
        case suspend
    }

    private(set) var buffer: [Character] = []
    private(set) var cursor = 0
    /// Oldest first.
    private(set) var history: [String]
    private var historyIndex: Int
    /// The line being written before walking into the history.
    private var draft: [Character] = []
    private var killRing: [Character] = []
    /// An escape sequence or UTF-8 character still arriving.
    private var pending: [UInt8] = []
    /// Inside a bracketed paste (`ESC[200~` … `ESC[201~`); the caller carries it from line to line.
    var pasting = false
    /// Ctrl-R: the text searched for and the history entry that matches it.
    private(set) var search: (query: [Character], match: Int?)?

    init(history: [String] = []) {
        self.history = history
        self.historyIndex = history.count
    }

    var line: String { String(buffer) }

    /// The text before the cursor, as completion sees it.
    var textBeforeCursor: String { String(buffer[..<cursor]) }

    mutating func feed(_ bytes: [UInt8]) -> [Action] {
        bytes.map { feed($0) }
    }

    mutating func feed(_ byte: UInt8) -> Action {
        if search != nil && pending.isEmpty, let action = searchKey(byte) { return action }
        if !pending.isEmpty {
            pending.append(byte)
            return pending[0] == 0x1B ? continueEscape() : continueUTF8()
        }
        switch byte {
        case 0x1B:
            pending = [byte]
            return .none
        case 0x01: return moveTo(0)                       // Ctrl-A
        case 0x02: return moveTo(cursor - 1)              // Ctrl-B
        case 0x03: return .cancel                         // Ctrl-C
        case 0x04:                                        // Ctrl-D
            if buffer.isEmpty { return .endOfInput }
            return deleteForward()
        case 0x05: return moveTo(buffer.count)            // Ctrl-E
        case 0x06: return moveTo(cursor + 1)              // Ctrl-F
        case 0x08, 0x7F: return deleteBackward()          // Ctrl-H, DEL
        case 0x09: return pasting ? insert(Array("    ")) : .complete  // Tab
        case 0x0A, 0x0D: return .submit(line)             // Enter
        case 0x0B: return kill(cursor..<buffer.count)     // Ctrl-K
        case 0x0C: return .clearScreen                    // Ctrl-L
        case 0x0E: return historyNext()                   // Ctrl-N
        case 0x10: return historyPrevious()               // Ctrl-P
        case 0x12: return startSearch()                   // Ctrl-R
        case 0x15: return kill(0..<cursor)                // Ctrl-U
        case 0x17: return kill(wordStart(before: cursor)..<cursor)  // Ctrl-W
        case 0x19: return insert(killRing)                // Ctrl-Y
        case 0x1A: return .suspend                        // Ctrl-Z
        case 0x00..<0x20: return .bell
        case 0x80...:
            pending = [byte]
            return continueUTF8()
        default:
            return insert([Character(Unicode.Scalar(byte))])
        }
    }

    // MARK: Escape sequences

    private mutating func continueEscape() -> Action {
        guard pending.count >= 2 else { return .none }
        let kind = pending[1]
        switch kind {
        case UInt8(ascii: "["):
            guard pending.count >= 3, let last = pending.last, (0x40...0x7E).contains(last) else {
                if pending.count > 16 { pending = [] }  // not a sequence we know: drop it
                return .none
            }
            let params = String(decoding: pending[2..<(pending.count - 1)], as: UTF8.self)
            pending = []
            return csi(params: params, final: last)
        case UInt8(ascii: "O"):
            guard pending.count >= 3 else { return .none }
            let final = pending[2]
            pending = []
            return csi(params: "", final: final)
        case UInt8(ascii: "b"):
            pending = []
            return moveTo(wordStart(before: cursor))
        case UInt8(ascii: "f"):
            pending = []
            return moveTo(wordEnd(after: cursor))
        case 0x7F, 0x08:  // Alt-Backspace
            pending = []
            return kill(wordStart(before: cursor)..<cursor)
        default:
            pending = []
            return .bell
        }
    }

    private mutating func csi(params: String, final: UInt8) -> Action {
        switch (params, final) {
        case ("", UInt8(ascii: "A")): return historyPrevious()
        case ("", UInt8(ascii: "B")): return historyNext()
        case ("", UInt8(ascii: "C")): return moveTo(cursor + 1)
        case ("", UInt8(ascii: "D")): return moveTo(cursor - 1)
        case ("1;5", UInt8(ascii: "C")), ("1;3", UInt8(ascii: "C")): return moveTo(wordEnd(after: cursor))
        case ("1;5", UInt8(ascii: "D")), ("1;3", UInt8(ascii: "D")): return moveTo(wordStart(before: cursor))
        case ("", UInt8(ascii: "H")), ("1", UInt8(ascii: "~")), ("7", UInt8(ascii: "~")): return moveTo(0)
        case ("", UInt8(ascii: "F")), ("4", UInt8(ascii: "~")), ("8", UInt8(ascii: "~")): return moveTo(buffer.count)
        case ("3", UInt8(ascii: "~")): return deleteForward()
        case ("200", UInt8(ascii: "~")):  // bracketed paste markers
            pasting = true
            return .none
        case ("201", UInt8(ascii: "~")):
            pasting = false
            return .none
        default: return .bell
        }
    }

    private mutating func continueUTF8() -> Action {
        let lead = pending[0]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        if pending.count < length {
            if pending.count > 1 && pending.last.map({ $0 & 0xC0 != 0x80 }) == true {
                pending = []
                return .bell
            }
            return .none
        }
        let text = String(decoding: pending, as: UTF8.self)
        pending = []
        return insert(Array(text))
    }

    // MARK: Editing

    private mutating func insert(_ chars: [Character]) -> Action {
        guard !chars.isEmpty else { return .bell }
        buffer.insert(contentsOf: chars, at: cursor)
        cursor += chars.count
        return .redraw
    }

    private mutating func moveTo(_ position: Int) -> Action {
        let clamped = min(max(0, position), buffer.count)
        guard clamped != cursor else { return .bell }
        cursor = clamped
        return .redraw
    }

    private mutating func deleteBackward() -> Action {
        guard cursor > 0 else { return .bell }
        buffer.remove(at: cursor - 1)
        cursor -= 1
        return .redraw
    }

    private mutating func deleteForward() -> Action {
        guard cursor < buffer.count else { return .bell }
        buffer.remove(at: cursor)
        return .redraw
    }

    private mutating func kill(_ range: Range<Int>) -> Action {
        guard !range.isEmpty else { return .bell }
        killRing = Array(buffer[range])
        buffer.removeSubrange(range)
        cursor = range.lowerBound
        return .redraw
    }

    /// Start of the word before `position`: skip spaces, then non-spaces (as the shell's Ctrl-W).
    func wordStart(before position: Int) -> Int {
        var i = position
        while i > 0 && buffer[i - 1] == " " { i -= 1 }
        while i > 0 && buffer[i - 1] != " " { i -= 1 }
        return i
    }

    func wordEnd(after position: Int) -> Int {
        var i = position
        while i < buffer.count && buffer[i] == " " { i += 1 }
        while i < buffer.count && buffer[i] != " " { i += 1 }
        return i
    }

    // MARK: History

    private mutating func historyPrevious() -> Action {
        guard historyIndex > 0 else { return .bell }
        if historyIndex == history.count { draft = buffer }
        historyIndex -= 1
        return show(Array(history[historyIndex]))
    }

    private mutating func historyNext() -> Action {
        guard historyIndex < history.count else { return .bell }
        historyIndex += 1
        return show(historyIndex == history.count ? draft : Array(history[historyIndex]))
    }

    private mutating func show(_ text: [Character]) -> Action {
        buffer = text
        cursor = text.count
        return .redraw
    }

    // MARK: History search

    private mutating func startSearch() -> Action {
        search = ([], nil)
        return .redraw
    }

    /// A key while searching: text narrows the search, Ctrl-R finds an older match, Backspace
    /// widens it, Enter runs the match, Ctrl-G or Ctrl-C gives up; any other key (an arrow,
    /// Esc, Ctrl-A…) keeps the match in the line and then acts on it (nil: act as usual).
    private mutating func searchKey(_ byte: UInt8) -> Action? {
        guard var state = search else { return nil }
        switch byte {
        case 0x12:  // Ctrl-R: the next older match
            let before = state.match ?? history.count
            guard let older = findMatch(state.query, before: before) else { return .bell }
            state.match = older
            search = state
            return .redraw
        case 0x07, 0x03:  // Ctrl-G, Ctrl-C
            search = nil
            return .redraw
        case 0x08, 0x7F:
            guard !state.query.isEmpty else { return .bell }
            state.query.removeLast()
            state.match = state.query.isEmpty ? nil : findMatch(state.query, before: history.count)
            search = state
            return .redraw
        case 0x0A, 0x0D:
            acceptSearch()
            return .submit(line)
        case 0x20..<0x7F:
            state.query.append(Character(Unicode.Scalar(byte)))
            let found = findMatch(state.query, before: (state.match ?? history.count - 1) + 1)
            state.match = found
            search = state
            return found == nil ? .bell : .redraw
        default:
            acceptSearch()
            return nil
        }
    }

    /// The newest history entry before index `before` that contains `query`.
    private func findMatch(_ query: [Character], before: Int) -> Int? {
        guard !query.isEmpty else { return nil }
        let needle = String(query)
        var i = min(before, history.count) - 1
        while i >= 0 {
            if history[i].contains(needle) { return i }
            i -= 1
        }
        return nil
    }

    /// Ends the search with its match (if any) as the line being edited.
    private mutating func acceptSearch() {
        if let match = search?.match {
            buffer = Array(history[match])
            cursor = buffer.count
            historyIndex = match
        }
        search = nil
    }

    // MARK: Completion

    /// Applies the candidates for the word that starts at `start` (a character offset, before
    /// the cursor): one candidate is inserted whole; several extend the word to their common
    /// prefix, or are listed when there is nothing to extend.
    mutating func complete(start: Int, candidates: [String]) -> Action {
        let start = min(max(0, start), cursor)
        let word = String(buffer[start..<cursor])
        let matching = candidates.filter { $0.hasPrefix(word) }
        guard let first = matching.first else { return .bell }
        if matching.count == 1 {
            let completion = Array(first.dropFirst(word.count))
            buffer.insert(contentsOf: completion, at: cursor)
            cursor += completion.count
            // A whole name is followed by a space, unless it opens a path or a folder.
            if !(first.hasSuffix("/") || first.hasSuffix(".")) && (cursor == buffer.count || buffer[cursor] != " ") {
                buffer.insert(" ", at: cursor)
                cursor += 1
            }
            return .redraw
        }
        var prefix = Array(first)
        for candidate in matching.dropFirst() {
            let c = Array(candidate)
            var n = 0
            while n < prefix.count && n < c.count && prefix[n] == c[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        if prefix.count > word.count {
            let extra = prefix[word.count...]
            buffer.insert(contentsOf: extra, at: cursor)
            cursor += extra.count
            return .redraw
        }
        return .showCandidates(matching)
    }

    // MARK: Drawing

    /// What the line takes on screen when drawn (the prompt, the visible text and any
    /// scroll markers), in columns, and the cursor's column: for redrawing after a resize.
    struct Drawn: Equatable {
        var width: Int
        var cursorColumn: Int
    }

    /// What to write to redraw the line: back to the line's start, the prompt and the visible
    /// part of the line, clear to the end, and the cursor put back. Widths are display columns
    /// (a wide character takes two). A line wider than the terminal scrolls sideways so the
    /// cursor stays in view, with `<` where text is hidden on the left and `>` on the right.
    func render(prompt: String, columns: Int) -> String {
        draw(prompt: prompt, columns: columns).text
    }

    func draw(prompt: String, columns: Int) -> (text: String, drawn: Drawn) {
        if let search {
            let match = search.match.map { history[$0] } ?? ""
            let failed = search.match == nil && !search.query.isEmpty
            let head = (failed ? "(failed reverse-i-search)`" : "(reverse-i-search)`") + String(search.query) + "': "
            let text = Array(match)
            let room = max(1, columns - DisplayWidth.of(head) - 1)
            let shown = LineEditor.fit(text, from: 0, room: room)
            let width = DisplayWidth.of(head) + DisplayWidth.of(shown)
            return ("\r" + head + String(shown) + "\u{1B}[K", Drawn(width: width, cursorColumn: width))
        }
        let promptWidth = DisplayWidth.of(prompt)
        // One column is left free so the terminal never wraps at the last one.
        let room = max(10, columns - promptWidth - 1)
        let widths = buffer.map(DisplayWidth.of)
        let total = widths.reduce(0, +)
        var first = 0
        var last = buffer.count
        if total > room {
            // A window of `room - 2` columns (one each side for the `<` and `>` markers) around
            // the cursor: half a window before it, then as much after it as fits, then, at
            // the end of the line, as much before it as fits.
            let inner = room - 2
            var used = 0
            first = cursor
            while first > 0 && used + widths[first - 1] <= inner / 2 {
                first -= 1
                used += widths[first]
            }
            last = cursor
            while last < buffer.count && used + widths[last] <= inner {
                used += widths[last]
                last += 1
            }
            while first > 0 && used + widths[first - 1] <= inner {
                first -= 1
                used += widths[first]
            }
        }
        let left = first > 0 ? "<" : ""
        let right = last < buffer.count ? ">" : ""
        let visible = String(buffer[first..<last])
        var out = "\r" + prompt + left + visible + right + "\u{1B}[K"
        let back = widths[cursor..<last].reduce(0, +) + right.count
        if back > 0 { out += "\u{1B}[\(back)D" }
        let width = promptWidth + left.count + DisplayWidth.of(buffer[first..<last]) + right.count
        return (out, Drawn(width: width, cursorColumn: width - back))
    }

    /// The characters from `from` that fit in `room` columns.
    static func fit(_ text: [Character], from: Int, room: Int) -> ArraySlice<Character> {
        var used = 0
        var end = from
        while end < text.count && used + DisplayWidth.of(text[end]) <= room {
            used += DisplayWidth.of(text[end])
            end += 1
        }
        return text[from..<end]
    }
}
