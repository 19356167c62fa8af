/// What an explained decision collects while the lowered closures run: every case value read,
/// in order, and the traces of the criteria finished so far. Attached to `EvalContext.recorder`
/// it makes the SAME closures that decide a case fast also explain it, so an explanation can
/// never disagree with the decision. Without a recorder the closures skip all of this.
///
/// A criterion's closure opens a frame for the traces of its block's entries and notes where
/// `reads` stood; when it ends it closes the frame (its children), takes its values (`reads`
/// since then, each path once) and pushes its own trace into the enclosing frame.
final class Recorder {
    // A recorder belongs to one decision on one thread, and no access to these overlaps
    // another: the runtime's exclusivity checks on them cost ≈ 8 % of an explained decision.
    @exclusivity(unchecked) var reads: [ValueSeen] = []
    /// The traces finished in each open frame, innermost last.
    @exclusivity(unchecked) private var frames: [[CriterionTrace]] = []

    func read(_ path: String, _ value: String?) {
        reads.append(ValueSeen(path: path, value: value))
    }

    /// The values read since `start`, the first read of each path.
    func values(since start: Int) -> [ValueSeen] {
        Recorder.dedupe(reads[start...])
    }

    func openFrame() {
        frames.append([])
    }

    /// The traces pushed since the matching `openFrame`, in order.
    func closeFrame() -> [CriterionTrace] {
        frames.popLast() ?? []
    }

    func push(_ trace: consuming CriterionTrace) {
        if frames.isEmpty { frames.append([]) }
        frames[frames.count - 1].append(trace)
    }

    static func dedupe<C: Collection>(_ values: C) -> [ValueSeen] where C.Element == ValueSeen {
        // A criterion reads a few values: a linear search beats hashing them.
        if values.count <= 16 {
            var result: [ValueSeen] = []
            result.reserveCapacity(values.count)
            for v in values where !result.contains(where: { $0.path == v.path }) { result.append(v) }
            return result
        }
        var seen = Set<String>()
        return values.filter { seen.insert($0.path).inserted }
    }

    /// The first of each path, in order.
    static func unique(_ paths: [String]) -> [String] {
        if paths.count < 2 { return paths }
        if paths.count <= 16 {
            var result: [String] = []
            result.reserveCapacity(paths.count)
            for p in paths where !result.contains(p) { result.append(p) }
            return result
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}

/// The trace of a criterion that was evaluated only for display, after the outcome was already
/// certain, and could not be evaluated: it does not change the decision, so it is shown with a
/// note instead of refusing the case.
func notNeededTrace(label: String?, source: String, line: Int, error: EvaluationError) -> CriterionTrace {
    CriterionTrace(label: label, source: source, define: nil, line: line, outcome: .unknown, values: [], children: [],
                   block: nil, missing: [], note: "not needed for the outcome; could not be evaluated: \(error.message)")
}
