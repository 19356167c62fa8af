import Foundation
import Testing
@testable import ClauseKit

/// The byte form of a decision (`JSONByteSink`) is what `JSONWriter` writes for the value (less
/// `reasons` and `summary`), also for strings that need escapes and for lines too long for its
/// first buffer.
@Suite struct DecisionWriterTests {
    static let policy: CompiledPolicy? = {
        let path = EquivalenceCorpus.root.appendingPathComponent("Policies/acme-ppo.clause").path
        return (try? EquivalenceCorpus.load(path)).map { CompiledPolicy($0) }
    }()

    /// The covered example case with this id and number of sessions requested.
    static func written(id: String, sessions: Int) throws -> (direct: String, viaTree: String) {
        let policy = try #require(Self.policy)
        let path = EquivalenceCorpus.root.appendingPathComponent("Policies/cases/acme-ppo/covered-in-network.json")
        guard case .object(var document) = try JSONReader.parse([UInt8](try Data(contentsOf: path))),
              case .object(var request)? = document["request"] else {
            Issue.record("the example case is not an object with a request")
            return ("", "")
        }
        request["sessions"] = .int(sessions)
        document["request"] = .object(request)
        document["id"] = .string(id)
        let c = try CaseDecoder.decode(bytes: Array(JSONWriter.write(.object(document)).utf8),
                                       vocabulary: policy.policy.vocabulary)
        #expect(c.id == id)
        let d = try policy.decide(c)
        return (String(decoding: d.compactJSONBytes, as: UTF8.self), EquivalenceCorpus.withoutReasons(d))
    }

    @Test(arguments: ["plain", "", "quote \" and \\ backslash", "line\nfeed\r\ttab", "\u{01}\u{1F}\u{7F}",
                      "café ☕ 😀", String(repeating: "long ", count: 800)])
    func escapesAsJSONWriter(_ id: String) throws {
        let (direct, viaTree) = try Self.written(id: id, sessions: 2)
        #expect(direct == viaTree)
    }

    /// Hundreds of per-session entries: far past the first 2 KB buffer.
    @Test(arguments: [1, 30, 400, 1_500])
    func longDecisionsAsJSONWriter(_ sessions: Int) throws {
        let (direct, viaTree) = try Self.written(id: "c-\(sessions)", sessions: sessions)
        #expect(direct == viaTree)
        #expect(sessions < 30 || direct.utf8.count > 2048)
    }

    /// Appends to what the batch has written before, never over it.
    @Test func appendsToTheOutput() throws {
        let policy = try #require(Self.policy)
        let c = try CaseDecoder.decode(bytes: Array(caseJSON().utf8), vocabulary: policy.policy.vocabulary)
        let d = try policy.decide(c)
        var out = Array("previous line\n".utf8)
        d.appendJSON(to: &out, explanation: false)
        #expect(out == Array("previous line\n".utf8) + d.compactJSONBytes)
    }
}
