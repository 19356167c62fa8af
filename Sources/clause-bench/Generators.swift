import Foundation

/// Generated inputs for the benchmark: policies of a given size or rule count, and cases.
enum Generators {
    /// The acme-ppo example policy, the base of every generated policy.
    static func basePolicy(_ root: String) throws -> String {
        try String(contentsOfFile: root + "/Policies/acme-ppo.clause", encoding: .utf8)
    }

    /// One block of extra declarations for treatment `k`: a code set, a treatment, a define, a cover
    /// rule with five criteria, a deny rule and a limit, all named apart (about 900 bytes).
    static func extraBlock(_ k: Int) -> String {
        """

        codes extra_set_\(k) = icd10 { F32.0-F32.5, F33.*, F4\(k % 10).1, Z\(k % 90 + 10).8 }
        treatment extra_\(k) "Extra treatment \(k)" {
          billing hcpcs \(billingCode(k))
          fda approved for extra_set_\(k) since 2020-01-01
        }
        define extra_adult_\(k) = patient.age >= \(18 + k % 5) "member is \(18 + k % 5) or older"
        cover extra_\(k) "Extra coverage \(k)" when {
          extra_adult_\(k)
          diagnosis in extra_set_\(k)                "diagnosis in the extra set"
          count(history.trials where weeks >= 6) >= \(k % 3) "enough adequate trials"
          provider.rems_certified                    "certified setting"
          scores.phq9 >= \(10 + k % 10) or known scores.madrs "severity shown"
        }
          requires prior_authorization
        deny extra_\(k) "Extra exclusion \(k)" when any {
          patient.pregnant                           "pregnancy"
          diagnosis in psychosis                     "psychosis"
        }
        limit extra_\(k) {
          \(4 + k % 8) sessions per 28 days
        }

        """
    }

    /// A distinct HCPCS-shaped code per extra treatment (a letter and four digits).
    static func billingCode(_ k: Int) -> String {
        let letters = Array("KLMNPQRSTV")
        return "\(letters[k / 10000 % letters.count])\(String(format: "%04d", k % 10000))"
    }

    /// The base policy plus extra treatments until the text reaches `bytes`.
    static func policy(bytes: Int, base: String) -> String {
        var text = base
        var k = 0
        while text.utf8.count < bytes {
            text += extraBlock(k)
            k += 1
        }
        return text
    }

    /// The base policy plus rules for other treatments, up to `rules` rules in all.
    /// Each extra block adds two rules (a cover and a deny).
    static func policy(rules: Int, base: String) -> String {
        var text = base
        let baseRules = 4
        var k = 0
        while baseRules + 2 * k < rules {
            text += extraBlock(k)
            k += 1
        }
        return text
    }

    /// A covered-in-network case with `count` past sessions spread over the last years
    /// (of other treatments than the one requested, except the last 3, so limits still allow it).
    static func caseWithHistory(_ count: Int, base: String) -> String {
        var sessions: [String] = []
        sessions.reserveCapacity(count)
        for i in 0..<count {
            let day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 2025 - (i / 336) % 20
            let treatment = i >= count - 3 ? "esketamine" : "iv_ketamine"
            let date = i >= count - 3 ? "2026-02-\(String(format: "%02d", 20 + i % 3))"
                : "\(year)-\(String(format: "%02d", month))-\(String(format: "%02d", day))"
            sessions.append("{\"treatment\":\"\(treatment)\",\"date\":\"\(date)\",\"plan_paid\":\"100.00\"}")
        }
        return base.replacingOccurrences(of: "\"sessions\":[]", with: "\"sessions\":[" + sessions.joined(separator: ",") + "]")
    }
}
