import Foundation
import Testing
@testable import ClauseCLI
import ClauseKit

/// A fresh temporary directory for files a test writes.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("clause-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct ReportTests {
    let acme = path("Policies/acme-ppo.clause")

    @Test func partialDecisionPageHasEveryPart() {
        let r = run(["report", acme, path("Policies/cases/acme-ppo/induction-cap-partial.json")])
        #expect(r.code == 0)
        let html = r.out
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<p class=\"verdict\">Partially covered</p>"))
        // The decision in a sentence a patient understands.
        #expect(html.contains("Your plan covers 2 of the 4 requested sessions of Spravato (esketamine) nasal spray now. More sessions can be covered from 2026-03-30."))
        // Cost table with its totals, the uncovered sessions marked.
        #expect(html.contains("<tfoot><tr><td>Total</td><td></td><td class=\"sec\"></td><td class=\"sec\"></td><td class=\"sec\"></td><td class=\"sec\"></td><td class=\"num\">$1,980.00</td><td class=\"num\">$1,620.00</td></tr></tfoot>"))
        #expect(html.components(separatedBy: "<tr class=\"uncovered\">").count == 3)
        // Checklist marks and the deciding rule.
        #expect(html.contains("✓"))
        #expect(html.contains("✗"))
        #expect(html.contains("<span class=\"badge\">decides</span>"))
        // Requirements met, limits, next coverable date.
        #expect(html.contains("document: PHQ-9 or MADRS score from the last 30 days"))
        #expect(html.contains("6 used after 2026-02-23 through 2026-03-23, 2 left"))
        #expect(html.contains("More sessions can be covered from 2026-03-30."))
        // The deciding cover rule (lines 31-39), the binding limit (57) and the tier (64) are highlighted.
        for line in [31, 35, 39, 57, 64] { #expect(html.contains("<tr id=\"L\(line)\" class=\"hl\">")) }
        for line in [30, 41, 58] { #expect(html.contains("<tr id=\"L\(line)\"><td class=\"ln\">\(line)</td>")) }
        // Every policy line is in the listing, syntax-highlighted.
        #expect(html.contains("<tr id=\"L67\""))
        #expect(html.contains("<span class=\"d\">cover</span>"))
        #expect(html.contains("<span class=\"c\"># induction: twice weekly</span>"))
    }

    @Test func pageIsSelfContained() {
        let html = run(["report", acme, path("Policies/cases/acme-ppo/covered-in-network.json")]).out
        #expect(html.contains("<style>"))
        #expect(html.contains("@media print"))
        for forbidden in ["<script", "<link", "<img", "src=", "http://", "https://", "@import", "url("] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
    }

    @Test func needsInformationListsMissingFactsAndWhereTheyAreUsed() {
        let r = run(["report", path("Policies/bayou-medicaid.clause"), path("Policies/cases/bayou-medicaid/severity-unknown.json")])
        #expect(r.code == 0)
        #expect(r.out.contains("<p class=\"verdict\">Needs information</p>"))
        let policyText = (try? String(contentsOfFile: path("Policies/bayou-medicaid.clause"), encoding: .utf8)) ?? ""
        let line = (policyText.components(separatedBy: "\n").firstIndex { $0.contains("\"PHQ-9 of 15 or more\"") } ?? -2) + 1
        #expect(r.out.contains("<code>scores.phq9</code> <span class=\"why\">needed for &#39;PHQ-9 of 15 or more&#39; (line \(line))</span>"))
        #expect(r.out.contains("<span class=\"mark unknown\" title=\"unknown\">?</span>"))
    }

    @Test func pendingListsUnmetRequirementsAsNextSteps() {
        let html = run(["report", acme, path("Policies/cases/acme-ppo/prior-auth-missing.json")]).out
        #expect(html.contains("<p class=\"verdict\">Pending</p>"))
        #expect(html.contains("The provider asks the plan for prior authorization."))
        #expect(html.contains("still needed"))
    }

    @Test func deniedByExclusionHighlightsTheDenyRule() {
        let html = run(["report", acme, path("Policies/cases/acme-ppo/pregnancy-excluded.json")]).out
        #expect(html.contains("<p class=\"verdict\">Denied</p>"))
        #expect(html.contains("The policy excludes it in your situation."))
        #expect(html.contains("denial kind <code>excluded</code>"))
        for line in 41...45 { #expect(html.contains("<tr id=\"L\(line)\" class=\"hl\">")) }
        #expect(!html.contains("<tr id=\"L31\" class=\"hl\">"))
    }

    @Test func everythingFromThePolicyAndCaseIsEscaped() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = #"""
        policy "<script>alert('x')</script> & Co" { payer "A&B \"Health\"" version "1" effective 2026-01-01 }
        treatment esketamine "Spravato <b>nasal</b>" { billing hcpcs J0013 }
        # a comment with <tags> & "quotes"
        cover esketamine "<i>rule</i>" when { patient.name == "<x>" "label <u>&</u>" }
        network { tier in_network copay $10 }
        """#
        let caseJSON = #"""
        { "id": "<img src=x onerror=alert(1)>", "diagnoses": ["F33.2"],
          "patient": { "name": "<y>" },
          "request": { "treatment": "esketamine", "date": "2026-03-02", "sessions": 1, "billed_per_session": "100.00" },
          "provider": { "network": "in_network" },
          "plan": { "deductible_remaining": "0.00", "out_of_pocket_remaining": "1000.00" } }
        """#
        try policy.write(to: dir.appendingPathComponent("p.clause"), atomically: true, encoding: .utf8)
        try caseJSON.write(to: dir.appendingPathComponent("c.json"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report.html").path
        let r = run(["report", dir.appendingPathComponent("p.clause").path, dir.appendingPathComponent("c.json").path, "-o", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.isEmpty)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        for raw in ["<script>", "<b>", "<i>rule", "<u>", "<img", "<x>", "<y>", "<tags>"] {
            #expect(!html.contains(raw), "unescaped \(raw)")
        }
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
        #expect(html.contains("A&amp;B &quot;Health&quot;"))
        #expect(html.contains("label &lt;u&gt;&amp;&lt;/u&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func outputErrorsAndUsage() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let casePath = path("Policies/cases/acme-ppo/covered-in-network.json")
        let missingDir = run(["report", acme, casePath, "-o", dir.appendingPathComponent("no/such/r.html").path])
        #expect(missingDir.code == 1)
        #expect(missingDir.err.contains("no such directory"))
        let isDir = run(["report", acme, casePath, "--output", dir.path])
        #expect(isDir.code == 1)
        #expect(isDir.err.contains("is a directory"))
        #expect(run(["report", acme]).code == 2)
        #expect(run(["report", acme, casePath, "-o"]).code == 2)
        #expect(run(["help", "report"]).out.contains("-o, --output FILE"))
        let badCase = run(["report", acme, path("Policies/cases/acme-ppo/unknown-treatment.json")])
        #expect(badCase.code == 1)
        #expect(badCase.err.contains("unknown treatment `psilocybin`"))
    }

    @Test func reportIsDeterministic() {
        let args = ["report", acme, path("Policies/cases/acme-ppo/induction-cap-partial.json")]
        #expect(run(args).out == run(args).out)
    }

    @Test func escapeHandlesEveryMarkupCharacter() {
        #expect(HTML.escape(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("é ✓\tline\n") == "é ✓\tline\n")
        #expect(HTML.escape("a\u{0}b\u{1B}") == "a&#xFFFD;b&#xFFFD;")
    }
}

@Suite struct ReportLimitsTests {
    @Test func aHugeRequestKeepsThePageSmall() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try String(contentsOfFile: path("Policies/cases/acme-ppo/covered-in-network.json"), encoding: .utf8)
        let huge = original.replacingOccurrences(of: "\"sessions\": 2,", with: "\"sessions\": 5000,")
        #expect(huge != original)
        let casePath = dir.appendingPathComponent("huge.json").path
        try huge.write(toFile: casePath, atomically: true, encoding: .utf8)
        let r = run(["report", path("Policies/acme-ppo.clause"), casePath])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("… 4900 more sessions (included in the totals)"))
        #expect(r.out.utf8.count < 200_000)
    }
}

@Suite struct PolicyListingTests {
    @Test func tokensAndCommentsGetTheirClasses() {
        let source = SourceFile(name: "p.clause", text: """
        codes s = icd10 { F33.*, F32.0-F32.5 }   # "not a string" <b>
        define d = patient.age >= 18 and x == "a<b" "label"\r
        limit t { 2 sessions per 28 days }
        tier a copay $40 coinsurance 20%
        """)
        let lines = PolicyListing(source: source).lines
        #expect(lines.count == 4)
        #expect(lines[0] == #"<span class="d">codes</span> s <span class="o">=</span> <span class="k">icd10</span> { "#
            + #"<span class="m">F33.*</span>, <span class="m">F32.0-F32.5</span> }   "#
            + #"<span class="c"># &quot;not a string&quot; &lt;b&gt;</span>"#)
        #expect(lines[1].hasSuffix(#"<span class="s">&quot;a&lt;b&quot;</span> <span class="s">&quot;label&quot;</span>"#))
        #expect(lines[2].contains(#"<span class="n">2</span> <span class="k">sessions</span>"#))
        #expect(lines[3].contains(#"<span class="n">$40</span>"#) && lines[3].contains(#"<span class="n">20%</span>"#))
    }

    @Test func renderMarksAndAnchorsLines() {
        let listing = PolicyListing(source: SourceFile(name: "p.clause", text: "a\nb\nc\n"))
        #expect(listing.lineCount == 3)
        let html = listing.render(2...3, marked: [3], anchors: true)
        #expect(html == """
        <table class="listing">
        <tr id="L2"><td class="ln">2</td><td class="src">b</td></tr>
        <tr id="L3" class="hl"><td class="ln">3</td><td class="src">c</td></tr>
        </table>

        """)
    }

}

/// The patient's part of the page (issue #17): plain words, nothing internal.
@Suite struct ReportPatientTests {
    let acme = path("Policies/acme-ppo.clause")

    /// The page before the author's collapsed details: what the patient reads.
    static func patientPart(_ html: String) -> String {
        guard let start = html.range(of: "<main>"), let end = html.range(of: "<details class=\"author\">") else { return html }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// Nothing internal in the patient's part: no denial-kind value, no line citation, no case path.
    func expectPlain(_ part: String, _ name: String) {
        for word in ["criteria_not_met", "needs_information", "#L", "&gt;=", "&lt;=", "(tried on this case)"] {
            #expect(!part.contains(word), "\(name): the patient's part contains \(word)")
        }
        // A line citation ("line 31") or a case path ("scores.phq9"; not "this request.").
        for pattern in [#"line \d"#, #"\b(patient|scores|history|request|authorization|provider|prior_authorization)\.[a-z_]"#] {
            if let regex = try? Regex(pattern) {
                #expect(part.firstMatch(of: regex) == nil, "\(name): the patient's part matches \(pattern): \(part.firstMatch(of: regex).map { String(part[$0.range]) } ?? "")")
            }
        }
    }

    @Test func needsInformationPatientPartAsksForInformationInPlainWords() {
        let html = run(["report", path("Policies/bayou-medicaid.clause"), path("Policies/cases/bayou-medicaid/severity-unknown.json")]).out
        let part = ReportPatientTests.patientPart(html)
        #expect(part != html, "the author's details are collapsed below")
        expectPlain(part, "severity-unknown")
        #expect(part.contains("We need more information before deciding."))
        #expect(!part.contains("0 of 2"))
        #expect(part.contains("2, not decided yet"))
        #expect(part.contains("<li><span class=\"box\">☐</span> PHQ-9 of 15 or more</li>"))
        // Who to call: the payer the policy names, and the clinic's billing office.
        #expect(part.contains("Your plan, Bayou State Medicaid"))
        #expect(part.contains("Your clinic's billing office"))
        // The diagnosis with its code set's name (bayou names its set `mdd`).
        #expect(part.contains("<th>Diagnosis</th><td>MDD (F33.2)</td>"))
        // The author's details keep the case paths and lines.
        #expect(html.contains("<code>scores.phq9</code>"))
    }

    @Test func deniedPatientPartSaysWhatWouldMakeItCoveredAndWhatTryingGave() {
        let html = run(["report", acme, path("Policies/cases/acme-ppo/one-drug-class.json")]).out
        let part = ReportPatientTests.patientPart(html)
        expectPlain(part, "one-drug-class")
        #expect(part.contains("Your plan does not cover Spravato (esketamine) nasal spray for this request."))
        #expect(part.contains("major depression (F33.2)"))
        #expect(!part.contains("drug_class"))
        // The path in plain words (the criterion's label, how many more, what the record
        // shows), with what trying it on the case gave.
        #expect(part.contains("Your records document: failed antidepressants of 2 or more classes, each taken 6+ weeks with 25% or less improvement: "
                              + "1 more (the record shows 1 of the 2 needed) "
                              + "<span class=\"why\">tried on your case: it would be covered</span>"))
        #expect(part.contains("Your plan, Acme Health"))
        // The cost table keeps its "You pay" column; the secondary columns can hide on a phone.
        #expect(part.contains("<th class=\"num\">You pay</th>"))
        #expect(part.contains("<th class=\"num sec\">Deductible</th>"))
        // The author's details: the case edits tried, the denial kind.
        #expect(html.contains("tried on this case: covered; case edits: <code>history.trials</code>"))
        #expect(html.contains("denial kind <code>criteria_not_met</code>"))
    }

    @Test func partialPatientPartHasNoInternalWords() {
        let html = run(["report", acme, path("Policies/cases/acme-ppo/induction-cap-partial.json")]).out
        let part = ReportPatientTests.patientPart(html)
        expectPlain(part, "induction-cap-partial")
        #expect(part.contains("<p class=\"summary\">Your plan covers 2 of the 4 requested sessions"))
        #expect(part.contains("tried on your case: it would be covered"))
        #expect(part.contains("coinsurance 10%. Each session"))
    }

    @Test func everyExampleCasePatientPartIsPlain() throws {
        let root = path("Policies/cases")
        for dir in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            let policy = path("Policies/\(dir).clause")
            guard FileManager.default.fileExists(atPath: policy) else { continue }
            for file in try FileManager.default.contentsOfDirectory(atPath: root + "/" + dir).sorted()
            where file.hasSuffix(".json") && !file.contains("unknown-treatment") {
                let r = run(["report", policy, root + "/" + dir + "/" + file])
                guard r.code == 0 else { continue }
                let part = ReportPatientTests.patientPart(r.out)
                expectPlain(part, "\(dir)/\(file)")
                #expect(!part.contains("<code>"), "\(dir)/\(file): code in the patient's part")
            }
        }
    }
}
