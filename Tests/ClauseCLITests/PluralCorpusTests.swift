import Foundation
import Testing
@testable import ClauseCLI
import ClauseKit

/// Every example case through text, report, appeal and CRD output: no count disagrees with its
/// noun ("1 sessions", "2 session", "session(s)"), since every count goes through `Plural`
/// (issue #17).
@Suite struct PluralCorpusTests {
    static let nounsPlural = "sessions|cases|entries|days|weeks|months|rules|criteria|limits|items|documents|changes|paths"
        + "|trials|diagnoses|witnesses|repeats|lines|hours|classes|drugs|antidepressants"
    static let nounsSingular = "session|case|entry|day|week|month|rule|criterion|limit|item|document|change|path"
        + "|trial|diagnosis|witness|repeat|line|hour|class|drug|antidepressant"

    /// The slips in `text` (HTML tags read as spaces).
    static func slips(_ text: String) throws -> [String] {
        let plain = text.replacing(try Regex("<[^>]+>"), with: " ")
        let words = "(?:more |requested |past |other )?"
        let patterns = [
            "(?<![\\d.,$])1 \(words)(?:\(nounsPlural))\\b",
            "(?<![\\d.,$/-])(?:0|[2-9]|\\d\\d+) \(words)(?:\(nounsSingular))\\b(?![-_])",
            "\\w\\(s\\)|\\(es\\)|\\(ies\\)",
        ]
        var found: [String] = []
        let ns = plain as NSString
        for p in patterns {
            let rx = try NSRegularExpression(pattern: p)
            for m in rx.matches(in: plain, range: NSRange(location: 0, length: ns.length)) { found.append(ns.substring(with: m.range)) }
        }
        return found
    }

    @Test func theCheckFindsSlips() throws {
        #expect(try Self.slips("for 1 sessions of X") == ["1 sessions"])
        #expect(try Self.slips("<td>2 session</td>") == ["2 session"])
        #expect(try Self.slips("send the document(s)") == ["t(s)"])
        #expect(try Self.slips("1 session, 21 sessions, 2 sessions, 1 entry, $1 sessions").isEmpty)
    }

    @Test func noCountSlipsInAnyOutputOfAnyExampleCase() throws {
        let fm = FileManager.default
        var outputs = 0
        var bad: [String] = []
        for dir in try fm.contentsOfDirectory(atPath: path("Policies/cases")).sorted() {
            let policy = path("Policies/\(dir).clause")
            for file in try fm.contentsOfDirectory(atPath: path("Policies/cases/\(dir)")).sorted() where file.hasSuffix(".json") {
                let c = path("Policies/cases/\(dir)/\(file)")
                for args in [["eval", policy, c], ["eval", policy, c, "--format", "crd"], ["report", policy, c], ["appeal", policy, c]] {
                    let r = run(args)
                    guard r.code == 0 else { continue }  // an unknown treatment, a covered case's appeal
                    outputs += 1
                    for slip in try Self.slips(r.out) { bad.append("\(args[0]) \(dir)/\(file): \(slip)") }
                }
            }
        }
        #expect(outputs > 200)
        #expect(bad.isEmpty, "\(bad.joined(separator: "\n"))")
    }
}
