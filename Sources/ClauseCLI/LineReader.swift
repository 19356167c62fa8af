#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor in blocks and hands out its lines (without the newline), holding
/// only the current block and a partial line. A final line without a newline counts.
struct LineReader {
    static let blockSize = 1 << 20

    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes of input handed out so far (lines and their newlines).
    private(set) var consumed = 0
    /// Set when reading failed; `next()` then returns nil.
    private(set) var error: String?

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> ArraySlice<UInt8>? {
        while error == nil {
            if let newline = LineReader.newline(in: buffer, from: start) {
                let line = buffer[start..<newline]
                consumed += newline + 1 - start
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                consumed += buffer.count - start
                start = buffer.count
                return line
            }
            refill()
        }
        return nil
    }

    /// Whether `next()` would have to wait for input: no whole line is buffered and nothing
    /// can be read right now (a pipe or terminal whose writer has not sent the next line).
    var wouldBlock: Bool {
        if atEnd || error != nil || LineReader.newline(in: buffer, from: start) != nil { return false }
        return !LineReader.isReadable(fd)
    }

    /// Whether a read of `fd` would return at once (data, end of input or an error).
    static func isReadable(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) != 0
    }

    /// The index of the first newline at or after `start`, found with `memchr`.
    static func newline(in buffer: [UInt8], from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), b.count - start) else {
                return nil
            }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// A new block holding the unfinished line and up to `blockSize` more bytes. Lines already
    /// handed out keep the old block alive, so it is never written to.
    private mutating func refill() {
        let rest = buffer.count - start
        var block = [UInt8](repeating: 0, count: rest + LineReader.blockSize)
        block.withUnsafeMutableBufferPointer { target in
            buffer.withUnsafeBufferPointer { source in
                if rest > 0, let to = target.baseAddress, let from = source.baseAddress {
                    to.update(from: from + start, count: rest)
                }
            }
        }
        var filled = rest
        while filled < block.count {
            let n = block.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + filled }, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                error = String(cString: strerror(errno))
                break
            }
            if n == 0 {
                atEnd = true
                break
            }
            filled += n
            // A pipe delivers what it has: go on once a whole line is in, unless more is ready.
            if block[(filled - n)..<filled].contains(UInt8(ascii: "\n")) && !LineReader.isReadable(fd) { break }
        }
        block.removeSubrange(filled...)
        buffer = block
        start = 0
    }
}
