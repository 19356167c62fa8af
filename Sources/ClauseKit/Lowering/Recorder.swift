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
    /// Above zero while the elements of a list past the first `listedEntries` are evaluated:
    /// their values and traces are not kept, so an explanation of a case with a list of a
    /// million entries stays readable and its memory does not grow with the list.
    @exclusivity(unchecked) private(set) var muted = 0

    /// How many entries of a list an explanation lists (`CaseReader.forEachMatch`); the rest
    /// are summed up in one value, "999980 more entries, not listed".
    static let listedEntries = Listing.shown

    var isMuted: Bool { muted > 0 }

    func read(_ path: @autoclosure () -> String, _ value: @autoclosure () -> String?) {
        guard muted == 0 else { return }
        reads.append(ValueSeen(path: path(), value: value()))
    }

    func mute() { muted += 1 }
    func unmute() { muted -= 1 }

    /// After a list whose entries past the first `listedEntries` were not recorded: one value
    /// that says how many more there were, keyed `LIST[20…]`.
    func readUnlisted(_ list: String, count: Int) {
        guard count > Recorder.listedEntries else { return }
        let more = count - Recorder.listedEntries
        read("\(list)[\(Recorder.listedEntries)…]", Plural.count(more, "more entry") + ", not listed")
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
        guard muted == 0 else { return }
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
