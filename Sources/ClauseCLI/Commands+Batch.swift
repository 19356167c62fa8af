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
        if fd == 0, isatty(0) == 1 {
            err.write("reading cases from standard input (one JSON object per line; Ctrl-D to end)\n")
        }

        let decider = BatchDecider(policy: CompiledPolicy(checked), explain: options.flags.contains("--explain"))
        let progress = err.isTerminal && !options.flags.contains("--no-progress")
            ? BatchProgress(sink: err, totalBytes: BatchProgress.size(of: fd)) : nil
        var reader = LineReader(fd: fd)
        var failed = 0
        var lineNumber = 0
        // Workers decide chunks of lines while this thread reads ahead (at most `inFlight`
        // chunks) and writes finished chunks in input order: memory stays bounded whatever
        // the input size, and no line is lost, duplicated or reordered.
        let pipeline = BatchPipeline(decider: decider)
        pipeline.start(workers: jobs)
        defer { pipeline.close() }
        let inFlight = jobs * 4
        // From a pipe or a terminal, a caller may send one case and wait for its answer: when
        // no more input is ready, what was read is decided and written before waiting.
        var status = stat()
        let streaming = fstat(fd, &status) != 0 || (status.st_mode & S_IFMT) != S_IFREG
        var submitted = 0, written = 0, linesWritten = 0
        var typos = CaseKeyTypos.Tally()
        var blank = 0
        // Until the first line that is not blank: whether it opens a pretty-printed document.
        var sawRecord = false
        var readError: String?
        var inputDone = false
        while true {
            while !inputDone, submitted - written < inFlight {
                if streaming && submitted > written && reader.wouldBlock { break }
                var lines: [ArraySlice<UInt8>] = []
                lines.reserveCapacity(BatchPipeline.linesPerChunk)
                while lines.count < BatchPipeline.linesPerChunk {
                    if streaming && !lines.isEmpty && reader.wouldBlock { break }
                    guard let line = reader.next() else {
                        inputDone = true
                        break
                    }
                    lines.append(line)
                }
                if let error = reader.error { readError = error }
                if lines.isEmpty { continue }
                if !sawRecord, let first = lines.first(where: { !BatchDecider.isBlank($0) }) {
                    sawRecord = true
                    if BatchDecider.opensDocument(first) {
                        // Refused before anything is decided or written: no record is lost.
                        err.write("error: \(inputPath == "-" ? "standard input" : inputPath): this is one JSON document, "
                                  + "not JSON Lines (one case object per line); use `clause eval` for one case, "
                                  + "or `jq -c` to put each case on one line\n")
                        return 1
                    }
                }
                pipeline.submit(.init(sequence: submitted, firstLine: lineNumber + 1, lines: lines))
                lineNumber += lines.count
                submitted += 1
            }
            if written == submitted {
                if inputDone { break }
                continue
            }
            let result = pipeline.take(written)
            write(result.output)
            failed += result.failed
            blank += result.blank
            typos.merge(result.typos)
            written += 1
            linesWritten += result.lines
            progress?.update(cases: linesWritten - blank, bytes: reader.consumed)
        }
        if let readError {
            err.write("error: cannot read \(inputPath): \(readError)\n")
            return 1
        }
        progress?.finish(cases: lineNumber - blank)
        for (typo, cases) in typos.entries {
            err.write("warning: case key `\(typo.path)` (in \(Plural.count(cases, "case"))) is read by no rule; "
                      + "did you mean `\(typo.suggestedPath)`?\n")
        }
        if failed > 0 {
            err.write("clause batch: \(failed) of \(Plural.count(lineNumber - blank, "case")) could not be decided; see their error objects\n")
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
