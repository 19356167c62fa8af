#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading a line gave.
public enum LineRead: Equatable, Sendable {
    case line(String)
    /// Ctrl-C: the line (and any unfinished input) is dropped.
    case cancelled
    /// End of input (Ctrl-D on an empty line, or the end of a script).
    case end
}

/// Where the REPL reads its lines: a terminal with line editing, or a script.
public protocol LineInput: AnyObject {
    /// Reads one line, showing `prompt` when interactive.
    func readLine(prompt: String) -> LineRead
    /// True on a terminal: prompts, a banner and line editing; false for scripts.
    var isInteractive: Bool { get }
    /// How diagnostics name a script's lines (`<stdin>`) and the number of the line before
    /// its first; unused at a terminal.
    var name: String { get }
    var linesBefore: Int { get }
}

/// Lines from text (tests) or from a file descriptor that is not a terminal (`clause repl < file`):
/// no prompts, no escape codes.
public final class ScriptInput: LineInput {
    private var bytes: [UInt8]
    private var position = 0
    private let fd: Int32?
    private var atEnd = false

    public var isInteractive: Bool { false }
    public let name: String
    /// The script's line number of the first line read, less one (a transcript whose first
    /// line holds its arguments starts at line 2).
    public let linesBefore: Int

    /// Reads the given text, named `name` in diagnostics.
    public init(text: String, name: String = "<stdin>", linesBefore: Int = 0) {
        bytes = Array(text.utf8)
        fd = nil
        atEnd = true
        self.name = name
        self.linesBefore = linesBefore
    }

    /// Reads a file descriptor as it goes (so a pipe is answered line by line).
    public init(fd: Int32) {
        bytes = []
        self.fd = fd
        name = "<stdin>"
        linesBefore = 0
    }

    public func readLine(prompt: String) -> LineRead {
        while true {
            if let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: bytes[position..<end], as: UTF8.self)
                position = newline + 1
                return .line(line)
            }
            if atEnd {
                guard position < bytes.count else { return .end }
                let line = String(decoding: bytes[position...], as: UTF8.self)
                position = bytes.count
                return .line(line)
            }
            fill()
        }
    }

    private func fill() {
        guard let fd else {
            atEnd = true
            return
        }
        if position > 0 {
            bytes.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { return }
        if n <= 0 {
            atEnd = true
            return
        }
        bytes += chunk[..<n]
    }
}
