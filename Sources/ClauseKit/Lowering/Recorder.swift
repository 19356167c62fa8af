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
    /// The traces finished in each open frame, innermost last; the outermost takes what is
    /// pushed outside any criterion (a REPL expression's blocks), and is never closed.
    @exclusivity(unchecked) private var frames: [[CriterionTrace]] = [[]]

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
        frames.count > 1 ? frames.removeLast() : []
    }

    func push(_ trace: consuming CriterionTrace) {
        frames[frames.count - 1].append(trace)
    }

    /// The values, the first of each path, in order.
    static func dedupe<C: Collection>(_ values: C) -> [ValueSeen] where C.Element == ValueSeen {
        firstOfEach(values, by: \.path)
    }

    /// The paths, the first of each, in order.
    static func unique(_ paths: [String]) -> [String] {
        paths.count < 2 ? paths : firstOfEach(paths, by: { $0 })
    }

    /// The first item of each key, in order. A criterion sees a few: a linear search beats hashing.
    private static func firstOfEach<C: Collection>(_ items: C, by key: (C.Element) -> String) -> [C.Element] {
        if items.count <= 16 {
            var result: [C.Element] = []
            result.reserveCapacity(items.count)
            for item in items where !result.contains(where: { key($0) == key(item) }) { result.append(item) }
            return result
        }
        var seen = Set<String>()
        return items.filter { seen.insert(key($0)).inserted }
    }
}

/// The trace of a criterion that was evaluated only for display, after the outcome was already
/// certain, and could not be evaluated: it does not change the decision, so it is shown with a
/// note instead of refusing the case.
extension CriterionTrace {
    static func notNeeded(label: String?, at span: SourceSpan, in text: PolicyText, error: EvaluationError) -> CriterionTrace {
        CriterionTrace(label: label, source: text.text(span), define: nil, line: text.source.line(of: span), outcome: .unknown,
                       values: [], children: [], block: nil, missing: [],
                       note: "not needed for the outcome; could not be evaluated: \(error.message)")
    }
}
