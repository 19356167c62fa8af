import Foundation
import Testing
import ClauseKit
@testable import ClauseCLI

/// What an editor shows: diagnostics, hover, navigation, completion, formatting, symbols and
/// test lenses, on the bundled policies, and no crash on any edit sequence.
@Suite struct LSPFeatureTests {
    static let acmePath = path("Policies/acme-ppo.clause")
    static var acme: String { (try? String(contentsOfFile: acmePath, encoding: .utf8)) ?? "" }
    let uri = "file:///tmp/lsp-tests/acme-ppo.clause"

    func opened() -> (LSPTestClient, String) {
        let client = LSPTestClient()
        let text = LSPFeatureTests.acme
        client.open(uri, text)
        return (client, text)
    }

    func hover(_ client: LSPTestClient, _ at: (Int, Int)) -> String {
        client.request("textDocument/hover", LSPTestClient.position(uri, at.0, at.1))?["result"]?["contents"]?["value"]?.string ?? ""
    }

    func start(_ range: JSONValue?) -> (Int, Int)? {
        guard let line = range?["start"]?["line"]?.int, let character = range?["start"]?["character"]?.int else { return nil }
        return (line, character)
    }

    // MARK: - Diagnostics

    @Test func bundledPolicyHasNoDiagnostics() {
        let (client, _) = opened()
        #expect(!client.notifications("textDocument/publishDiagnostics").isEmpty)
        #expect(client.diagnostics(uri).isEmpty)
    }

    @Test func diagnosticsAreClauseChecks() {
        let (client, text) = opened()
        let at = LSPTestClient.find("diagnosis in major_depression", in: text, shift: "diagnosis in ".count)
        // Type a typo: `major_depression` → `major_depresion`.
        client.change(uri, version: 2, from: (at.0, at.1 + 12), to: (at.0, at.1 + 13), text: "")
        let published = client.diagnostics(uri)
        let edited = client.server.documents[uri]?.text ?? ""
        let source = SourceFile(name: "acme-ppo.clause", text: edited)
        let expected = Diagnostic.sorted(Checker.check(source: source).diagnostics + Linter.lint(source: source))
        #expect(published.count == expected.count)
        let error = expected.first { $0.code == .undeclaredName }
        let shown = published.first { $0["code"] == .string("undeclaredName") }
        #expect(shown?["severity"] == .int(1))
        #expect(shown?["message"]?.string == "unknown code set `major_depresion`\ndid you mean `major_depression`?\nhelp: \(error?.help ?? "")")
        #expect(start(shown?["range"]).map { $0 == at } == true)
        #expect(shown?["range"]?["end"]?["character"] == .int(at.1 + "major_depresion".count))
        // Fixing it clears the diagnostics.
        client.change(uri, version: 3, from: (at.0, at.1 + 12), to: (at.0, at.1 + 12), text: "s")
        #expect(client.diagnostics(uri).isEmpty)
    }

    @Test func lintsArePublishedAsWarnings() {
        let client = LSPTestClient()
        let text = LSPFeatureTests.acme + "\ndefine never_used = patient.age > 3\n"
        client.open(uri, text)
        let lint = client.diagnostics(uri).first { $0["code"] == .string("unusedDefine") }
        #expect(lint?["severity"] == .int(2))
        #expect(start(lint?["range"])?.0 == text.split(separator: "\n", omittingEmptySubsequences: false).count - 2)
    }

    @Test func diagnosticsAreDebounced() {
        let client = LSPTestClient()
        client.server = LanguageServer(debounce: .seconds(60)) { _ in }
        var sent: [JSONValue] = []
        client.server = LanguageServer(debounce: .seconds(60)) { sent.append($0) }
        client.server.receive([.request(id: .int(1), method: "initialize", params: nil)])
        client.server.receive([.notification(method: "textDocument/didOpen", params: .obj([("textDocument", .obj([
            ("uri", .string(uri)), ("version", .int(1)), ("text", .string("policy \"P\" {}\n"))]))]))])
        let opened = sent.count
        client.server.receive([.notification(method: "textDocument/didChange", params: .obj([
            ("textDocument", .obj([("uri", .string(uri)), ("version", .int(2))])),
            ("contentChanges", .array([.obj([("text", .string("policy \"P\" { oops\n"))])]))]))])
        client.server.publishDue()
        #expect(sent.count == opened)  // not yet: 60 s to go
        #expect(client.server.nextDeadline != nil)
    }

