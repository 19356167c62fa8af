import Testing
@testable import ClauseKit

/// `clause graph` shows what revision 2 adds: review kinds, experimental denies, a rule's own
/// authorization length, dose limits, per-kind authorization lengths and the new-course line.
@Suite struct Revision2GraphTests {
    func graph() throws -> PolicyGraph {
        PolicyGraph(policy: try checked(revision2Policy, withHeader: false))
    }

    func labels(_ g: PolicyGraph, from id: String, edge: String? = nil) -> [String] {
        g.edges(from: id).filter { edge == nil || $0.label == edge }.compactMap { g.node($0.to)?.label }
    }

    @Test func rulesShowTheirReviewKindAndExperimentalDenies() throws {
        let g = try graph()
        let rules = g.nodes.filter { $0.kind == .cover || $0.kind == .deny }.map(\.label)
        #expect(rules.contains("cover: TRD, initial\ninitial requests only"))
        #expect(rules.contains("cover: TRD, continuation\ncontinuation requests only"))
        #expect(rules.contains("cover: cover rule\ncontinuation requests only"))
        #expect(rules.contains("deny: E&I\ndenied as experimental"))
        #expect(rules.contains("cover: Trial"))
    }

    @Test func requirementsShowTheRulesOwnAuthorizationLength() throws {
        let g = try graph()
        let requirements = g.nodes.filter { $0.kind == .requirement }.map(\.label)
        #expect(requirements.contains("requires prior authorization\nlasting 4 weeks"))
        #expect(requirements.contains("requires prior authorization\nlasting 6 months"))
        #expect(requirements.contains("requires prior authorization"))
    }

    @Test func limitsShowDosesPerKindAuthorizationAndCourses() throws {
        let g = try graph()
        let esketamine = try #require(g.nodes.first { $0.kind == .treatment && $0.label.hasPrefix("esketamine\n") })
        #expect(labels(g, from: esketamine.id, edge: "limit") == [
            "8 sessions per 28 days during weeks 1-4", "4 sessions per 28 days from week 5",
            "dose limit 168 mg per 7 days during weeks 1-4", "dose limit 84.5 mg per 7 days from week 5",
            "dose limit 56 mg per 1 day",
            "authorization lasts 6 months\n(each kind has its own)",
            "initial authorization lasts 4 weeks", "continuation authorization lasts 6 months",
            "new course after 6 months\nwithout sessions",
        ])
        // Every renderer carries the new nodes.
        #expect(g.dot.contains("new course after 6 months\\nwithout sessions"))
        #expect(g.mermaid.contains("dose limit 168 mg per 7 days during weeks 1-4"))
        #expect(Set(g.nodes.map(\.id)).count == g.nodes.count)
    }
}
