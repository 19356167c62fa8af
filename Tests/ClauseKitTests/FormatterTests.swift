import Foundation
import Testing
@testable import ClauseKit

/// `clause fmt`: idempotent, meaning-preserving, comment-preserving, on every policy and fixture.
enum FormatterCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every policy file of the repository that parses: examples, conformance copies, fixtures.
    static var files: [String] {
        let folders = ["Policies", "Tests/GoldenTests/Fixtures/conformance/policies", "Tests/GoldenTests/Fixtures/diagnostics",
                       "Tests/GoldenTests/Fixtures/lints"]
        return folders.flatMap { folder -> [String] in
            let dir = root.appendingPathComponent(folder).path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            return names.filter { $0.hasSuffix(".clause") }.sorted().map { folder + "/" + $0 }
        }
    }

    static func source(_ relative: String) throws -> SourceFile {
        SourceFile(name: relative, bytes: Array(try Data(contentsOf: root.appendingPathComponent(relative))))
    }
}

/// The AST with every span removed: two files with equal structure print the same.
func structure(_ file: PolicyFile) -> String {
    let text = String(describing: file)
    return text.replacingOccurrences(of: #"\d+\.\.<\d+"#, with: "_", options: .regularExpression)
}

func formatted(_ text: String, name: String = "test.clause") -> String? {
    if case .success(let out) = Formatter.format(SourceFile(name: name, text: text)) { return out }
    return nil
}

@Test func formatterCorpusIsLarge() {
    #expect(FormatterCorpus.files.count >= 15)
}

@Test(arguments: FormatterCorpus.files)
func formattingKeepsMeaningAndIsIdempotent(_ relative: String) throws {
    let source = try FormatterCorpus.source(relative)
    let parsed = Parser.parse(source, collectingComments: true)
    guard !parsed.diagnostics.contains(where: { $0.severity == .error }) else {
        // A file with syntax errors is refused, never rewritten.
        guard case .failure(let failure) = Formatter.format(source) else {
            Issue.record("a file with syntax errors was formatted")
            return
        }
        #expect(!failure.diagnostics.isEmpty)
        return
    }
    guard case .success(let once) = Formatter.format(source) else {
        Issue.record("could not format \(relative)")
        return
    }
    let reparsed = Parser.parse(SourceFile(name: relative, text: once), collectingComments: true)
    #expect(reparsed.diagnostics.isEmpty, "\(reparsed.diagnostics.map(\.message))")
    #expect(structure(reparsed.file) == structure(parsed.file), "formatting changed the parsed policy of \(relative)")
    #expect(formatted(once) == once, "formatting \(relative) twice changed it")
    // Every comment survives, in order.
    let before = parsed.comments.map { source.text($0).trimmingCharacters(in: .whitespaces) }
    let after = reparsed.comments.map { SourceFile(name: "", text: once).text($0).trimmingCharacters(in: .whitespaces) }
    #expect(before == after)
}

@Test func examplePoliciesAreFormatted() throws {
    for relative in FormatterCorpus.files where relative.hasPrefix("Policies/") {
        let source = try FormatterCorpus.source(relative)
        #expect(formatted(source.text(SourceSpan(start: 0, end: source.bytes.count))) == source.text(SourceSpan(start: 0, end: source.bytes.count)),
                "\(relative) is not in canonical form; run `clause fmt \(relative)`")
    }
}

@Test func canonicalLayout() {
    let messy = """
    policy "T" {effective 2026-01-01 payer "P"}
    codes  a=icd10{F32.*,f33.1 , F40-F41}   # trailing
    # own line
    define   adult=patient.age>=18 "adult"
    cover x "Rule" when { adult  (patient.age + 1) * 2 > 3 "sum" any { a.b c.d "l" } }
      requires  prior_authorization
    treatment x "X" { fda approved for a  billing hcpcs J0013 }
    limit x { 1 session per 1 week from week 2  $1,500.50 per 1 year }
    network { tier in  copay $40 coinsurance 12.5% after deductible, requires referral  tier out not covered }
    """
    let expected = """
    policy "T" {
      effective 2026-01-01
      payer "P"
    }
    codes a = icd10 { F32.*, F33.1, F40-F41 }  # trailing
    # own line
    define adult = patient.age >= 18 "adult"
    cover x "Rule" when {
      adult
      (patient.age + 1) * 2 > 3            "sum"
      any {
        a.b
        c.d                                "l"
      }
    }
      requires prior_authorization
    treatment x "X" {
      fda approved for a
      billing hcpcs J0013
    }
    limit x {
      1 session per 1 week from week 2
      $1,500.50 per 1 year
    }
    network {
      tier in  copay $40 coinsurance 12.5% after deductible, requires referral
      tier out not covered
    }

    """
    #expect(formatted(messy) == expected)
}

