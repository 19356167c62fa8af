import Foundation
import Testing
@testable import ClauseKit

/// Paths to coverage separate what someone can do (actions) from what only a clinician can
/// document (clinical facts), never propose a diagnosis, history or past-session edit as an
/// action, and rank action-only paths first (issue #17).
@Suite struct PathActionabilityTests {
    /// Every example case with the policy of its folder: `Policies/cases/<policy>/<case>.json`.
    static func corpus() throws -> [(policy: String, caseName: String, checked: CheckedPolicy, json: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Policies/cases")
        let fm = FileManager.default
        var out: [(String, String, CheckedPolicy, String)] = []
        for dir in try fm.contentsOfDirectory(atPath: root.path).sorted() {
            let files = try fm.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)
                .filter { $0.hasSuffix(".json") }.sorted()
            guard !files.isEmpty else { continue }
            let policy = try specPolicy(dir)
            for f in files {
                let name = String(f.dropLast(".json".count))
                out.append((dir, name, policy, try specCase(dir, name)))
            }
        }
        return out
    }

    /// The clinical record, written out here independently of `CoverageChange.isClinicalRecord`.
    static func touchesRecord(_ path: String) -> (diagnoses: Bool, history: Bool, sessions: Bool, scores: Bool) {
        (path == "diagnoses" || path.hasPrefix("diagnoses.") || path.hasPrefix("diagnoses[") || path == "request.diagnosis",
         path == "history" || path.hasPrefix("history."),
         path == "sessions",
         path == "scores" || path.hasPrefix("scores."))
    }

    /// The string at a path of object keys and array indexes in a JSON value.
    static func string(_ v: JSONValue, _ steps: Any...) -> String? {
        var v: JSONValue? = v
        for step in steps {
            switch (v, step) {
            case (.object(let o)?, let key as String): v = o[key]
            case (.array(let items)?, let i as Int): v = items.indices.contains(i) ? items[i] : nil
            default: return nil
            }
        }
        if case .string(let s)? = v { return s }
        return nil
    }

