/// What an explained decision collects while the lowered closures run: every case value read,
/// in order, and the traces of the criteria finished so far. Attached to `EvalContext.recorder`
/// it makes the SAME closures that decide a case fast also explain it, so an explanation can
/// never disagree with the decision. Without a recorder the closures skip all of this.
///
/// A criterion's closure notes where `reads` and `traces` stood when it started; when it ends
/// it takes its values (`reads` since then, each path once) and its children (the traces its
/// block's entries pushed), and pushes its own trace in their place.
final class Recorder {
    var reads: [ValueSeen] = []
    var traces: [CriterionTrace] = []

    func read(_ path: String, _ value: String?) {
        reads.append(ValueSeen(path: path, value: value))
    }

    /// The values read since `start`, the first read of each path.
    func values(since start: Int) -> [ValueSeen] {
        Recorder.dedupe(reads[start...])
    }

    /// The traces pushed since `start`, removed from the stack.
    func takeTraces(since start: Int) -> [CriterionTrace] {
        guard start < traces.count else { return [] }
        let taken = Array(traces[start...])
        traces.removeSubrange(start...)
        return taken
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