    @Test func positionsCountUTF16() {
        let client = LSPTestClient()
        let text = "# é and 😀\npolicy \"P\" {}\ndefine x = \"😀é\" == unknown_thing\n"
        client.open(uri, text)
        let d = client.diagnostics(uri).first { $0["code"] == .string("undeclaredName") }
        // `unknown_thing` starts after `define x = "😀é" == `: 😀 is two UTF-16 units.
        #expect(start(d?["range"]).map { $0 == (2, 20) } == true)
        var document = LSPDocument(uri: uri, version: 1, text: text)
        #expect(document.position(of: document.offset(of: LSPPosition(line: 0, character: 10))) == LSPPosition(line: 0, character: 10))
        document.apply(range: (LSPPosition(line: 0, character: 8), LSPPosition(line: 0, character: 10)), text: "🙂")
        #expect(document.text.hasPrefix("# é and 🙂\n"))
    }

    // MARK: - Hover

    @Test func hoverShowsDefinitionsTypesTitlesAndCodes() {
        let (client, text) = opened()
        let adultUse = LSPTestClient.find("  adult", in: text, shift: 3)
        #expect(hover(client, adultUse).contains("**define** `adult`: “member is 18 or older”"))
        #expect(hover(client, adultUse).contains("patient.age >= 18"))
        let codes = LSPTestClient.find("in major_depression ", in: text, shift: 5)
        #expect(hover(client, codes).contains("**code set** `major_depression`"))
        #expect(hover(client, codes).contains("F32.0-F32.5"))
        let age = LSPTestClient.find("patient.age", in: text, shift: 9)
        #expect(hover(client, age) == "**case field** `patient.age`: a case value; its type is checked when a case is evaluated")
        let title = LSPTestClient.find("\"Contraindications\"", in: text, shift: 3)
        #expect(hover(client, title).hasPrefix("**deny rule** “Contraindications” for `esketamine`, line "))
        let billing = LSPTestClient.find("J0013", in: text, shift: 1)
        #expect(hover(client, billing).hasPrefix("billing code `J0013` (HCPCS): treatment `esketamine`, “Spravato (esketamine) nasal spray”"))
        let treatment = LSPTestClient.find("limit esketamine", in: text, shift: 8)
        let shown = hover(client, treatment)
        #expect(shown.contains("**treatment** `esketamine`"))
        #expect(shown.contains("billed as `J0013`, `G2082`, `G2083`"))
        #expect(shown.contains("1 cover rule, 1 deny rule"))
        // On a comment or blank: nothing.
        #expect(client.request("textDocument/hover", LSPTestClient.position(uri, 0, 3))?["result"] == .null)
    }

    @Test func hoverKeepsTheLastGoodPolicyWhileBroken() {
        let (client, text) = opened()
        // Break the `define adult` line's expression, then hover on the rule's use of a define
        // whose declaration no longer parses.
        let def = LSPTestClient.find("define adult = ", in: text, shift: "define adult = ".count)
        client.change(uri, version: 2, from: def, to: (def.0, def.1 + "patient.age >= 18".count), text: ">= >= (")
        #expect(!client.diagnostics(uri).isEmpty)
        #expect(client.server.analysis(uri)?.policy == nil)
        let use = LSPTestClient.find("  adult", in: text, shift: 3)
        #expect(hover(client, use).contains("`adult`"))
        let items = completionLabels(client, line: use.0, character: use.1)
        #expect(items.contains("adequate_trials"))
    }

    // MARK: - Navigation

