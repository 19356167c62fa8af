#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
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

    /// Writes every byte; a stream that fails (a closed pipe) loses the rest silently, as
    /// nothing more can be said on it.
    public func write(bytes: [UInt8]) {
        _ = SystemIO.writeAll(fd, bytes)
    }
}

/// The one loop around write(2) that every file descriptor write goes through.
enum SystemIO {
    /// Writes all of `bytes` to `fd`: a write interrupted by a signal (`EINTR`) is retried, a
    /// partial write continues where it stopped, and a non-blocking descriptor that is full
    /// (`EAGAIN`) is waited on. Returns 0, or the `errno` of the write that failed.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, base + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                    continue
                }
                if n == 0 { return EIO }  // nothing written for a non-empty write: give up, never spin
                let code = errno
                switch code {
                case EINTR:
                    continue
                case EAGAIN, EWOULDBLOCK:
                    var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiting, 1, -1)
                    continue
                default:
                    return code
                }
            }
            return 0
        }
    }

    /// write(2) of the platform's C library.
    static func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Darwin)
        return Darwin.write(fd, pointer, count)
        #else
        return Glibc.write(fd, pointer, count)
        #endif
    }
}
