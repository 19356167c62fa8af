import Foundation
import Testing
@testable import ClauseKit

/// The fast decision must be the explained decision's: same decision JSON (less the
/// explanation: `reasons` and the `summary` that quotes them), or the same error. Run on every example and conformance case, and on cases
/// generated from them by random edits of their fields.
enum EquivalenceCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// (policy file, its case files), for the example policies and the conformance suite.
    static var suites: [(policy: String, cases: [String])] {
        var result: [(String, [String])] = []
        for (policies, cases) in [("Policies", "Policies/cases"),
                                  ("Tests/GoldenTests/Fixtures/conformance/policies",
                                   "Tests/GoldenTests/Fixtures/conformance/cases")] {
            let dir = root.appendingPathComponent(policies).path
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".clause") }
            for name in names.sorted() {
                let caseDir = root.appendingPathComponent(cases).appendingPathComponent(String(name.dropLast(7))).path
                let files = ((try? FileManager.default.contentsOfDirectory(atPath: caseDir)) ?? [])
                    .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expect.json") }.sorted()
                result.append((dir + "/" + name, files.map { caseDir + "/" + $0 }))
            }
        }
        return result
    }

    static func load(_ path: String) throws -> CheckedPolicy {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let result = Checker.check(source: SourceFile(name: path, bytes: bytes))
        guard let policy = result.policy else { throw CocoaError(.fileReadCorruptFile) }
        return policy
    }

    /// What a path produced for a case, as comparable text.
    static func explained(_ policy: CheckedPolicy, _ c: PatientCase) -> String {
        do { return withoutReasons(try CompiledPolicy(policy).decide(c, explain: true, paths: false)) } catch { return "error: \(error)" }
    }

    /// The compiled decision, whose byte form (`compactJSONBytes`) must be byte for byte what `JSONWriter` writes.
    static func compiled(_ policy: CompiledPolicy, _ c: PatientCase) -> String {
        do {
            let d = try policy.decide(c)
            let viaTree = withoutReasons(d)
            let direct = String(decoding: d.compactJSONBytes, as: UTF8.self)
            return direct == viaTree ? viaTree : "the byte form wrote \(direct)\nJSONWriter wrote \(viaTree)"
        } catch {
            return "error: \(error)"
        }
    }

    static func withoutReasons(_ d: Decision) -> String {
        guard case .object(var o) = d.json else { return "not an object" }
        // The explanation and the summary that quotes it are collected only when asked for.
        o["reasons"] = nil
        o["summary"] = nil
        return JSONWriter.write(.object(o), pretty: false)
    }
}

/// Random edits of a case's fields: a small deterministic generator of new cases.
struct CaseMutator {
    var state: UInt64

    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(max(n, 1)))
    }

    static let pool: [JSONValue] = [
        .null, .bool(true), .bool(false), .number(0, text: "0"), .number(17, text: "17"), .number(18, text: "18"),
        .number(6, text: "6"), .number(2, text: "2"), .number(Decimal(string: "0.3")!, text: "0.3"),
        .string("F33.2"), .string("F20.1"), .string("F32.A"), .string("F43.10"), .string("Z01.818"),
        .string("2026-03-01"), .string("2025-12-31"), .string("10%"), .string("30%"), .string("approved"),
        .string("pending"), .string("SSRI"), .string("SNRI"), .string("900.00"), .string("preferred"),
        .string("in_network"), .string("out_of_network"), .array([.string("F33.2")]), .array([]),
    ] + edgeNumbers

    /// Numbers at the edges of the compiled evaluator's fixed-point comparisons, as the reader
    /// reads them: negative zero, exponents, trailing zeros, more than 18 digits, percentages.
    static let edgeNumbers: [JSONValue] = {
        let text = #"[-0, -0.0, 1e1, 18.0, 17.999999999999999999999, 6.00, -3, 123456789012345678901234, "25%", "25.0%", "-0%", "-5%", "6.%", "0.25", "1e2%", "99999999999999999999%"]"#
        guard case .array(let items)? = try? JSONReader.parse(Array(text.utf8)) else { return [] }
        return items
    }()

    /// Every path to a value inside objects and arrays.
    static func paths(_ v: JSONValue, _ prefix: [PathStep] = []) -> [[PathStep]] {
        switch v {
        case .object(let o): return o.keys.flatMap { k in [prefix + [.key(k)]] + paths(o[k] ?? .null, prefix + [.key(k)]) }
        case .array(let a): return a.indices.flatMap { i in [prefix + [.index(i)]] + paths(a[i], prefix + [.index(i)]) }
        default: return []
        }
    }

    enum PathStep { case key(String), index(Int) }

    static func replacing(_ v: JSONValue, at path: ArraySlice<PathStep>, with new: JSONValue?) -> JSONValue {
        guard let step = path.first else { return new ?? .null }
        switch (v, step) {
        case (.object(var o), .key(let k)):
            if path.count == 1 { o[k] = new } else { o[k] = replacing(o[k] ?? .null, at: path.dropFirst(), with: new) }
            return .object(o)
        case (.array(var a), .index(let i)) where i < a.count:
            a[i] = path.count == 1 ? (new ?? .null) : replacing(a[i], at: path.dropFirst(), with: new)
            return .array(a)
        default: return v
        }
    }

    mutating func mutate(_ root: JSONValue) -> JSONValue {
        var v = root
        for _ in 0...next(3) {
            let all = CaseMutator.paths(v)
            guard !all.isEmpty else { break }
            let path = all[next(all.count)]
            let choice = next(CaseMutator.pool.count + 3)
            let new: JSONValue? = choice >= CaseMutator.pool.count ? nil : CaseMutator.pool[choice]
            v = CaseMutator.replacing(v, at: path[...], with: new)
        }
        return v
    }
}

