import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
