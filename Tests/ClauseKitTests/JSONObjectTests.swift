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

    /// A key looked up with its hash (`JSONKey`, as the compiled evaluator does) finds what the
    /// plain lookup finds, for keys read from JSON (plain, escaped, non-ASCII, long) and keys
    /// set afterwards, in small and indexed objects.
    @Test(arguments: [3, 40])
    func hashedLookupsFindWhatPlainLookupsFind(_ filler: Int) throws {
        // `pr\u00e9gnant` and `t\u0061b` are escaped spellings of "prégnant" and "tab".
        let keys = ["age", "pr\\u00e9gnant", "t\\u0061b", "ésc", "", "a_key_longer_than_sixteen_bytes",
                    "a_key_longer_than_sixteen_bytez", "ag", "agf"]
        var text = "{"
        for (i, k) in keys.enumerated() { text += "\"\(k)\": \(i), " }
        for i in 0..<filler { text += "\"f\(i)\": true, " }
        text += "\"last\": null}"
        guard case .object(var o) = try JSONReader.parse(Array(text.utf8)) else { throw TestFailure(description: "not an object") }
        o["added later"] = .bool(false)
        var found = 0
        for name in ["age", "prégnant", "tab", "ésc", "", "a_key_longer_than_sixteen_bytes", "a_key_longer_than_sixteen_bytez",
                     "ag", "agf", "f1", "last", "added later", "missing", "AGE", "a_key_longer_than_sixteen_byte", "pregnant"] {
            let plain = o[name]
            let hashed = o.withMember(JSONKey(name)) { $0 }
            #expect(plain == hashed, "\(name)")
            if hashed != nil { found += 1 }
        }
        #expect(found == (filler > 1 ? 12 : 11))
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