@Test func equivalenceCorpusIsPresent() {
    let suites = EquivalenceCorpus.suites
    #expect(suites.count >= 5)
    #expect(CaseMutator.edgeNumbers.count == 16)
    #expect(suites.map(\.cases.count).reduce(0, +) >= 50)
}

@Test(arguments: EquivalenceCorpus.suites.map(\.policy))
func fastDecidesAsExplained(_ policyPath: String) throws {
    let policy = try EquivalenceCorpus.load(policyPath)
    let compiled = CompiledPolicy(policy)
    let cases = EquivalenceCorpus.suites.first { $0.policy == policyPath }?.cases ?? []
    var mutator = CaseMutator(state: 20_260_301)
    var compared = 0
    for file in cases {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        guard let root = try? JSONReader.parse(bytes) else { continue }
        var variants = [root]
        for _ in 0..<150 { variants.append(mutator.mutate(root)) }
        for v in variants {
            guard let c = try? CaseDecoder.decode(v, vocabulary: policy.vocabulary) else { continue }
            let a = EquivalenceCorpus.explained(policy, c)
            let b = EquivalenceCorpus.compiled(compiled, c)
            #expect(a == b, "\(file): \(JSONWriter.write(v, pretty: false))")
            compared += 1
        }
    }
    #expect(compared > cases.count * 20)
}

@Test func compiledCodeSetsMatchThePatterns() throws {
    let policy = try EquivalenceCorpus.load(EquivalenceCorpus.root.appendingPathComponent("Policies/acme-ppo.clause").path)
    let codes = ["F33.2", "F33", "F33.", "F32.A", "F32.5", "F32.51", "F32.6", "F22", "F22.1", "F221", "F2", "F20",
                 "F20.89", "F25.0", "Z01.818", "Z01.81", "Z01.8189", "", ".", "F3", "XF32.1", "é", "F32.0-F32.5"]
    for set in policy.codeSets {
        let table = CompiledCodeSet(set)
        for code in codes {
            #expect(table.contains(code) == set.contains(code), "\(set.name) \(code)")
        }
    }
}

/// Packed code sets against `CodeSet.contains` on many generated codes, over patterns of every
/// kind: undotted and dotted codes, prefixes, ranges, and
/// patterns and codes too long or not ASCII to pack.
@Test func packedCodeSetsMatchThePatternsOnGeneratedCodes() throws {
    let text = """
        policy "codes" { effective 2026-01-01 }
        codes a = icd10 { F32.0-F32.5, F32.9, F32.A, F33.0-F33.3, F33.8, F33.9, F2, F20.*, F1*, Z01.818 }
        codes b = icd10 { F22, F23, F43.1, F43.10, F10.2*, A0-B9, F40.00-F40.29 }
        codes c = icd10 { T40.7X1A, T40.7X1AB, F32.0-F32.5 }
        codes d = icd10 { F3*, F33.1* }
        treatment t "T" { fda approved for a }
        cover t "R" when { diagnosis in a  diagnosis in b  diagnosis in c  diagnosis in d }
        """
    let result = Checker.check(source: SourceFile(name: "codes.clause", bytes: Array(text.utf8)))
    let policy = try #require(result.policy, "\(result.diagnostics.map(\.message))")
    let alphabet = Array("F32.0A19XTZ4".utf8)
    var generator = SplitMix(seed: 7)
    var codes = ["", ".", "F", "F3", "F32", "F32.", "T40.7X1A", "T40.7X1AB", "T40.7X1ABC", "F32é", "F32\u{0}1", "A5", "B9.9"]
    for _ in 0..<3_000 {
        let length = Int(generator.next() % 11)
        codes.append(String(decoding: (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self))
    }
    for set in policy.codeSets {
        let table = CompiledCodeSet(set)
        for code in codes {
            #expect(table.contains(code) == set.contains(code), "\(set.name) \(code)")
        }
    }
}
