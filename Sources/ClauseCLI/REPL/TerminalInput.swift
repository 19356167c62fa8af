import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's settings before raw mode, for restoring them (also from a signal handler).
nonisolated(unsafe) private var savedSettings = termios()
nonisolated(unsafe) private var rawModeOn: Int32 = 0
nonisolated(unsafe) private var handlersInstalled = false
/// A pipe that SIGWINCH writes a byte to (the self-pipe trick): the signal may arrive on any
/// thread, so the reading loop waits on the terminal and this pipe together.
nonisolated(unsafe) private var resizePipe: (read: Int32, write: Int32) = (-1, -1)

/// Raw mode on termios, for the whole session: switching modes per line would let the
/// terminal discard or echo what was typed ahead or pasted. Changing modes never flushes
/// input (`TCSANOW`, not `TCSAFLUSH`). The terminal is restored at the session's end, at exit,
/// and on any signal that ends the process. Output processing stays on (`\n` is `\r\n`).
enum RawMode {
    static let fd: Int32 = 0

    static func enable() -> Bool {
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else { return false }
        savedSettings = settings
        var raw = settings
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        installHandlers()
        guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return false }
        rawModeOn = 1
        return true
    }

    static func restore() {
        guard rawModeOn == 1 else { return }
        var settings = savedSettings
        _ = tcsetattr(fd, TCSANOW, &settings)
        rawModeOn = 0
    }

    /// Restores the terminal at exit and before any signal that would end the process
    /// (or a crash), then lets the signal do what it would have done.
    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        atexit { RawMode.restoreFromSignal() }
        for sig in [SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE] {
            signal(sig) { sig in
                RawMode.restoreFromSignal()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        resizePipe = (fds[0], fds[1])
        signal(SIGWINCH) { _ in
            var byte: UInt8 = 1
            _ = write(resizePipe.write, &byte, 1)
        }
    }

    /// Waits until a key can be read (true) or the window changed size (false).
    static func waitForKeyOrResize() -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: resizePipe.read, events: Int16(POLLIN), revents: 0)]
        while true {
            let n = poll(&fds, resizePipe.read >= 0 ? 2 : 1, -1)
            if n < 0 && errno == EINTR { continue }
            if n > 0 && fds[1].revents != 0 && resizePipe.read >= 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while drain.withUnsafeMutableBytes({ read(resizePipe.read, $0.baseAddress, $0.count) }) > 0 {}
                return false
            }
            return true
        }
    }

    /// Async-signal-safe: `tcsetattr` on saved settings, and bracketed paste turned off with
    /// one `write` of a fixed sequence.
    static func restoreFromSignal() {
        if rawModeOn == 1 {
            _ = tcsetattr(fd, TCSANOW, &savedSettings)
            rawModeOn = 0
            var off: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x1B, 0x5B, 0x3F, 0x32, 0x30, 0x30, 0x34, 0x6C)
            _ = write(1, &off, 8)
        }
    }

    static var columns: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// Reads lines on a terminal with `LineEditor`: editing keys, history and tab completion.
final class TerminalInput: LineInput {
    let history: History
    let completer: () -> Completer
    var isInteractive: Bool { true }
    var name: String { "<input>" }
    var linesBefore: Int { 0 }

    /// Bytes read from the terminal and not yet used: typed-ahead or pasted lines wait here.
    private var bytes: [UInt8] = []
    private var position = 0
    private var started = false
    private lazy var fallback = ScriptInput(fd: 0)
    private var rawMode = false
    /// Carried from line to line: inside a bracketed paste; the last byte was a CR (a CR LF
    /// pair is one Enter).
    private var pasting = false
    private var afterCR = false
    /// The terminal's width when the line was last drawn, and what the drawing took.
    private var columns = 80
    private var drawn = LineEditor.Drawn(width: 0, cursorColumn: 0)

    init(history: History, completer: @escaping () -> Completer) {
        self.history = history
        self.completer = completer
        // Ctrl-C cancels the line being edited (raw mode reads it as a key); while an input
        // runs it is ignored, so a stray Ctrl-C never ends the session.
        signal(SIGINT, SIG_IGN)
    }

