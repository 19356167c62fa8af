import Testing
@testable import ClauseKit

/// An explanation lists the first `Recorder.listedEntries` entries of a list and sums up the
/// rest, so a case with a million entries gives a readable explanation in memory that does
/// not grow with the list; the decision still counts every entry.
@Suite struct LongListExplanationTests {
    static let policy = """
    cover esketamine when count(history.trials where weeks >= 6) >= 2 "two adequate trials"

    """

    /// `n` trials of 4 weeks, with adequate ones (8 weeks) at the given indices.
    static func trials(_ n: Int, adequateAt: Set<Int>) -> String {
        let items = (0..<n).map { #"{"weeks": \#(adequateAt.contains($0) ? 8 : 4)}"# }
        return caseJSON(extra: #""history": {"trials": [\#(items.joined(separator: ","))]}"#)
    }

    func values(_ d: Decision) -> [ValueSeen] {
        d.reasons.flatMap { [$0.when] + ($0.when.children) }.flatMap(\.values)
    }

    @Test func aLongListShowsItsFirstEntriesAndHowManyMore() throws {
        let d = try decide(LongListExplanationTests.policy, LongListExplanationTests.trials(1000, adequateAt: [500, 900]))
        #expect(d.kind == .covered, "entries past the listed ones still count")
        let seen = values(d)
        #expect(seen.first == ValueSeen(path: "history.trials", value: "1000 entries"))
        #expect(seen.filter { $0.path.hasPrefix("history.trials[") }.count == Recorder.listedEntries + 1)
        #expect(seen.last == ValueSeen(path: "history.trials[20…]", value: "980 more entries, not listed"))
        #expect(!seen.contains { $0.path == "history.trials[20].weeks" })
    }

    @Test func aShortListIsListedWhole() throws {
        let d = try decide(LongListExplanationTests.policy, LongListExplanationTests.trials(20, adequateAt: [3, 19]))
        #expect(d.kind == .covered)
        let seen = values(d)
        #expect(seen.contains { $0.path == "history.trials[19].weeks" })
        #expect(!seen.contains { $0.path.hasSuffix("…]") })
    }

    @Test func oneMoreEntryIsSaidInTheSingular() throws {
        let d = try decide(LongListExplanationTests.policy, LongListExplanationTests.trials(21, adequateAt: []))
        #expect(d.kind == .denied)
        #expect(values(d).last == ValueSeen(path: "history.trials[20…]", value: "1 more entry, not listed"))
    }

    @Test func theJSONExplanationIsBoundedToo() throws {
        let short = try decide(LongListExplanationTests.policy, LongListExplanationTests.trials(30, adequateAt: []))
        let long = try decide(LongListExplanationTests.policy, LongListExplanationTests.trials(5000, adequateAt: []))
        let shortJSON = JSONWriter.write(short.json), longJSON = JSONWriter.write(long.json)
        #expect(longJSON.contains(#""history.trials[20…]": "4980 more entries, not listed""#))
        // The same entries are listed: only the counts' digits differ.
        #expect(abs(longJSON.utf8.count - shortJSON.utf8.count) < 20)
    }

    @Test func theSummaryListsTwentyMissingFactsAndCountsTheRest() throws {
        let items = Array(repeating: #"{"drug_class": "SSRI"}"#, count: 30).joined(separator: ",")
        let d = try decide(LongListExplanationTests.policy, caseJSON(extra: #""history": {"trials": [\#(items)]}"#))
        #expect(d.kind == .needsInformation)
        #expect(d.missing.count == 30, "the decision keeps every missing fact")
        #expect(d.summary.hasSuffix("history.trials[19].weeks, and 10 more facts."))
    }
}
