import Foundation
import ClauseCLI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `clause batch` end to end, in a child process of its own (this executable, run with
/// `--batch-child`), so its wall time includes start-up and its peak memory is its own.
enum BatchRun {
    /// In the child: runs `clause batch POLICY FILE --jobs N` with the decisions sent to /dev/null.
    static func child(_ args: [String]) -> Int32 {
        let null = open("/dev/null", O_WRONLY)
        let cli = CLI(out: FileDescriptorSink(fd: null), err: FileDescriptorSink(fd: 2), environment: [:])
        let status = cli.run(["batch"] + args + ["--no-progress"])
        // The peak of this process's own memory: `ru_maxrss` would also count the parent's,
        // whose address space the child shares until it execs (posix_spawn uses vfork).
        if let path = ProcessInfo.processInfo.environment["CLAUSE_BENCH_PEAK_FILE"],
           let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) {
            try? String(line).write(toFile: path, atomically: true, encoding: .utf8)
        }
        return status
    }

    /// The child's peak resident memory in MB, from the `VmHWM` line it wrote.
    static func peakMB(_ path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let kb = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }.first
        return kb.map { $0 / 1024 }
    }

    struct Result {
        var seconds: Double
        var peakMB: Double
        /// User and system CPU time of the child.
        var cpuSeconds: Double
        var status: Int32
    }

    /// Runs the child and waits for it, with its resource usage.
    static func spawn(policy: String, input: String, jobs: Int) -> Result {
        let argv = [CommandLine.arguments[0], "--batch-child", policy, input, "--jobs", "\(jobs)"]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let peakFile = NSTemporaryDirectory() + "clause-bench-peak-\(getpid())"
        let env = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + ["CLAUSE_BENCH_PEAK_FILE=\(peakFile)"]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { for p in cEnv { free(p) } }
        var pid: pid_t = 0
        let start = Report.now()
        let rc = posix_spawn(&pid, argv[0], nil, nil, &cArgs, &cEnv)
        guard rc == 0 else { return Result(seconds: 0, peakMB: 0, cpuSeconds: 0, status: -1) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let seconds = Report.now() - start
        let peak = peakMB(peakFile) ?? Double(usage.ru_maxrss) / 1024
        try? FileManager.default.removeItem(atPath: peakFile)
        return Result(seconds: seconds, peakMB: peak, cpuSeconds: cpu, status: status)
    }

    /// A JSON Lines file of `count` cases: the example cases of a policy in turn, each with a new id.
    static func writeCases(_ lines: [String], count: Int, to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
            return FileHandle(forWritingAtPath: path)
        }() else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        var chunk = ""
        for i in 0..<count {
            let line = lines[i % lines.count]
            chunk += line.replacingOccurrences(of: "{\"id\":\"", with: "{\"id\":\"c\(i)-")
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }
}
