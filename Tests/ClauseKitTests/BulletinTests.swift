import Foundation
import Testing
@testable import ClauseKit

/// The bulletin fields of the policy header: `number`, `revised`, `reviewed`, `source`.
@Suite struct BulletinTests {
    static let bulletinHeader = """
        policy "Ketamine" {
          payer "Acme" version "2"
          number "CPB 0938"
          revised 2025-03-10
          reviewed 2025-06-01
          source "https://www.example.com/cpb/0938.html"
        }
        treatment esketamine "Spravato" { billing hcpcs J0013 }
        network { tier in_network coinsurance 20% after deductible }

        """

    static func policy(_ body: String = "cover esketamine \"adults\" when patient.age >= 18") throws -> CheckedPolicy {
        try checked(bulletinHeader + body, withHeader: false)
    }

    @Test func headerFieldsReachTheCheckedPolicy() throws {
        let b = try BulletinTests.policy().bulletin
        #expect(b == PolicyBulletin(number: "CPB 0938", revised: Day(iso: "2025-03-10"), reviewed: Day(iso: "2025-06-01"),
                                    source: "https://www.example.com/cpb/0938.html"))
        #expect(b.citation == "CPB 0938, revised 2025-03-10, reviewed 2025-06-01, https://www.example.com/cpb/0938.html")
    }

    @Test func theWordsStayOrdinaryNames() throws {
        let p = try checked("""
            define number = patient.source >= 1
            define revised = history.reviewed == "yes"
            cover esketamine when number and revised
            """)
        #expect(p.bulletin.isEmpty)
    }

    @Test func sourceMustBeAWebAddress() {
        for bad in ["www.example.com", "ftp://example.com/x", "https://", "https://exa mple.com", "example"] {
            let ds = diagnostics("policy \"P\" { source \"\(bad)\" }\n", withHeader: false)
            #expect(ds.contains { $0.code == .invalidAddress && $0.help?.contains("https://") == true }, "\(bad)")
        }
        for good in ["https://www.aetna.com/cpb/medical/data/900_999/0938.html", "http://localhost:8080/p", "HTTPS://x.org"] {
            #expect(PolicyBulletin.isWebAddress(good), "\(good)")
        }
    }

    @Test func reviewedBeforeRevisedIsAnError() {
        let ds = diagnostics("policy \"P\" { revised 2025-06-02 reviewed 2025-06-01 }\n", withHeader: false)
        #expect(ds.map(\.code) == [.invalidDateOrder])
        #expect(diagnostics("policy \"P\" { revised 2025-06-01 reviewed 2025-06-01 }\n", withHeader: false).isEmpty)
    }

    @Test func duplicatesAreErrors() {
        for item in ["number \"a\"", "revised 2025-01-01", "reviewed 2025-01-01", "source \"https://a.org\""] {
            let ds = diagnostics("policy \"P\" { \(item) \(item) }\n", withHeader: false)
            #expect(ds.map(\.code) == [.duplicateName], "\(item)")
        }
    }

    @Test func jsonAddsKeysOnlyWhenPresent() throws {
        let d = try decide(try BulletinTests.policy(), caseJSON(extra: "\"patient\": {\"age\": 30}"))
        guard case .object(let o) = d.json, case .object(let p)? = o["policy"] else { Issue.record("no policy object"); return }
        #expect(p["number"] == .string("CPB 0938"))
        #expect(p["revised"] == .string("2025-03-10"))
        #expect(p["reviewed"] == .string("2025-06-01"))
        #expect(p["source"] == .string("https://www.example.com/cpb/0938.html"))
        let plain = try decide("cover esketamine when true", caseJSON())
        guard case .object(let o2) = plain.json, case .object(let p2)? = o2["policy"] else { Issue.record("no policy object"); return }
        #expect(p2.keys.sorted() == ["title", "version"])
    }

    @Test func appealLetterAndCRDCiteTheBulletin() throws {
        let policy = try BulletinTests.policy()
        let json = caseJSON(extra: "\"patient\": {\"age\": 16}")
        let (_, text) = try letter(policy, json)
        #expect(text.contains("bulletin CPB 0938, revised 2025-03-10, reviewed 2025-06-01, https://www.example.com/cpb/0938.html"))
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        let d = try CompiledPolicy(policy).decide(c, explain: true, paths: false)
        let crd = JSONWriter.write(CRDMapper.extensionJSON(decision: d, policy: policy, patientCase: c), pretty: false)
        #expect(crd.contains("\"code\":\"policy-link\""))
        #expect(crd.contains("\"valueUrl\":\"https://www.example.com/cpb/0938.html\""))
        #expect(crd.contains("Ketamine 2 (CPB 0938)"))
    }

    @Test func formatterKeepsTheFields() throws {
        let text = BulletinTests.bulletinHeader + "cover esketamine when true\n"
        let out = try Formatter.format(SourceFile(name: "t", text: text)).get()
        #expect(out.contains("  number \"CPB 0938\"\n  revised 2025-03-10\n  reviewed 2025-06-01\n  source \"https://www.example.com/cpb/0938.html\"\n"))
    }
}
