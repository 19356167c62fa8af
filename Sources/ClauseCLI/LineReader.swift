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
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
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
            // A pipe delivers what it has: go on once a whole line is in.
            if block[(filled - n)..<filled].contains(UInt8(ascii: "\n")) { break }
        }
        block.removeSubrange(filled...)
        buffer = block
        start = 0
    }
}
