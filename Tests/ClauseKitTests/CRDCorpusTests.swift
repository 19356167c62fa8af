import Foundation
import Testing
@testable import ClauseKit

/// `clause eval --format crd` (`CRDMapper.extensionJSON`, what the command prints) on every
/// example case (Policies/cases/NAME/*.json with Policies/NAME.clause), validated against the
/// Da Vinci CRD coverage-information extension.
///
/// Rules checked, as the implementation guide states them (CRD STU 2.1.0,
/// https://hl7.org/fhir/us/davinci-crd/StructureDefinition-ext-coverage-information-definitions.html,
/// and the v2.0.0 comparison page
/// https://www.hl7.org/fhir/us/davinci-crd/comparison-v2.0.0/sd-ext-coverage-information-ext-coverage-information-union.html):
/// - required: `coverage` (valueReference), `covered`, `date`, `coverage-assertion-id`, once each;
/// - value sets (`CRDSpec`): covered ∈ {covered, not-covered, conditional}; pa-needed ∈ {auth-needed,
///   no-auth, satisfied, performpa, conditional}; doc-needed, doc-purpose and info-needed codes;
/// - crd-ci-q1: `questionnaire` only when `doc-needed` exists;
/// - crd-ci-q2: covered = not-covered ⇒ no `pa-needed`;
/// - crd-ci-q3: `info-needed` exists iff one of covered / pa-needed / doc-needed is `conditional`;
/// - crd-ci-q4: pa-needed = satisfied ⇒ doc-purpose is not `withpa`;
/// - crd-ci-q5: `satisfied-pa-id` exists iff pa-needed = satisfied.
/// And Clause's own rule (issue #17): every identifier in the output (`satisfied-pa-id`, the id of
/// the `coverage` reference) occurs in the case's JSON: nothing is invented.
@Suite struct CRDCorpusTests {
    struct Output {
        let name: String
        let caseText: String
        let decision: Decision
        let subs: [(String, JSONObject)]
    }

