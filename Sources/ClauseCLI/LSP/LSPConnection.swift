import Foundation
import ClauseKit
#if canImport(Glibc)
import Glibc
#endif

/// The server's standard input and output: a thread reads bytes as they come; the main thread
/// frames them, hands each batch of messages to the server, and publishes diagnostics when
/// their debounce time passes.
enum LSPConnection {
    /// Serves until `exit` (or the end of input) and returns the exit code.
    static func serve(debounce: Swift.Duration, input: Int32 = 0, output: FileDescriptorSink) -> Int32 {
        let inbox = Inbox()
        let server = LanguageServer(debounce: debounce) { output.write(bytes: JSONRPC.frame($0)) }
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                inbox.put(Array(buffer[0..<n]))
            }
            inbox.close()
        }
        reader.start()
        var frames = FrameReader()
        while server.exitCode == nil {
            let wait = server.nextDeadline.map { max(Swift.Duration.zero, server.clock.now.duration(to: $0)) }
            let (chunks, closed) = inbox.take(waiting: wait)
            for chunk in chunks { frames.append(chunk) }
            var batch: [JSONRPC.Incoming] = []
            while let frame = frames.next() {
                switch frame {
                case .body(let body): batch.append(JSONRPC.decode(body))
                case .malformed(let why): batch.append(.invalid(id: .null, code: .parseError, message: why))
                }
            }
            if !batch.isEmpty { server.receive(batch) }
            server.publishDue()
            if closed && server.exitCode == nil && chunks.isEmpty {
                // The client went away without `exit`.
                return server.state == .shutDown ? 0 : 1
            }
        }
        return server.exitCode ?? 1
    }
}

/// Byte chunks from the reader thread to the main thread.
final class Inbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var closed = false

    func put(_ chunk: [UInt8]) {
        condition.lock()
        chunks.append(chunk)
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// Everything that has arrived, waiting for something at most `waiting` (forever when nil).
    func take(waiting: Swift.Duration?) -> (chunks: [[UInt8]], closed: Bool) {
        condition.lock()
        defer { condition.unlock() }
        if chunks.isEmpty && !closed {
            if let waiting {
                let (seconds, attoseconds) = waiting.components
                let interval = Double(seconds) + Double(attoseconds) / 1e18
                _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
            } else {
                while chunks.isEmpty && !closed { condition.wait() }
            }
        }
        let taken = chunks
        chunks = []
        return (taken, closed)
    }
}
