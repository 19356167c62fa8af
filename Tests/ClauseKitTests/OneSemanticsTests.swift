import Foundation
import Testing
@testable import ClauseKit

/// The one lowering: the fast decision and the explained decision are the same closures, so
/// they agree; the reserved fields and the JSON keys each have one home.
@Suite struct OneSemanticsTests {
    /// An `unless` that is not needed (its `when` is false) and cannot be evaluated is shown
    /// with a note, and the case is decided as the fast path decides it (before, the error
    /// was swallowed and the `unless` vanished from the explanation).
    @Test func unneededUnlessThatFailsIsShownWithANote() throws {
        let policy = try checked("""
        cover esketamine "Adults" when patient.age >= 18
        deny esketamine "Minors" when patient.age < 18 unless patient.consent > 3
        """)
        let json = caseJSON(extra: #""patient": { "age": 40, "consent": "yes" }"#)
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        let compiled = CompiledPolicy(policy)
        let fast = try compiled.decide(c)
        let explained = try compiled.decide(c, explain: true, paths: false)
        #expect(fast.kind == .covered && explained.kind == .covered)
        let deny = try #require(explained.reasons.first { $0.kind == .deny })
        #expect(deny.outcome == .false)
        let unless = try #require(deny.unless)
        #expect(unless.note?.contains("not needed for the outcome; could not be evaluated") == true)
        #expect(unless.source == "patient.consent > 3")
    }

    /// An error in an entry evaluated only for display (the block's outcome was already
    /// certain) is a note, never a refusal; an error that decides refuses on both paths alike.
    @Test func errorsRefuseAlikeOnBothPaths() throws {
        let policy = try checked("""
        cover esketamine "Any" when any {
          patient.age >= 18
          patient.consent > 3 "consent"
        }
        cover esketamine "All" when {
          patient.consent > 3 "consent"
        }
        """)
        let compiled = CompiledPolicy(policy)
        let json = caseJSON(extra: #""patient": { "age": 40, "consent": "yes" }"#)
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        var fastError: EvaluationError?, explainedError: EvaluationError?
        do { _ = try compiled.decide(c) } catch { fastError = error }
        do { _ = try compiled.decide(c, explain: true) } catch { explainedError = error }
        #expect(fastError != nil)
        #expect(fastError == explainedError)
    }

    /// The 250-define chain of the issue's reproduction: checks, and both paths decide it.
    @Test func deepDefineChainsDecideAlike() throws {
        var text = "define d1 = patient.age >= 18\n"
        for i in 2...250 { text += "define d\(i) = d\(i - 1)\n" }
        text += "cover esketamine \"Deep\" when { d250 }\n"
        let policy = try checked(text)
        let compiled = CompiledPolicy(policy)
        let c = try CaseDecoder.decode(bytes: Array(caseJSON(extra: #""patient": { "age": 40 }"#).utf8),
                                       vocabulary: policy.vocabulary)
        let fast = try compiled.decide(c)
        let explained = try compiled.decide(c, explain: true, paths: false)
        #expect(fast.kind == .covered)
        #expect(explained.kind == .covered)
        #expect(fast.compactJSONBytes == explained.compactJSONBytes)
    }

    /// Every reserved field is typed by the checker from the one table, and the decoder refuses
    /// a value of the wrong type for it, naming the field.
    @Test func decoderAndCheckerFollowTheReservedTable() throws {
        let policy = try checked("cover esketamine \"All\" when true\n")
        for field in ReservedFields.all {
            // An object is the wrong type for every reserved field but the top-level lists.
            var root: [String: Any] = try #require(try JSONSerialization.jsonObject(with: Data(caseJSON().utf8)) as? [String: Any])
            if field.names.count == 1 {
                root[field.names[0]] = ["not": "a list"]
            } else {
                var parent = root[field.names[0]] as? [String: Any] ?? [:]
                parent[field.names[1]] = ["not": "a value"]
                root[field.names[0]] = parent
            }
            let bytes = Array(try JSONSerialization.data(withJSONObject: root))
            do {
                _ = try CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary)
                Issue.record("the decoder accepted an object for \(field.path)")
            } catch {
                #expect(error.path.hasPrefix(field.path), "\(field.path): \(error.path) \(error.message)")
            }
            let names = field.names.map { Name($0, .empty) }
            #expect(Checker.reservedType(names) == field.type)
        }
    }

    /// The case reader interns the keys the policy reads, learnt from the policy: none of the
    /// example policies' field names are built in.
    @Test func jsonKeysAreLearntFromThePolicy() throws {
        let policy = try checked("""
        cover esketamine "Custom" when {
          intake.zzcustom_score >= 3
          count(history.zzcustom_trials where zzweeks >= 6) >= 1
          distinct(history.zzcustom_trials.zzclass) >= 1
        }
        """)
        func interned(_ name: String, _ keys: JSONKeyTable) -> Bool {
            var n = name
            return n.withUTF8 { text in
                let shape = JSONKeyTable.Shape(text)
                return keys.key(text, shape: shape, hash: shape.hash) != nil
            }
        }
        let keys = policy.vocabulary.keys
        for name in ["intake", "zzcustom_score", "history", "zzcustom_trials", "zzweeks", "zzclass", "request", "approved_on"] {
            #expect(interned(name, keys), "\(name)")
        }
        for name in ["pregnant", "rems_certified", "drug_class"] {
            #expect(!interned(name, keys), "\(name)")
            #expect(!interned(name, JSONKeyTable.reserved), "\(name)")
        }
        // And the policy decides with them.
        let json = caseJSON(extra: #""intake": { "zzcustom_score": 4 }, "history": { "zzcustom_trials": [{ "zzweeks": 8, "zzclass": "A" }] }"#)
        #expect(try decide(policy, json).kind == .covered)
    }
}

/// Money is written in one pass; the text is the same as grouping the digits by hand.
@Test func moneyTextMatchesTheReference() {
    func reference(_ cents: Int64, grouped: Bool) -> String {
        let magnitude = cents.magnitude
        var whole = String(magnitude / 100)
        if grouped {
            var g = ""
            for (i, ch) in whole.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { g.append(",") }
                g.append(ch)
            }
            whole = String(g.reversed())
        }
        let frac = magnitude % 100
        return (cents < 0 ? "-" : "") + whole + "." + (frac < 10 ? "0" : "") + String(frac)
    }
    var values: [Int64] = [0, 1, -1, 99, 100, 101, -100, 99_999, 100_000, 123_456_789, Int64.max, Int64.min, -Int64.max]
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<2_000 {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17
        values.append(Int64(bitPattern: x) >> Int64(x % 60))
    }
    for c in values {
        let m = Money(cents: c)
        #expect(m.formatted() == reference(c, grouped: false), "\(c)")
        #expect(m.formatted(grouped: true) == reference(c, grouped: true), "\(c)")
        let g = reference(c, grouped: true)
        #expect(m.dollars == (c < 0 ? "-$" + g.dropFirst() : "$" + g), "\(c)")
    }
}

/// An expression typed after a policy with a `fields` block (the REPL's) is checked against the
/// block, as the policy's own expressions are: a misspelt path is an error, not an unknown.
@Test func expressionsAreCheckedAgainstThePolicysFields() throws {
    let policy = try checked("""
    fields {
      patient.age: number
    }
    cover esketamine "Adults" when patient.age >= 18
    """)
    let typo = ExpressionEvaluator.check("patient.agee >= 18", in: policy)
    #expect(typo.expression == nil)
    #expect(typo.diagnostics.contains { $0.severity == .error && $0.message.contains("patient.agee") })
    let fine = ExpressionEvaluator.check("patient.age >= 18", in: policy)
    #expect(fine.expression != nil)
    #expect(fine.diagnostics.isEmpty)
}