    @Test func definitionAndReferences() {
        let (client, text) = opened()
        let use = LSPTestClient.find("  adequate_trials", in: text, shift: 4)
        let definition = client.request("textDocument/definition", LSPTestClient.position(uri, use.0, use.1))?["result"]
        #expect(definition?["uri"] == .string(uri))
        #expect(start(definition?["range"]).map { $0 == LSPTestClient.find("define adequate_trials", in: text, shift: 7) } == true)

        let set = LSPTestClient.find("codes major_depression", in: text, shift: 8)
        var params = LSPTestClient.position(uri, set.0, set.1)
        if case .object(var o) = params {
            o["context"] = .obj([("includeDeclaration", .bool(true))])
            params = .object(o)
        }
        guard case .array(let refs)? = client.request("textDocument/references", params)?["result"] else {
            Issue.record("no references")
            return
        }
        // The declaration, `fda approved for`, and `diagnosis in`.
        #expect(refs.count == 3)
        #expect(refs.compactMap { start($0["range"])?.0 } == [10, 16, 32])

        // A treatment: its rules and its limit block.
        let treatment = LSPTestClient.find("treatment iv_ketamine", in: text, shift: 12)
        guard case .array(let uses)? = client.request("textDocument/references", LSPTestClient.position(uri, treatment.0, treatment.1))?["result"] else {
            Issue.record("no references")
            return
        }
        #expect(uses.count == 3)  // declaration, deny, cover
        // A tier: its declaration (cases name tiers; the policy does not).
        let tier = LSPTestClient.find("tier in_network", in: text, shift: 6)
        let tierDefinition = client.request("textDocument/definition", LSPTestClient.position(uri, tier.0, tier.1))?["result"]
        #expect(start(tierDefinition?["range"]).map { $0 == (tier.0, 7) } == true)
    }

    @Test func tablesAreNavigable() {
        let client = LSPTestClient()
        let text = """
        policy "T" {}
        table drug_class "classes" { sertraline: SSRI, bupropion: NDRI }
        treatment t "T" { billing cpt 90000 }
        cover t when count(history.trials where drug in drug_class) >= 1
        """
        client.open(uri, text)
        let use = LSPTestClient.find("in drug_class", in: text, shift: 4)
        let definition = client.request("textDocument/definition", LSPTestClient.position(uri, use.0, use.1))?["result"]
        #expect(start(definition?["range"]).map { $0 == (1, 6) } == true)
        #expect(hover(client, use).contains("**table** `drug_class`: “classes”"))
        // A reserved field of the case model has its type.
        client.change(uri, version: 2, from: (4, 0), to: (4, 0), text: "\ndefine late = request.date > 2026-01-01\n")
        #expect(hover(client, (4, 20)) == "**case field** `request.date`: a date (a field of the standard case model)")
    }

    // MARK: - Completion

    func completionLabels(_ client: LSPTestClient, line: Int, character: Int) -> [String] {
        guard case .array(let items)? = client.request("textDocument/completion", LSPTestClient.position(uri, line, character))?["result"]?["items"] else { return [] }
        return items.compactMap { $0["label"]?.string }
    }

    @Test func completionInContext() {
        let (client, text) = opened()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        // A new rule being typed at the end.
        client.change(uri, version: 2, from: (lines - 1, 0), to: (lines - 1, 0), text: "cover esketamine \"x\" when diagnosis in ma")
        var labels = completionLabels(client, line: lines - 1, character: 41)
        #expect(labels == ["major_depression"])
        // Keywords after the rule's treatments and title.
        client.change(uri, version: 3, from: (lines - 1, 0), to: (lines - 1, 41), text: "cover esketamine \"x\" ")
        labels = completionLabels(client, line: lines - 1, character: 21)
        #expect(labels == ["for", "when"])
        // Case paths after a root, declared and reserved.
        client.change(uri, version: 4, from: (lines - 1, 0), to: (lines - 1, 21), text: "define z = patient.")
        labels = completionLabels(client, line: lines - 1, character: 19)
        #expect(labels.contains("patient.age"))
        #expect(labels.contains("patient.pregnant"))
        #expect(!labels.contains("adult"))
        // Names: defines, code sets, treatments, tiers, reserved roots and expression words.
        client.change(uri, version: 5, from: (lines - 1, 0), to: (lines - 1, 19), text: "define z = a")
        labels = completionLabels(client, line: lines - 1, character: 12)
        #expect(labels.contains("adult"))
        #expect(labels.contains("adequate_trials"))
        #expect(labels.contains("anesthesia_use"))
        #expect(labels.contains("and"))
        // Declaration keywords at the start of a line.
        client.change(uri, version: 6, from: (lines - 1, 0), to: (lines - 1, 12), text: "")
        labels = completionLabels(client, line: lines - 1, character: 0)
        #expect(labels.contains("cover"))
        #expect(labels.contains("define"))
        // Limit-line words inside a limit block.
        let limit = LSPTestClient.find("  authorization lasts 6 months", in: text)
        client.change(uri, version: 7, from: (limit.0, 0), to: (limit.0, 0), text: "  new \n")
        labels = completionLabels(client, line: limit.0, character: 6)
        #expect(labels == ["course after"])
    }

