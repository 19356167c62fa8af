import Foundation
import Testing
@testable import ClauseKit

/// The fast JSON reader against the reference (the reader before its fast paths): on the same
/// input both give equal values, or both fail with the same message, line and column.
@Suite struct JSONReaderDifferentialTests {
    /// The outcome of one reader on one input, comparable.
    enum Outcome: Equatable, CustomStringConvertible {
        case value(JSONValue)
        case failure(CaseError)

        var description: String {
            switch self {
            case .value(let v): return "value \(JSONWriter.write(v, pretty: false))"
            case .failure(let e): return "error \(e)"
            }
        }
    }

    static func fast(_ bytes: [UInt8]) -> Outcome {
        do { return .value(try JSONReader.parse(bytes)) } catch { return .failure(error) }
    }

    static func reference(_ bytes: [UInt8]) -> Outcome {
        do { return .value(try ReferenceJSONReader.parse(bytes)) } catch { return .failure(error) }
    }

    static func expectSame(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let a = fast(bytes), b = reference(bytes)
        #expect(a == b, "input \(String(decoding: bytes, as: UTF8.self).debugDescription)", sourceLocation: sourceLocation)
        // Values: same keys in the same order all the way down (== compares them too), and
        // every key found by lookup.
        if case .value(let v) = a { #expect(lookupsAgree(v), sourceLocation: sourceLocation) }
    }

    static func lookupsAgree(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let o): return o.pairs.allSatisfy { o[$0.0] == $0.1 && lookupsAgree($0.1) }
        case .array(let items): return items.allSatisfy(lookupsAgree)
        default: return true
        }
    }

    /// The example cases, compact, one line each.
    static let caseLines: [[UInt8]] = {
        let root = FormatterCorpus.root.appendingPathComponent("Policies/cases")
        let policies = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return policies.sorted().flatMap { policy -> [[UInt8]] in
            let dir = root.appendingPathComponent(policy)
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
            return files.filter { $0.hasSuffix(".json") }.compactMap { file in
                guard let data = try? Data(contentsOf: dir.appendingPathComponent(file)),
                      let json = try? ReferenceJSONReader.parse([UInt8](data)) else { return nil }
                return Array(JSONWriter.write(json, pretty: false).utf8)
            }
        }
    }()

    @Test func exampleCasesReadTheSame() {
        #expect(Self.caseLines.count >= 20)
        for line in Self.caseLines { Self.expectSame(line) }
    }

    /// Damaged cases: bytes deleted, repeated, or replaced by ones that matter to JSON, UTF-8
    /// and the fast paths (quotes, backslashes, control and non-ASCII bytes, digits, braces).
    @Test func damagedCasesReadTheSame() {
        var generator = SplitMix(seed: 5)
        let interesting: [UInt8] = Array("\"\\{}[],:. -+eE0123456789tfnu".utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xE2, 0xED, 0xF0, 0xFF]
        for line in Self.caseLines {
            for _ in 0..<150 {
                var bytes = line
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    let at = Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 4 {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(bytes[Int(generator.next() % UInt64(bytes.count))], at: at)
                    case 2: bytes = Array(bytes[..<at])
                    default: bytes[at] = interesting[Int(generator.next() % UInt64(interesting.count))]
                    }
                    if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
                }
                Self.expectSame(bytes)
            }
        }
    }

    /// Keys of every length up to 40, plain, escaped, non-ASCII, repeated (duplicates are
    /// found whether spelt the same or not), in small and indexed objects.
    @Test func keysReadTheSame() {
        var generator = SplitMix(seed: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz_0123456789".utf8)
        let table = ["billed_per_session", "prior_authorization", "out_of_pocket_remaining", "id", "plan",
                     "aneurysmal_vascular_disease", "failed_esketamine", "drug", "madrs_baseline"]
        for round in 0..<400 {
            let n = [1, 2, 5, 11, 12, 13, 30][round % 7]
            var keys: [String] = []
            for _ in 0..<n {
                switch generator.next() % 6 {
                case 0: keys.append(table[Int(generator.next() % UInt64(table.count))])
                case 1: keys.append(keys.isEmpty ? "x" : keys[Int(generator.next() % UInt64(keys.count))])  // a duplicate
                case 2: keys.append("caf\\u00e9" + String(generator.next() % 100))
                case 3: keys.append("a\\u0062c" + String(generator.next() % 4))  // "abc…" escaped
                default:
                    let length = Int(generator.next() % 41)
                    keys.append(String(decoding: (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self))
                }
            }
            if round % 5 == 0 { keys.append("abc" + String(generator.next() % 4)) }  // may repeat an escaped one
            let members = keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
            Self.expectSame(Array("{\(members)}".utf8))
            Self.expectSame(Array("[{\(members)}, {\"k\": {\(members)}}]".utf8))
        }
    }

    /// Strings with a special byte at every position across the eight-byte scanning blocks.
    @Test func stringsReadTheSame() {
        let specials: [[UInt8]] = [[UInt8(ascii: "\"")], Array("\\n".utf8), Array("\\u00e9".utf8), Array("\\".utf8),
                                   [0x01], [0x1F], [0x7F], Array("é".utf8), Array("€".utf8), Array("😀".utf8),
                                   [0xC3], [0xE2, 0x82], [0xFF], [0xED, 0xA0, 0x80]]
        for length in 0..<24 {
            for at in 0...length {
                for special in specials {
                    var text = Array(String(repeating: "a", count: length).utf8)
                    text.insert(contentsOf: special, at: at)
                    Self.expectSame([UInt8(ascii: "\"")] + text + [UInt8(ascii: "\"")])
                    Self.expectSame(Array("{\"".utf8) + text + Array("\": 1}".utf8))
                    Self.expectSame(Array("[\"".utf8) + text)  // unterminated
                }
            }
        }
    }

    /// Numbers of many shapes: the value read must equal the reference's (and `Decimal(string:)`'s).
    @Test func numbersReadTheSame() {
        var generator = SplitMix(seed: 11)
        func digits(_ n: Int) -> String {
            String((0..<n).map { _ in Character(String(generator.next() % 10)) })
        }
        for _ in 0..<3000 {
            var text = generator.next() % 3 == 0 ? "-" : ""
            let whole = digits(1 + Int(generator.next() % 22))
            text += whole.first == "0" ? "0" : whole
            if generator.next() % 2 == 0 { text += "." + digits(1 + Int(generator.next() % 22)) }
            if generator.next() % 4 == 0 {
                text += ["e", "E", "e+", "e-"][Int(generator.next() % 4)] + String(generator.next() % 60)
            }
            let bytes = Array(text.utf8)
            Self.expectSame(bytes)
            if case .value(.number(let value, let kept)) = Self.fast(bytes) {
                #expect(kept == text)
                #expect(value == Decimal(string: text, locale: nil), "\(text)")
            }
        }
    }

    /// Small whole numbers (read from a shared table) and their neighbours, alone and in context.
    @Test func smallNumbersReadTheSame() {
        var texts = (0..<120).map { String($0) }
        texts += ["00", "01", "09", "-0", "-5", "-99", "0.5", "7.", "7.0", "42e1", "42E", "99.9", "100", "5x", "5 ", "5,"]
        for text in texts {
            Self.expectSame(Array(text.utf8))
            Self.expectSame(Array("[\(text)]".utf8))
            Self.expectSame(Array("{\"a\":\(text)}".utf8))
            Self.expectSame(Array("{\"a\": \(text) , \"b\": [\(text),\(text)]}".utf8))
        }
    }

    @Test func deepNestingFailsTheSame() {
        for depth in [511, 512, 513, 100_000] {
            Self.expectSame(Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8))
            Self.expectSame(Array((String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)).utf8))
        }
    }
}
