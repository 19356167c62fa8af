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

/// Progress of a batch on a terminal: cases done, cases per second, and the time left when the
/// input's size is known (a regular file).
final class BatchProgress {
    let sink: TextSink
    let totalBytes: Int?
    let started = BatchProgress.now()
    var lastShown = 0.0

    init(sink: TextSink, totalBytes: Int?) {
        self.sink = sink
        self.totalBytes = totalBytes
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func size(of fd: Int32) -> Int? {
        var s = stat()
        guard fstat(fd, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG, s.st_size > 0 else { return nil }
        return Int(s.st_size)
    }

    func update(cases: Int, bytes: Int) {
        let t = BatchProgress.now()
        guard t - lastShown >= 0.25 else { return }
        lastShown = t
        let elapsed = max(t - started, 1e-6)
        var text = "\r\u{1B}[K\(cases) cases, \(Int(Double(cases) / elapsed)) cases/s"
        if let totalBytes, bytes > 0 {
            let left = elapsed * Double(totalBytes - bytes) / Double(bytes)
            text += ", \(Int((Double(bytes) / Double(totalBytes) * 100).rounded()))%, ETA \(Int(left.rounded()))s"
        }
        sink.write(text)
    }

    func finish(cases: Int) {
        let elapsed = max(BatchProgress.now() - started, 1e-6)
        sink.write("\r\u{1B}[K\(cases) cases in \(String(format: "%.2f", elapsed)) s (\(Int(Double(cases) / elapsed)) cases/s)\n")
    }
}