    @Test func completionOffersDeclaredFields() {
        let client = LSPTestClient()
        let text = "policy \"F\" {}\nfields {\n  labs.a1c: number\n}\ndefine high = labs."
        client.open(uri, text)
        let labels = completionLabels(client, line: 4, character: 19)
        #expect(labels.contains("labs.a1c"))
    }

    // MARK: - Formatting and symbols

    @Test func formattingIsClauseFmt() {
        let client = LSPTestClient()
        let messy = "policy   \"M\"   {   payer \"P\" }\ndefine   a = patient.age>=18\n"
        client.open(uri, messy)
        let params = JSONValue.obj([("textDocument", .obj([("uri", .string(uri))])), ("options", .obj([("tabSize", .int(2)), ("insertSpaces", .bool(true))]))])
        guard case .array(let edits)? = client.request("textDocument/formatting", params)?["result"] else {
            Issue.record("no edits")
            return
        }
        guard case .success(let expected) = Formatter.format(SourceFile(name: "m", text: messy)) else {
            Issue.record("the formatter refused the text")
            return
        }
        #expect(edits.count == 1)
        #expect(edits.first?["newText"]?.string == expected)
        #expect(edits.first?["range"]?["end"] == LSPPosition(line: 2, character: 0).json)
        // Formatted text: no edits. Text that does not parse: no edits.
        client.change(uri, version: 2, from: (0, 0), to: (2, 0), text: expected)
        #expect(client.request("textDocument/formatting", params)?["result"] == .array([]))
        client.change(uri, version: 3, from: (0, 0), to: (0, 0), text: "cover {{{\n")
        #expect(client.request("textDocument/formatting", params)?["result"] == .array([]))
    }

    @Test func documentSymbolsOutlineThePolicy() {
        let (client, _) = opened()
        guard case .array(let symbols)? = client.request("textDocument/documentSymbol", .obj([("textDocument", .obj([("uri", .string(uri))]))]))?["result"] else {
            Issue.record("no symbols")
            return
        }
        let names = symbols.compactMap { $0["name"]?.string }
        #expect(names.contains("adult"))
        #expect(names.contains("cover esketamine"))
        #expect(names.contains("deny iv_ketamine"))
        #expect(names.contains("limit esketamine"))
        #expect(names.contains("major_depression"))
        let network = symbols.first { $0["name"] == .string("network") }
        guard case .array(let tiers)? = network?["children"] else {
            Issue.record("no tiers")
            return
        }
        #expect(tiers.compactMap { $0["name"]?.string } == ["preferred", "in_network", "out_of_network"])
        let rule = symbols.first { $0["name"] == .string("cover esketamine") }
        #expect(rule?["detail"] == .string("Esketamine for treatment-resistant depression"))
        #expect(start(rule?["range"])?.0 == 30)
    }

    // MARK: - Test lenses

    @Test func codeLensRunsThePolicyTests() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clause-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tests"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("p.clause").path
        let tests = directory.appendingPathComponent("tests/p.tests").path
        try """
        policy "P" { effective 2026-01-01 }
        treatment t "Therapy" { billing cpt 90837 }
        cover t "Adults" when patient.age >= 18
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        try """
        policy "../p.clause"

        test "adult"
          case { "request": { "treatment": "t", "date": "2026-03-01", "sessions": 1 }, "patient": { "age": 40 } }
          decision covered

