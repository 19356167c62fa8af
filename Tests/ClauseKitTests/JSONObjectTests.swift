import Testing
@testable import ClauseKit

/// `JSONObject` keeps source order and finds keys the same whether small (searched in turn)
/// or large (indexed).
@Suite struct JSONObjectTests {
    @Test(arguments: [3, JSONObject.indexedFrom - 1, JSONObject.indexedFrom, 200])
    func lookupsOrderAndRemovals(_ n: Int) {
        var o = JSONObject()
        for i in 0..<n { o["k\(i)"] = .int(i) }
        #expect(o.count == n)
        #expect(o.keys == (0..<n).map { "k\($0)" })
        for i in 0..<n { #expect(o["k\(i)"] == .int(i)) }
        #expect(o["missing"] == nil)
        o["k0"] = .string("replaced")
        #expect(o.keys.first == "k0")
        #expect(o["k0"] == .string("replaced"))
        o["k1"] = nil
        #expect(o.count == n - 1)
        #expect(o["k1"] == nil)
        #expect(o["k\(n - 1)"] == .int(n - 1))
        #expect(o.storage.count == n - 1)
    }

    @Test func equalityIsOrderedPairs() {
        let a = JSONObject([("a", .int(1)), ("b", .int(2))])
        #expect(a == JSONObject([("a", .int(1)), ("b", .int(2))]))
        #expect(a != JSONObject([("b", .int(2)), ("a", .int(1))]))
        #expect(a != JSONObject([("a", .int(1))]))
    }

    @Test func duplicateKeysAreRejectedInLargeObjects() {
        let members = (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        #expect(throws: CaseError.self) { try JSONReader.parse("{\(members), \"k57\": 1}") }
        #expect((try? JSONReader.parse("{\(members)}")) != nil)
    }
}
