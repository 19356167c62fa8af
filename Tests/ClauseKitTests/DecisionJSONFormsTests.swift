import Foundation
import Testing
@testable import ClauseKit

/// The decision's JSON is one schema (`Decision.write(to:explanation:)`) sent to two sinks:
/// the value (`Decision.json`, `clause eval --format json`) and the bytes (`appendJSON`,
/// `clause batch`). For every example and conformance case, with and without the explanation,
/// the bytes are exactly `JSONWriter`'s compact text of the value.
@Suite struct DecisionJSONFormsTests {
    struct Example: CustomTestStringConvertible, Sendable {
        let policy: String
        let casePath: String
        var testDescription: String {
            URL(fileURLWithPath: policy).deletingPathExtension().lastPathComponent + "/"
                + URL(fileURLWithPath: casePath).lastPathComponent
        }
    }

    static let examples: [Example] = EquivalenceCorpus.suites.flatMap { suite in
        suite.cases.map { Example(policy: suite.policy, casePath: $0) }
    }

    static func value(_ d: Decision, explanation: Bool) -> String {
        JSONWriter.write(JSONValueSink.build { d.write(to: &$0, explanation: explanation) }, pretty: false)
    }

    static func bytes(_ d: Decision, explanation: Bool) -> String {
        var out: [UInt8] = []
        d.appendJSON(to: &out, explanation: explanation)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func findsTheExamples() {
        #expect(Self.examples.filter { $0.policy.contains("/Policies/") }.count >= 30)
    }

    @Test(arguments: examples)
    func valueAndBytesAgree(_ example: Example) throws {
        let checked = try EquivalenceCorpus.load(example.policy)
        let compiled = CompiledPolicy(checked)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: example.casePath)))
        guard let c = try? CaseDecoder.decode(bytes: bytes, vocabulary: checked.vocabulary) else { return }
        // What `clause eval` shows (with the paths to coverage), and what `clause batch`
        // decides with and without `--explain`.
        var decisions: [Decision] = []
        if let d = try? compiled.decide(c, explain: true, paths: false) { decisions.append(d) }
        for explain in [false, true] {
            if let d = try? compiled.decide(c, explain: explain) { decisions.append(d) }
        }
        for d in decisions {
            for explanation in [false, true] {
                #expect(Self.bytes(d, explanation: explanation) == Self.value(d, explanation: explanation),
                        "explanation: \(explanation)")
            }
            // The value with the explanation is `Decision.json`; without, it is the same less
            // `summary` and `reasons`.
            #expect(Self.value(d, explanation: true) == JSONWriter.write(d.json, pretty: false))
            #expect(Self.value(d, explanation: false) == EquivalenceCorpus.withoutReasons(d))
        }
    }

    /// Values a case holds (numbers keep their text) and strings that need escapes, in the
    /// edits of a path to coverage.
    @Test func arbitraryValuesAgree() {
        let edit = CaseEdit.set(["request", "x"], .object(JSONObject([
            ("n", .number(Decimal(string: "900.50")!, text: "900.50")), ("list", .array([.null, .bool(false), .array([])])),
            ("s", .string("quote \" tab\t \u{01} café")), ("empty", .object(JSONObject())),
        ])))
        let change = CoverageChange(kind: .fact, text: "x", criterion: nil, line: 3, path: "request.x", edits: [edit, .remove(["a", "b"])])
        var out: [UInt8] = []
        JSONByteSink.append(to: &out) { change.write(to: &$0) }
        #expect(String(decoding: out, as: UTF8.self) == JSONWriter.write(change.json, pretty: false))
    }
}
