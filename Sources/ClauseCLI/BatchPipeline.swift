import Foundation
import ClauseKit

/// The threads of `clause batch`: `jobs` workers that live for the whole batch decide chunks of
/// lines while the main thread reads the next chunks and writes finished ones in input order,
/// so reading, deciding and writing overlap. At most `inFlight` chunks are read ahead, so memory
/// stays bounded whatever the input size.
final class BatchPipeline: @unchecked Sendable {
    // @unchecked: every mutable field below is read and written only while `condition` is locked.
    struct Chunk {
        let sequence: Int
        /// 1-based number of the chunk's first line.
        let firstLine: Int
        let lines: [ArraySlice<UInt8>]
    }
    struct Result {
        var output: [UInt8]
        var lines: Int
        var failed: Int
        /// Blank lines among them: skipped, no records.
        var blank = 0
        /// The chunk's likely misspelled case keys.
        var typos = CaseKeyTypos.Tally()
    }

    static let linesPerChunk = 256

    private let condition = NSCondition()
    private var queue: [Chunk] = []
    private var queueHead = 0
    private var finished: [Int: Result] = [:]
    private var closed = false
    private let decider: BatchDecider
    private var workers = 0

    init(decider: BatchDecider) {
        self.decider = decider
    }

    /// Starts `count` worker threads (8 MB stacks, as deep policies need).
    func start(workers count: Int) {
        condition.lock()
        workers += count
        condition.unlock()
        for _ in 0..<count {
            let thread = Thread { [self] in work() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func submit(_ chunk: Chunk) {
        condition.lock()
        queue.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for chunk `sequence` and hands its output over.
    func take(_ sequence: Int) -> Result {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = finished.removeValue(forKey: sequence) { return result }
            condition.wait()
        }
    }

    /// Lets the workers finish once the queue is empty, and waits for them to stop.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while workers > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while queueHead == queue.count && !closed { condition.wait() }
            guard queueHead < queue.count else {
                workers -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let chunk = queue[queueHead]
            queueHead += 1
            if queueHead > 64 && queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            condition.unlock()

            var result = Result(output: [], lines: chunk.lines.count, failed: 0)
            result.output.reserveCapacity(chunk.lines.count * 1024)
            for (i, line) in chunk.lines.enumerated() {
                if BatchDecider.isBlank(line) {
                    result.blank += 1
                } else if !decider.decide(line: line, number: chunk.firstLine + i, into: &result.output, typos: &result.typos) {
                    result.failed += 1
                }
            }

            condition.lock()
            finished[chunk.sequence] = result
            condition.broadcast()
            condition.unlock()
        }
    }
}