    func write(_ text: String) {
        SystemIO.writeAll(1, Array(text.utf8))
    }

    /// Raw mode and bracketed paste, once for the session.
    private func start() {
        guard !started else { return }
        started = true
        rawMode = RawMode.enable()
        if rawMode { write("\u{1B}[?2004h") }
    }

    /// Gives the terminal back as it was (bracketed paste off, the saved settings).
    func close() {
        guard rawMode else { return }
        write("\u{1B}[?2004l")
        RawMode.restore()
        rawMode = false
    }

    /// The next byte typed, or nil at the end of input. Before waiting for the terminal the
    /// line is drawn (`redraw`), so typed-ahead lines are not drawn key by key.
    private func nextByte(redraw: () -> Void) -> UInt8? {
        while position >= bytes.count {
            redraw()
            // A resize wakes the wait; the next redraw sees the new width.
            guard RawMode.waitForKeyOrResize() else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(RawMode.fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            bytes = Array(chunk[..<n])
            position = 0
        }
        position += 1
        return bytes[position - 1]
    }

    func readLine(prompt: String) -> LineRead {
        start()
        guard rawMode else {
            // No raw mode: plain lines, read by one reader so no buffered line is lost.
            write(prompt)
            return fallback.readLine(prompt: prompt)
        }
        var editor = LineEditor(history: history.entries)
        editor.pasting = pasting
        var needsDraw = true
        func draw() {
            let now = RawMode.columns
            if now != columns {
                // The old drawing may now wrap over several rows: go up to its first row and
                // clear to the end of the screen before drawing again.
                let up = now > 0 ? drawn.cursorColumn / now : 0
                write((up > 0 ? "\u{1B}[\(up)A" : "") + "\r\u{1B}[J")
                columns = now
                needsDraw = true
            }
            guard needsDraw else { return }
            let (text, size) = editor.draw(prompt: prompt, columns: columns)
            write(text)
            drawn = size
            needsDraw = false
        }
        columns = RawMode.columns
        while true {
            guard let byte = nextByte(redraw: draw) else {
                write("\r\n")
                return .end
            }
            if byte == 0x0A && afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == 0x0D
            var action = editor.feed(byte)
            pasting = editor.pasting
            if action == .complete {
                let (start, candidates) = completer().complete(editor.textBeforeCursor)
                action = editor.complete(start: start, candidates: candidates)
            }
            switch action {
            case .none, .complete:
                break
            case .redraw:
                needsDraw = true
            case .submit(let line):
                // The whole line, wrapped by the terminal, stays in the scrollback.
                write("\r" + prompt + line + "\u{1B}[K\r\n")
                drawn = LineEditor.Drawn(width: 0, cursorColumn: 0)
                history.add(line)
                return .line(line)
            case .cancel:
                write("\r" + prompt + editor.line + "^C\u{1B}[K\r\n")
                return .cancelled
            case .endOfInput:
                write("\r\n")
                return .end
            case .showCandidates(let names):
                write("\r\n" + TerminalInput.columnize(names, width: columns))
                needsDraw = true
            case .bell:
                write("\u{7}")
            case .clearScreen:
                write("\u{1B}[H\u{1B}[2J")
                needsDraw = true
            case .suspend:
                write("\u{1B}[?2004l")
                RawMode.restore()
                write("\r\n")
                kill(getpid(), SIGTSTP)
                _ = RawMode.enable()
                write("\u{1B}[?2004h")
                needsDraw = true
            }
        }
    }

    /// Candidates in columns, as a shell lists them.
    static func columnize(_ names: [String], width: Int) -> String {
        // Widths in columns, so a file name in 日本語 lines up with the others.
        let cell = (names.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let perLine = max(1, width / max(1, cell))
        var out = ""
        for (i, name) in names.enumerated() {
            let last = i % perLine == perLine - 1 || i == names.count - 1
            out += last ? name + "\r\n" : name + String(repeating: " ", count: cell - DisplayWidth.of(name))
        }
        return out
    }
}