@Test func parenthesesAreKeptOnlyWhereNeeded() {
    let text = """
    policy "T" { effective 2026-01-01 }
    define a = ((x.a - x.b) / x.c) >= 50%
    define b = (x.a < x.b) == (x.c > 1)
    define c = not (x.a and x.b) or -(x.n - 1) > 2.0
    define d = x.a - (x.b - x.c)
    """
    let out = formatted(text) ?? ""
    #expect(out.contains("define a = (x.a - x.b) / x.c >= 50%"))
    #expect(out.contains("define b = (x.a < x.b) == (x.c > 1)"))
    #expect(out.contains("define c = not (x.a and x.b) or -(x.n - 1) > 2.0"))
    #expect(out.contains("define d = x.a - (x.b - x.c)"))
    let before = Parser.parse(SourceFile(name: "", text: text)).file
    let after = Parser.parse(SourceFile(name: "", text: out)).file
    #expect(structure(before) == structure(after))
}

@Test func syntaxErrorsAreNotFormatted() {
    guard case .failure(let failure) = Formatter.format(SourceFile(name: "x", text: "policy \"T\" { effective }")) else {
        Issue.record("expected a failure")
        return
    }
    #expect(failure.diagnostics.first?.code == .unexpectedToken)
}

@Test func commentsAreCollectedOnlyOnRequest() {
    let source = SourceFile(name: "x", text: "# one\npolicy \"T\" { } # two\n")
    #expect(Parser.parse(source).comments.isEmpty)
    let spans = Parser.parse(source, collectingComments: true).comments
    #expect(spans.map { source.text($0) } == ["# one", "# two"])
}

@Test func structureComparisonSeesDifferences() {
    func s(_ text: String) -> String { structure(Parser.parse(SourceFile(name: "", text: "policy \"T\" { }\n" + text)).file) }
    #expect(s("define a = 1") == s("define   a =\n 1"))
    #expect(s("define a = 1") != s("define a = 2"))
    #expect(s("define a = 2") != s("define a = 2.0"))
    #expect(s("define a = x.a - x.b - x.c") != s("define a = x.a - (x.b - x.c)"))
    #expect(s("define a = x.a \"l\"") != s("define a = x.a \"m\""))
}

@Test func commentsAmongCodesStayBesideTheirCodes() {
    let text = """
    policy "T" { }
    codes mdd = icd10 {
      F32.*,    # single episode
      # recurrent:
      F33.*
    }
    """
    let expected = """
    policy "T" {
    }
    codes mdd = icd10 {
      F32.*,  # single episode
      # recurrent:
      F33.*
    }

    """
    let out = formatted(text)
    #expect(out == expected)
    #expect(out.flatMap { formatted($0) } == out)
}

/// The layout depends on the policy, not on how it was spaced: the tokens of each policy,
/// rejoined with different whitespace (no blank lines, no comments), format identically.
@Test(arguments: FormatterCorpus.files.filter { $0.hasPrefix("Policies/") || $0.contains("conformance") })
func layoutIgnoresOriginalSpacing(_ relative: String) throws {
    let source = try FormatterCorpus.source(relative)
    let tokens = Lexer.tokenize(source).tokens.filter { $0.kind != .endOfFile }
    var generator = SplitMix(seed: UInt64(relative.utf8.count))
    func respaced(_ separators: [String]) -> String {
        var text = ""
        for token in tokens {
            text += source.text(token.span)
            text += separators[Int(generator.next() % UInt64(separators.count))]
        }
        return text
    }
    let tight = respaced([" "])
    let loose = respaced([" ", "  ", "\t", "\n", " \n  "])
    let a = formatted(tight), b = formatted(loose)
    #expect(a != nil && a == b)
    let original = Parser.parse(source).file
    #expect(structure(Parser.parse(SourceFile(name: "", text: b ?? "")).file) == structure(original))
}

/// A small deterministic random number generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Damaged policies: whatever still parses must format to an equal, stable policy, and
/// nothing crashes. Deterministic: a fixed seed per file.
@Test(arguments: FormatterCorpus.files.filter { $0.hasPrefix("Policies/") })
func damagedPoliciesRoundTrip(_ relative: String) throws {
    let source = try FormatterCorpus.source(relative)
    var generator = SplitMix(seed: 42 &+ UInt64(relative.utf8.count))
    var parsedCount = 0
    for _ in 0..<150 {
        var bytes = source.bytes
        for _ in 0..<3 {
            let at = Int(generator.next() % UInt64(bytes.count))
            switch generator.next() % 3 {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(bytes[Int(generator.next() % UInt64(bytes.count))], at: at)
            default: bytes[at] = [UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "#"), UInt8(ascii: "\"")][Int(generator.next() % 4)]
            }
        }
        let damaged = SourceFile(name: relative, bytes: bytes)
        guard case .success(let once) = Formatter.format(damaged) else { continue }
        parsedCount += 1
        let before = Parser.parse(damaged).file
        let after = Parser.parse(SourceFile(name: relative, text: once))
        #expect(after.diagnostics.isEmpty, "\(after.diagnostics.map(\.message))")
        #expect(structure(after.file) == structure(before))
        #expect(formatted(once) == once)
    }
    #expect(parsedCount > 0)
}