    @Test func noActionEditsDiagnosesHistoryOrPastSessionsAcrossTheExampleCorpus() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count >= 40)
        var actions = 0, clinical = 0, waits = 0
        var rejected: [String] = []
        for (policy, name, checked, json) in corpus {
            // A case the policy rejects (an unknown treatment) has no decision to look at.
            guard let c = try? CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: checked.vocabulary) else {
                rejected.append("\(policy)/\(name)")
                continue
            }
            let d = try CompiledPolicy(checked).decide(c, explain: true)
            let ps = d.pathsToCoverage ?? []
            let at = "\(policy)/\(name)"
            for p in ps {
                for change in p.changes {
                    let wait = change.criterion == CoverageChange.waitCriterion
                    if wait { waits += 1 }
                    if change.isAction { actions += 1 } else { clinical += 1 }
                    for edit in change.edits {
                        let t = Self.touchesRecord(edit.path.joined(separator: "."))
                        if change.isAction {
                            #expect(!t.diagnoses && !t.history && !t.scores, "\(at): action \(change.text) edits \(edit)")
                            // The wait's bookkeeping: the sessions covered now, appended as taken.
                            if t.sessions {
                                #expect(wait, "\(at): action \(change.text) edits past sessions")
                                if case .append = edit {} else { Issue.record("\(at): the wait does more than append: \(edit)") }
                            }
                        } else if t.sessions {
                            Issue.record("\(at): a clinical fact edits past sessions: \(change.text)")
                        }
                        if t.diagnoses || t.history || t.scores {
                            #expect(!change.isAction, "\(at): \(change.text) edits the record")
                        }
                    }
                    if let path = change.path {
                        let t = Self.touchesRecord(path)
                        if t.diagnoses || t.history || t.scores || t.sessions {
                            #expect(change.nature == .clinicalFact, "\(at): \(change.text) is about the record")
                        }
                    }
                    if change.kind == .fact { #expect(!change.isAction, "\(at): changing a given value \(change.text)") }
                    if [.requirement, .network, .sessions].contains(change.kind) || (change.kind == .date && change.path == "request.date") {
                        #expect(change.isAction, "\(at): \(change.text) is something someone can do")
                    }
                }
                #expect(p.isActionable == p.changes.allSatisfy(\.isAction))
                let summary = d.sentence(of: p)
                #expect(p.isActionable != summary.contains("the record documents"), "\(at): \(summary)")
                let json = p.json
                #expect(Self.string(json, "nature") == (p.isActionable ? "action" : "clinical_fact"))
                for (i, change) in p.changes.enumerated() {
                    #expect(Self.string(json, "changes", i, "nature") == change.nature.rawValue)
                }
            }
            // Paths made only of actions come before paths needing clinical facts (paths tried
            // and found not enough go last).
            let tried = ps.filter { $0.verified != false }
            if let firstClinical = tried.firstIndex(where: { !$0.isActionable }) {
                let later = tried[firstClinical...].filter(\.isActionable)
                #expect(later.isEmpty, "\(at): an action path after a clinical one")
            }
        }
        #expect(rejected.count <= 2, "cases rejected: \(rejected)")
        // The corpus exercises both kinds and the wait.
        #expect(actions >= 10)
        #expect(clinical >= 10)
        #expect(waits >= 2)
    }

    @Test func aDiagnosisThePatientLacksIsAClinicalFactNeverAnAction() throws {
        let policy = try specPolicy("bayou-medicaid")
        let (d, ps, _) = try paths(policy, try specCase("bayou-medicaid", "continuation-response-short"))
        let suicidal = try #require(ps.first { p in p.changes.contains { $0.text.contains("R45.851") } })
        #expect(!suicidal.isActionable)
        #expect(d.sentence(of: suicidal) == "Covered if the record documents: a suicidal ideation diagnosis (such as R45.851).")
        #expect(Self.string(suicidal.json, "changes", 0, "nature") == "clinical_fact")
    }

    @Test func anActionOnlyPathRanksBeforeAShorterClinicalOne() throws {
        let policy = try checked("""
            cover esketamine "By score" when scores.phq9 >= 20 "PHQ-9 of 20 or more"
            cover esketamine "With authorization" when patient.age >= 18
              requires prior_authorization
              requires document "treatment plan"
              requires document "trial history"
            """)
        let json = """
            {
              "id": "t", "diagnoses": ["F33.2"], "patient": {"age": 40}, "scores": {"phq9": 12},
              "request": { "treatment": "esketamine", "date": "2026-03-02", "sessions": 1, "billed_per_session": "100.00" },
              "provider": { "network": "in_network" },
              "plan": { "deductible_remaining": "0.00", "out_of_pocket_remaining": "5000.00" }
            }
            """
        let (d, ps, _) = try paths(policy, json)
        #expect(ps.map(\.ruleTitle) == ["With authorization", "By score"])
        #expect(ps.map(\.changes.count) == [3, 1])
        #expect(ps.map(\.isActionable) == [true, false])
        #expect(ps.allSatisfy { $0.verified == true })
        #expect(d.sentence(of: ps[0]).hasPrefix("Covered if: "))
        #expect(d.sentence(of: ps[1]) == "Covered if the record documents: PHQ-9 score of at least 20 (the record shows 12).")
    }

    @Test func aMixedPathNamesTheRecordFirstThenTheActions() throws {
        let policy = try checked("""
            cover esketamine when scores.phq9 >= 20 "PHQ-9 of 20 or more"
              requires document "treatment plan"
            """)
        let (d, ps, _) = try paths(policy, caseJSON(extra: #""scores": {"phq9": 12}"#))
        let p = try #require(ps.first)
        #expect(p.nature == .clinicalFact)
        #expect(p.changes.map(\.nature) == [.clinicalFact, .action])
        #expect(d.sentence(of: p) == "Covered if the record documents: PHQ-9 score of at least 20 (the record shows 12); and: document on file: treatment plan.")
    }

    @Test func theNatureOfEachKindOfChange() {
        // A fact the case lacks is information to send, unless it is part of the clinical record.
        #expect(CoverageChange(kind: .missingFact, text: "", path: "patient.pregnant").nature == .action)
        #expect(CoverageChange(kind: .missingFact, text: "", path: "sessions[2].dose_mg").nature == .action)
        #expect(CoverageChange(kind: .missingFact, text: "", path: "scores.phq9").nature == .clinicalFact)
        #expect(CoverageChange(kind: .missingFact, text: "", path: "history.trials").nature == .clinicalFact)
        // A value the case gives, changed, is clinical whatever it is about.
        #expect(CoverageChange(kind: .fact, text: "", path: "patient.age").nature == .clinicalFact)
        #expect(CoverageChange(kind: .fact, text: "", path: "request.diagnosis",
                               edits: [.set(["request", "diagnosis"], .string("F32.0"))]).nature == .clinicalFact)
        // An edit of the record makes a change clinical, whatever its kind says.
        #expect(CoverageChange(kind: .missingFact, text: "", path: "x",
                               edits: [.append(["diagnoses"], .string("R45.851"))]).nature == .clinicalFact)
        #expect(CoverageChange(kind: .date, text: "", path: "request.date",
                               edits: [.append(["sessions"], .object(JSONObject()))]).nature == .clinicalFact)
        // The wait's bookkeeping of the sessions covered now is not an edit the user makes.
        #expect(CoverageChange(kind: .date, text: "", criterion: CoverageChange.waitCriterion, path: "request.date",
                               edits: [.append(["sessions"], .object(JSONObject())),
                                       .set(["request", "date"], .string("2026-04-01"))]).nature == .action)
        for kind in [CoverageChange.Kind.requirement, .network, .sessions] {
            #expect(CoverageChange(kind: kind, text: "").isAction)
        }
    }
}
