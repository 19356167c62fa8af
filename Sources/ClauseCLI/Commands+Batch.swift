import Foundation
import ClauseKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CLI {
    // clause batch POLICY [FILE|-] [--jobs N] [--explain]
    func runBatch(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--jobs", "--color"], switches: ["--explain", "--no-progress"]) } catch {
            return usageError(error.message, command: "batch")
        }
        guard (1...2).contains(options.positional.count) else {
            return usageError("`batch` needs a policy file and, optionally, a JSON Lines file (or -)", command: "batch")
        }
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let text = options.values["--jobs"] {
            guard let n = Int(text), n >= 1, n <= 1024 else {
                return usageError("`--jobs` needs a whole number from 1 to 1024, got `\(text)`", command: "batch")
            }
            jobs = n
        }
        guard let loaded = loadPolicy(options.positional[0]) else { return 1 }
        report(loaded.result.diagnostics, in: loaded.source, color: colorFor(err, flag: options.values["--color"]))
        guard let checked = loaded.result.policy else { return 1 }

        let inputPath = options.positional.count == 2 ? options.positional[1] : "-"
        let fd: Int32
        if inputPath == "-" {
            fd = 0
        } else {
            fd = open(inputPath, O_RDONLY)
            guard fd >= 0 else {
                err.write("error: cannot read \(inputPath): \(String(cString: strerror(errno)))\n")
                return 1
            }
        }
        defer { if fd != 0 { close(fd) } }

        let decider = BatchDecider(policy: CompiledPolicy(checked), explain: options.flags.contains("--explain"))
        let progress = err.isTerminal && !options.flags.contains("--no-progress")
            ? BatchProgress(sink: err, totalBytes: BatchProgress.size(of: fd)) : nil
        var reader = LineReader(fd: fd)
        var failed = 0
        var lineNumber = 0
        let linesPerJob = 2048
        // Rounds of `jobs × linesPerJob` lines: decided in parallel, written in input order, so
        // memory stays bounded whatever the input size.
        while true {
            var lines: [ArraySlice<UInt8>] = []
            lines.reserveCapacity(jobs * linesPerJob)
            while lines.count < jobs * linesPerJob, let line = reader.next() { lines.append(line) }
            if let error = reader.error {
                err.write("error: cannot read \(inputPath): \(error)\n")
                return 1
            }
            if lines.isEmpty { break }
            let first = lineNumber + 1
            let slices = stride(from: 0, to: lines.count, by: linesPerJob).map { $0..<min($0 + linesPerJob, lines.count) }
            let round = lines
            let results = BatchRound.run(slices.count) { s in
                var out: [UInt8] = []
                out.reserveCapacity(slices[s].count * 1024)
                var bad = 0
                for i in slices[s] where !decider.decide(line: round[i], number: first + i, into: &out) { bad += 1 }
                return (out, bad)
            }
            for (bytes, bad) in results {
                write(bytes)
                failed += bad
            }
            lineNumber += lines.count
            progress?.update(cases: lineNumber, bytes: reader.consumed)
        }
        progress?.finish(cases: lineNumber)
        if failed > 0 {
            err.write("clause batch: \(failed) of \(lineNumber) line\(lineNumber == 1 ? "" : "s") could not be decided; see their error objects\n")
            return 1
        }
        return 0
    }
}

extension CLI {
    /// Writes bytes to standard output: straight to the descriptor when it is one.
    func write(_ bytes: [UInt8]) {
        if let sink = out as? FileDescriptorSink {
            sink.write(bytes: bytes)
        } else {
            out.write(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// Runs `count` independent tasks, one per thread (the calling thread runs the first), and
/// returns their results in order.
enum BatchRound {
    static func run<T>(_ count: Int, _ task: @escaping (Int) -> T) -> [T] {
        if count == 1 { return [task(0)] }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each thread writes only its own slot, and all have finished before `buffer` goes.
            let shared = UnsafeSendable((buffer, task))
            let done = DispatchSemaphore(value: 0)
            for i in 1..<count {
                let thread = Thread {
                    shared.value.0[i] = shared.value.1(i)
                    done.signal()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            buffer[0] = task(0)
            for _ in 1..<count { done.wait() }
        }
        return results.compactMap { $0 }
    }
}

/// Hands a value to `concurrentPerform`'s threads: each writes only its own slot.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
