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

/// Raw mode on termios, only while a line is being edited: the terminal is restored before
/// each input is run, at exit, and on any signal that ends the process.
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
        guard tcsetattr(fd, TCSAFLUSH, &raw) == 0 else { return false }
        rawModeOn = 1
        return true
    }

    static func restore() {
        guard rawModeOn == 1 else { return }
        var settings = savedSettings
        _ = tcsetattr(fd, TCSAFLUSH, &settings)
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
    }

    /// Async-signal-safe: only `tcsetattr` on saved settings.
    static func restoreFromSignal() {
        if rawModeOn == 1 {
            _ = tcsetattr(fd, TCSAFLUSH, &savedSettings)
            rawModeOn = 0
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

    func readLine(prompt: String) -> LineRead {
        guard RawMode.enable() else {
            write(prompt)
            return ScriptInput(fd: 0).readLine(prompt: prompt)
        }
        defer { RawMode.restore() }
        var editor = LineEditor(history: history.entries)
        let columns = RawMode.columns
        func draw() { write(editor.render(prompt: prompt, columns: columns)) }
        draw()
        while true {
            var byte: UInt8 = 0
            let n = read(RawMode.fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                write("\r\n")
                return .end
            }
            var action = editor.feed(byte)
            if action == .complete {
                let (start, candidates) = completer().complete(editor.textBeforeCursor)
                action = editor.complete(start: start, candidates: candidates)
            }
            switch action {
            case .none, .complete:
                break
            case .redraw:
                draw()
            case .submit(let line):
                // The whole line, wrapped by the terminal, stays in the scrollback.
                write("\r" + prompt + line + "\u{1B}[K\r\n")
                history.add(line)
                return .line(line)
            case .cancel:
                write("^C\r\n")
                return .cancelled
            case .endOfInput:
                write("\r\n")
                return .end
            case .showCandidates(let names):
                write("\r\n" + TerminalInput.columnize(names, width: columns))
                draw()
            case .bell:
                write("\u{7}")
            case .clearScreen:
                write("\u{1B}[H\u{1B}[2J")
                draw()
            case .suspend:
                RawMode.restore()
                write("\r\n")
                kill(getpid(), SIGTSTP)
                _ = RawMode.enable()
                draw()
            }
        }
    }

    /// Candidates in columns, as a shell lists them.
    static func columnize(_ names: [String], width: Int) -> String {
        let cell = (names.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / max(1, cell))
        var out = ""
        for (i, name) in names.enumerated() {
            let last = i % perLine == perLine - 1 || i == names.count - 1
            out += last ? name + "\r\n" : name.padding(toLength: cell, withPad: " ", startingAt: 0)
        }
        return out
    }
}
