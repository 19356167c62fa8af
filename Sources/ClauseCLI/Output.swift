#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the CLI writes: standard streams in the tool, strings in tests.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// Whether the sink is a terminal (colour and progress only then).
    var isTerminal: Bool { get }
}

/// Collects output in memory, for tests and the REPL's transcripts.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public let isTerminal: Bool
    public init(isTerminal: Bool = false) { self.isTerminal = isTerminal }
    public func write(_ text: String) { self.text += text }
}

/// Writes to a file descriptor (1 or 2).
public final class FileDescriptorSink: TextSink {
    let fd: Int32
    public let isTerminal: Bool
    public init(fd: Int32) {
        self.fd = fd
        self.isTerminal = isatty(fd) == 1
    }
    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    public func write(bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if n <= 0 { return }
            offset += n
        }
    }
}