    static func outputs() throws -> [Output] {
        let fm = FileManager.default
        let casesDir = AppealCorpus.root.appendingPathComponent("Policies/cases")
        var out: [Output] = []
        for policyName in try fm.contentsOfDirectory(atPath: casesDir.path).sorted() {
            let policyURL = AppealCorpus.root.appendingPathComponent("Policies/\(policyName).clause")
            guard fm.fileExists(atPath: policyURL.path) else { continue }
            let source = SourceFile(name: policyName, bytes: [UInt8](try Data(contentsOf: policyURL)))
            let policy = try #require(Checker.check(source: source).policy, "\(policyName) does not check")
            let compiled = CompiledPolicy(policy)
            let dir = casesDir.appendingPathComponent(policyName)
            for file in try fm.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".json") {
                let data = try Data(contentsOf: dir.appendingPathComponent(file))
                // A case the policy rejects (an unknown treatment) is an error, not a decision.
                guard let c = try? CaseDecoder.decode(bytes: [UInt8](data), vocabulary: policy.vocabulary) else { continue }
                let d = try compiled.decide(c, explain: true, paths: false)
                let subs = try subExtensions(CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c))
                out.append(Output(name: "\(policyName)/\(file)", caseText: String(decoding: data, as: UTF8.self), decision: d, subs: subs))
            }
        }
        return out
    }

    @Test func theCorpusCoversEveryKindOfDecision() throws {
        let all = try CRDCorpusTests.outputs()
        #expect(all.count > 60)
        #expect(Set(all.map(\.decision.kind)) == [.covered, .partiallyCovered, .pending, .denied, .needsInformation])
        #expect(all.contains { code($0.subs, "pa-needed") == "satisfied" })
        #expect(all.contains { code($0.subs, "pa-needed") == "auth-needed" })
    }

    @Test func requiredElementsAndValueSets() throws {
        for o in try CRDCorpusTests.outputs() {
            let n = o.name
            for url in CRDSpec.required { #expect(o.subs.filter { $0.0 == url }.count == 1, "\(n): one \(url)") }
            for (url, sub) in o.subs {
                let key = try #require(CRDSpec.valueKey[url], "\(n): unknown sub-extension \(url)")
                #expect(sub[key] != nil, "\(n): \(url) must carry \(key)")
            }
            let coverage = try #require(o.subs.first { $0.0 == "coverage" }?.1)
            guard case .object(let ref)? = coverage["valueReference"] else { Issue.record("\(n): coverage is a Reference"); continue }
            #expect(ref["reference"] != nil || ref["display"] != nil, "\(n): the coverage Reference says something")
            #expect(CRDSpec.covered.contains(code(o.subs, "covered") ?? ""), "\(n)")
            if let c = code(o.subs, "pa-needed") { #expect(CRDSpec.paNeeded.contains(c), "\(n): pa-needed \(c)") }
            if let c = code(o.subs, "doc-needed") { #expect(CRDSpec.docNeeded.contains(c), "\(n): doc-needed \(c)") }
            if let c = code(o.subs, "doc-purpose") { #expect(CRDSpec.docPurpose.contains(c), "\(n): doc-purpose \(c)") }
            if let c = code(o.subs, "info-needed") { #expect(CRDSpec.infoNeeded.contains(c), "\(n): info-needed \(c)") }
            let date = try #require(o.subs.first { $0.0 == "date" }?.1)
            if case .string(let s)? = date["valueDate"] { #expect(Day(iso: s) != nil, "\(n): date \(s)") } else { Issue.record("\(n): date") }
            let assertion = try #require(o.subs.first { $0.0 == "coverage-assertion-id" }?.1)
            if case .string(let s)? = assertion["valueString"] { #expect(!s.isEmpty, "\(n)") } else { Issue.record("\(n): assertion id") }
        }
    }

    @Test func invariants() throws {
        for o in try CRDCorpusTests.outputs() {
            let n = o.name, subs = o.subs
            let has = { (url: String) in subs.contains { $0.0 == url } }
            #expect(!has("questionnaire") || has("doc-needed"), "crd-ci-q1 \(n)")
            if code(subs, "covered") == "not-covered" { #expect(!has("pa-needed"), "crd-ci-q2 \(n)") }
            let conditional = ["covered", "pa-needed", "doc-needed"].contains { code(subs, $0) == "conditional" }
            #expect(conditional == has("info-needed"), "crd-ci-q3 \(n)")
            if code(subs, "pa-needed") == "satisfied" { #expect(code(subs, "doc-purpose") != "withpa", "crd-ci-q4 \(n)") }
            #expect((code(subs, "pa-needed") == "satisfied") == has("satisfied-pa-id"), "crd-ci-q5 \(n)")
            #expect(subs.filter { $0.0 == "satisfied-pa-id" }.count <= 1, "\(n)")
        }
    }

    /// No identifier the case does not give: the satisfied authorization's id and the coverage id.
    @Test func everyIdentifierOccursInTheCase() throws {
        var seen = 0
        for o in try CRDCorpusTests.outputs() {
            for (url, sub) in o.subs where url == "satisfied-pa-id" {
                guard case .string(let id)? = sub["valueString"] else { Issue.record("\(o.name): satisfied-pa-id"); continue }
                #expect(o.caseText.contains("\"\(id)\""), "\(o.name): satisfied-pa-id \(id) is not in the case")
                seen += 1
            }
            if let coverage = o.subs.first(where: { $0.0 == "coverage" })?.1, case .object(let ref)? = coverage["valueReference"],
               case .string(let reference)? = ref["reference"] {
                #expect(reference.hasPrefix("Coverage/"), "\(o.name)")
                let id = String(reference.dropFirst("Coverage/".count))
                #expect(o.caseText.contains("\"\(id)\""), "\(o.name): coverage id \(id) is not in the case")
                seen += 1
            }
        }
        #expect(seen > 0)
    }
}