        test "child"
          case { "request": { "treatment": "t", "date": "2026-03-01", "sessions": 1 }, "patient": { "age": 9 } }
          decision covered
        """.write(toFile: tests, atomically: true, encoding: .utf8)
        let client = LSPTestClient()
        let policyURI = LSPDocument.uri(of: policy)
        client.open(policyURI, try String(contentsOfFile: policy, encoding: .utf8))
        let lens = client.request("textDocument/codeLens", .obj([("textDocument", .obj([("uri", .string(policyURI))]))]))?["result"]
        guard case .array(let lenses)? = lens, let command = lenses.first?["command"] else {
            Issue.record("no lens")
            return
        }
        #expect(command["title"] == .string("▶ Decide the cases of this policy's .tests file"))
        #expect(command["command"] == .string("clause.runTests"))
        let result = client.request("workspace/executeCommand", .obj([("command", command["command"] ?? .null), ("arguments", command["arguments"] ?? .null)]))?["result"]
        #expect(result?["passed"] == .int(1))
        #expect(result?["failed"] == .int(1))
        guard case .array(let outcomes)? = result?["tests"] else {
            Issue.record("no outcomes")
            return
        }
        #expect(outcomes.compactMap { $0["name"]?.string } == ["adult", "child"])
        #expect(outcomes.last?["reason"]?.string?.contains("expected covered, got denied") == true)
        #expect(client.notifications("window/showMessage").last?["params"]?["message"]?.string?.hasPrefix("2 tests: 1 passed, 1 failed") == true)
        // The lenses now show the outcome; the test file's lenses show each test's.
        let again = client.request("textDocument/codeLens", .obj([("textDocument", .obj([("uri", .string(policyURI))]))]))?["result"]
        #expect(again?.arrayFirst?["command"]?["title"] == .string("✗ 1 of 2 tests failed: run again"))
        let testsURI = LSPDocument.uri(of: tests)
        client.open(testsURI, try String(contentsOfFile: tests, encoding: .utf8))
        guard case .array(let testLenses)? = client.request("textDocument/codeLens", .obj([("textDocument", .obj([("uri", .string(testsURI))]))]))?["result"] else {
            Issue.record("no test lenses")
            return
        }
        #expect(testLenses.count == 3)
        #expect(testLenses[1]["command"]?["title"] == .string("✓ passed"))
        #expect(testLenses[2]["command"]?["title"]?.string?.hasPrefix("✗ failed: decision") == true)
        #expect(start(testLenses[2]["range"])?.0 == 6)
        let testSymbols = client.request("textDocument/documentSymbol", .obj([("textDocument", .obj([("uri", .string(testsURI))]))]))?["result"]
        if case .array(let items)? = testSymbols {
            #expect(items.compactMap { $0["name"]?.string } == ["adult", "child"])
        } else {
            Issue.record("no test symbols")
        }
        // The open, unsaved policy text is what is tested: lower the age and both pass.
        client.change(policyURI, version: 2, from: (2, 37), to: (2, 39), text: "5")
        let rerun = client.request("workspace/executeCommand", .obj([("command", .string("clause.runTests")), ("arguments", .array([.string(testsURI)]))]))?["result"]
        #expect(rerun?["failed"] == .int(0))
        // A test file with a syntax error shows it as a diagnostic.
        client.change(testsURI, version: 2, from: (0, 0), to: (0, 0), text: "bogus ")
        #expect(client.diagnostics(testsURI).count == 1)
    }

    @Test func onlyPolicyFilesAreRead() {
        let client = LSPTestClient()
        let other = "file:///tmp/notes.txt"
        client.open(other, "cover this when { broken")
        #expect(client.diagnostics(other).isEmpty)
        #expect(client.request("textDocument/hover", LSPTestClient.position(other, 0, 2))?["result"] == .null)
        #expect(client.request("textDocument/formatting", .obj([("textDocument", .obj([("uri", .string(other))]))]))?["result"] == .array([]))
    }

    @Test func testFilesLinkToTheirPolicy() throws {
        let tests = path("Policies/tests/acme-ppo.tests")
        let text = try String(contentsOfFile: tests, encoding: .utf8)
        let client = LSPTestClient()
        let testsURI = LSPDocument.uri(of: tests)
        client.open(testsURI, text)
        #expect(client.diagnostics(testsURI).isEmpty)
        func definition(_ needle: String, shift: Int) -> JSONValue? {
            let at = LSPTestClient.find(needle, in: text, shift: shift)
            return client.request("textDocument/definition", LSPTestClient.position(testsURI, at.0, at.1))?["result"]
        }
        let policyURI = LSPDocument.uri(of: path("Policies/acme-ppo.clause"))
        #expect(definition("policy \"", shift: 9)?["uri"] == .string(policyURI))
        #expect(definition("case \"../cases/acme-ppo/covered-in-network.json", shift: 12)?["uri"]
                == .string(LSPDocument.uri(of: path("Policies/cases/acme-ppo/covered-in-network.json"))))
        let rule = definition("deciding \"Esketamine", shift: 12)
        #expect(rule?["uri"] == .string(policyURI))
        #expect(start(rule?["range"])?.0 == 30)
        #expect(definition("decision covered", shift: 2) == .null)
        // `tier NAME` goes to the policy's tier.
        let valley = path("Policies/tests/valley-hmo.tests")
        let valleyText = try String(contentsOfFile: valley, encoding: .utf8)
        let valleyURI = LSPDocument.uri(of: valley)
        client.open(valleyURI, valleyText)
        let at = LSPTestClient.find("  tier in_network", in: valleyText, shift: 9)
        let tier = client.request("textDocument/definition", LSPTestClient.position(valleyURI, at.0, at.1))?["result"]
        #expect(tier?["uri"] == .string(LSPDocument.uri(of: path("Policies/valley-hmo.clause"))))
        let policyText = try String(contentsOfFile: path("Policies/valley-hmo.clause"), encoding: .utf8)
        #expect(start(tier?["range"]).map { $0 == LSPTestClient.find("tier in_network", in: policyText, shift: 5) } == true)
    }

    @Test func unknownCommandIsInvalidParams() {
        let client = LSPTestClient()
        let response = client.request("workspace/executeCommand", .obj([("command", .string("rm -rf")), ("arguments", .array([]))]))
        #expect(response?["error"]?["code"] == .int(-32602))
        let missing = client.request("workspace/executeCommand", .obj([("command", .string("clause.runTests")), ("arguments", .array([.string("file:///nowhere/x.clause")]))]))
        #expect(missing?["error"]?["code"] == .int(-32602))
    }

    // MARK: - Robustness

    /// Random deletions and insertions across every bundled policy, each followed by the
    /// requests an editor sends: every request is answered, and nothing traps or hangs.
    @Test(arguments: ["acme-ppo", "bayou-medicaid", "highmark-style-i212", "northstar-commercial", "valley-hmo"])
    func neverCrashesOnRandomEdits(_ name: String) throws {
        let text = try String(contentsOfFile: path("Policies/\(name).clause"), encoding: .utf8)
        let client = LSPTestClient()
        client.open(uri, text)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(name.utf8.count)
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(1, n)))
        }
        let pieces = ["", "{", "}", "\"", "(", ")", "define ", "cover ", " when ", "patient.", "é😀", "\n", "# c\n", "and", "in ", "1-", "$", "%"]
        let methods = ["textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references"]
        var answered = 0
        for version in 2...160 {
            let lines = client.server.documents[uri]?.source.lineStarts.count ?? 1
            let line = random(lines + 1), character = random(60)
            let end = (line + random(3), random(60))
            client.change(uri, version: version, from: (line, character), to: end, text: pieces[random(pieces.count)])
            let method = methods[random(methods.count)]
            let (id, message) = client.requestMessage(method, LSPTestClient.position(uri, random(lines + 2), random(80)))
            client.feed(LSPTestClient.frame(message))
            if client.response(id)?["result"] != nil { answered += 1 }
            if version % 20 == 0 {
                for m in ["textDocument/documentSymbol", "textDocument/formatting", "textDocument/codeLens"] {
                    #expect(client.request(m, .obj([("textDocument", .obj([("uri", .string(uri))]))]))?["result"] != nil)
                }
            }
        }
        #expect(answered == 159)
        // The published diagnostics are those of `clause check` for the final text.
        let final = SourceFile(name: "x", bytes: client.server.documents[uri]?.source.bytes ?? [])
        let expected = Checker.check(source: final)
        #expect(client.diagnostics(uri).count == expected.diagnostics.count + Linter.lint(expected, source: final).count)
    }
}

extension JSONValue {
    var arrayFirst: JSONValue? {
        guard case .array(let items) = self else { return nil }
        return items.first
    }
}
