import Foundation
import ClauseKit
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
        var text = "\r\u{1B}[K" + BatchProgress.running(cases: cases, elapsed: elapsed)
        if let totalBytes, bytes > 0 {
            let left = elapsed * Double(totalBytes - bytes) / Double(bytes)
            text += ", \(Int((Double(bytes) / Double(totalBytes) * 100).rounded()))%, ETA \(Int(left.rounded()))s"
        }
        sink.write(text)
    }

    func finish(cases: Int) {
        sink.write("\r\u{1B}[K" + BatchProgress.summary(cases: cases, elapsed: BatchProgress.now() - started) + "\n")
    }

    /// Below this many seconds a rate says more about the clock than about the batch.
    static let shortestRated = 0.1

    /// "1 case, 0.02 s" or "1200 cases, 4800 cases/s" while the batch runs.
    static func running(cases: Int, elapsed: Double) -> String {
        Plural.count(cases, "case") + ", " + (elapsed >= shortestRated ? rate(cases, elapsed) : seconds(elapsed))
    }

    /// "1 case in 0.02 s", or with the rate when the batch took long enough to measure one:
    /// "1200 cases in 0.25 s (4800 cases/s)".
    static func summary(cases: Int, elapsed: Double) -> String {
        let text = Plural.count(cases, "case") + " in " + seconds(elapsed)
        return elapsed >= shortestRated ? text + " (\(rate(cases, elapsed)))" : text
    }

    static func seconds(_ elapsed: Double) -> String { String(format: "%.2f", max(elapsed, 0)) + " s" }

    static func rate(_ cases: Int, _ elapsed: Double) -> String {
        Plural.count(Int((Double(cases) / elapsed).rounded()), "case") + "/s"
    }
}
