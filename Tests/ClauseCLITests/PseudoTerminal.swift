import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `clause` executable run on a pseudo-terminal, as a person runs it in a terminal
/// (tmux, xterm): its standard input, output and error are the terminal, so the REPL edits
/// lines in raw mode. A test writes keys (bytes) and waits for output, always with a generous
/// timeout and never a fixed sleep, so a loaded machine makes it slower, not flaky.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let master: Int32
    let pid: pid_t
    /// Everything the program wrote so far (escape codes included).
    private(set) var output: [UInt8] = []
    /// `waitFor` looks only at output after this mark (moved past each match).
    private var mark = 0
    private var exitStatus: Int32?

    /// The `clause` executable beside the test bundle (`swift build` makes it).
    static var executable: String? {
        var candidates: [String] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("clause").path)
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("clause").path)
        }
        for arg in [CommandLine.arguments.first ?? ""] where !arg.isEmpty {
            let dir = URL(fileURLWithPath: arg).deletingLastPathComponent()
            candidates.append(dir.appendingPathComponent("clause").path)
            candidates.append(dir.deletingLastPathComponent().appendingPathComponent("clause").path)
        }
        candidates.append(repository.appendingPathComponent(".build/debug/clause").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `clause ARGUMENTS` on a new terminal `columns` wide, in the repository folder.
    init(_ arguments: [String], columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        guard let executable = PseudoTerminal.executable else {
            throw Failure(description: "the `clause` executable was not found; build it first with `swift build`")
        }
        let (master, slavePath) = try PseudoTerminal.open()
        self.master = master
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test runner may block or ignore signals (SIGWINCH among them); the program
        // starts as from a shell, with none blocked and every one at its default.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var env = ProcessInfo.processInfo.environment
        env["TERM"] = "xterm"
        env["NO_COLOR"] = "1"
        env["CLAUSE_HISTORY"] = ""
        for (key, value) in environment { env[key] = value }
        let argv = [executable] + arguments
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, cArgs, cEnv)
        guard status == 0 else {
            close(master)
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    /// A new pseudo-terminal: the master's descriptor and the slave's path. (`posix_openpt` and
    /// `ptsname` are not visible to Swift on Linux; these are the ioctls they make.)
    static func open() throws -> (Int32, String) {
        #if os(Linux)
        let master = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "no pseudo-terminal: \(String(cString: strerror(errno)))") }
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
            close(master)
            throw Failure(description: "cannot set up the pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        return (master, "/dev/pts/\(number)")
        #else
        let master = posix_openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw Failure(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        return (master, String(cString: name))
        #endif
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Writes keys as a terminal sends them (Enter is `\r`).
    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }

    /// The output as text (invalid UTF-8 replaced).
    var text: String { String(decoding: output, as: UTF8.self) }

    /// Output since the last match.
    var recent: String { String(decoding: output[mark...], as: UTF8.self) }

    /// Waits until `expected` appears in the output after the last match, then moves past it.
    /// Returns false after `timeout` seconds or when the program ends without writing it.
    @discardableResult
    func waitFor(_ expected: String, timeout: Double = 20) -> Bool {
        let needle = Array(expected.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let found = PseudoTerminal.find(needle, in: output, from: mark) {
                mark = found + needle.count
                return true
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0, readSome(waiting: left) else { return false }
        }
    }

    /// Reads what the program wrote, waiting up to `waiting` seconds; false at its end.
    private func readSome(waiting: Double) -> Bool {
        var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Int32(min(waiting, 1) * 1000))
        if ready < 0 { return errno == EINTR }
        if ready == 0 { return true }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { return true }
        guard n > 0 else { return false }  // EIO: every copy of the terminal is closed
        output += chunk[..<n]
        return true
    }

    /// Changes the terminal's size and tells the program, as a terminal emulator does.
    func resize(columns: Int, rows: Int = 24) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        kill(pid, SIGWINCH)
    }

    /// Waits for the program to end and returns its exit status (nil on a timeout).
    func waitForExit(timeout: Double = 20) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid {
                // Exited normally: the status's high byte; killed by a signal: 128 + signal.
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                return code
            }
            _ = readSome(waiting: 0.05)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count - start >= needle.count else { return needle.isEmpty ? start : nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
