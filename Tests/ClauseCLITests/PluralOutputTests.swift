import Foundation
import Testing
@testable import ClauseCLI
import ClauseKit

/// Counts in text output agree with their nouns ("1 case", "1 session", "1 entry"), and a batch
/// too quick to measure reports its time instead of a meaningless rate.
@Suite struct PluralOutputTests {
    @Test func pluralHelperChoosesTheNumber() {
        #expect(Plural.count(1, "case") == "1 case")
        #expect(Plural.count(0, "case") == "0 cases")
        #expect(Plural.count(1, "entry") == "1 entry")
        #expect(Plural.count(3, "entry") == "3 entries")
        #expect(Plural.count(2, "witness") == "2 witnesses")
        #expect(Plural.count(2, "criterion", "criteria") == "2 criteria")
        #expect(Plural.word(1, "is", "are") == "is")
    }

    @Test func aBatchOfOneCaseTooQuickToMeasureShowsItsTimeNotARate() {
        #expect(BatchProgress.summary(cases: 1, elapsed: 0.004) == "1 case in 0.00 s")
        #expect(BatchProgress.running(cases: 1, elapsed: 0.02) == "1 case, 0.02 s")
        #expect(!BatchProgress.summary(cases: 1, elapsed: 0.004).contains("/s"))
        #expect(BatchProgress.summary(cases: 1200, elapsed: 0.25) == "1200 cases in 0.25 s (4800 cases/s)")
        #expect(BatchProgress.running(cases: 1, elapsed: 0.5) == "1 case, 2 cases/s")
        #expect(BatchProgress.summary(cases: 1, elapsed: 1) == "1 case in 1.00 s (1 case/s)")
    }

    /// A case of one requested session, one past session in the course and one earlier trial.
    @Test func anExplanationWithOneSessionAndOneEntryIsSingular() throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: path("Policies/cases/acme-ppo/induction-cap-partial.json")))
        guard var root = try JSONSerialization.jsonObject(with: source) as? [String: Any],
              var request = root["request"] as? [String: Any],
              var history = root["history"] as? [String: Any],
              let trials = history["trials"] as? [Any], let sessions = root["sessions"] as? [Any] else {
            Issue.record("unexpected case shape")
            return
        }
        request["sessions"] = 1
        request["date"] = "2026-03-05"
        history["trials"] = Array(trials.prefix(1))
        root["request"] = request
        root["history"] = history
        root["sessions"] = Array(sessions.prefix(1))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("clause-plural-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: root).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = run(["eval", path("Policies/acme-ppo.clause"), file.path])
        #expect(r.out.contains("1 session on 2026-03-05"), "\(r.out)")
        #expect(r.out.contains("(1 session so far)"), "\(r.out)")
        #expect(r.out.contains("history.trials = 1 entry;"), "\(r.out)")
        #expect(!r.out.contains("1 sessions") && !r.out.contains("1 entries"), "\(r.out)")
    }
}
