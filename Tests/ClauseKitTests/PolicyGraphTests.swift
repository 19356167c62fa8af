import Testing
@testable import ClauseKit

@Suite struct PolicyGraphTests {
    func acme() throws -> PolicyGraph {
        PolicyGraph(policy: try checked(SpecPolicies.acmePPO, withHeader: false))
    }

    func id(_ g: PolicyGraph, _ kind: PolicyGraph.NodeKind, _ labelPrefix: String) -> String? {
        g.nodes.first { $0.kind == kind && $0.label.hasPrefix(labelPrefix) }?.id
    }

    @Test func treatmentsLeadToTheirRules() throws {
        let g = try acme()
        let esketamine = try #require(id(g, .treatment, "esketamine\n"))
        let ivKetamine = try #require(id(g, .treatment, "iv_ketamine\n"))
        let targets = g.edges(from: esketamine).filter { $0.label == "cover" || $0.label == "deny" }.compactMap { g.node($0.to) }
        #expect(targets.map(\.label) == ["cover: Esketamine for treatment-resistant depression", "deny: Contraindications"])
        #expect(targets.map(\.line) == [31, 41])
        #expect(g.edges(from: ivKetamine).filter { $0.label == "deny" }.count == 1)
    }

    @Test func criteriaDefinesAndCodeSets() throws {
        let g = try acme()
        let cover = try #require(id(g, .cover, "cover: Esketamine"))
        // The top-level `{ … }` hangs its five criteria straight off the rule.
        let when = g.edges(from: cover).filter { $0.label == "when" }.compactMap { g.node($0.to) }
        #expect(when.count == 5)
        #expect(when.map(\.kind).filter { $0 == .define }.count == 2)
        // `adult` is one node shared by both cover rules.
        let adult = try #require(id(g, .define, "define adult"))
        #expect(g.edges(to: adult).count == 2)
        // A criterion using a code set points at it by reference.
        let psychotic = try #require(id(g, .criterion, "psychotic disorder"))
        let psychosis = try #require(id(g, .codeSet, "codes psychosis"))
        #expect(g.edges(from: psychotic) == [PolicyGraph.Edge(from: psychotic, to: psychosis, label: "in", isReference: true)])
        // `any { … }` is a node of its own; `unless` is labelled.
        let deny = try #require(id(g, .deny, "deny: Contraindications"))
        let any = try #require(g.edges(from: deny).first.flatMap { g.node($0.to) })
        #expect(any.kind == .block && any.label == "any of")
        #expect(g.edges(from: any.id).count == 3)
        let trialDeny = try #require(id(g, .deny, "deny: Experimental"))
        #expect(g.edges(from: trialDeny).compactMap(\.label) == ["when", "unless"])
    }

    @Test func requirementsLimitsAndTiers() throws {
        let g = try acme()
        let cover = try #require(id(g, .cover, "cover: Esketamine"))
        let reqs = g.edges(from: cover).compactMap { g.node($0.to) }.filter { $0.kind == .requirement }
        #expect(reqs.map(\.label) == ["requires prior authorization", "requires document\nPHQ-9 or MADRS score from the last 30 days"])
        let esketamine = try #require(id(g, .treatment, "esketamine\n"))
        let limits = g.edges(from: esketamine).filter { $0.label == "limit" }.compactMap { g.node($0.to)?.label }
        #expect(limits == ["8 sessions per 28 days during weeks 1-4", "4 sessions per 28 days from week 5",
                           "52 sessions per 365 days", "authorization lasts 6 months"])
        #expect(g.edges(from: "network").compactMap { g.node($0.to)?.label } == [
            "preferred\ncoinsurance 10%", "in_network\ncoinsurance 20% after deductible",
            "out_of_network\ncoinsurance 50% after deductible, requires referral"])
    }

    @Test func everyEdgeJoinsDeclaredNodesAndIdsAreUnique() throws {
        for text in [SpecPolicies.acmePPO, SpecPolicies.valleyHMO] {
            let g = PolicyGraph(policy: try checked(text, withHeader: false))
            let ids = g.nodes.map(\.id)
            #expect(Set(ids).count == ids.count)
            for e in g.edges { #expect(ids.contains(e.from) && ids.contains(e.to), "\(e)") }
        }
    }

    @Test func dotAndMermaidEscapeLabels() throws {
        let g = PolicyGraph(policy: try checked(#"""
        cover esketamine "a \"quoted\" <rule> # 1 | 2 \\ end" when patient.age >= 18
        """#))
        #expect(g.dot.contains(#"label="cover: a \"quoted\" <rule> # 1 | 2 \\ end\nline 9""#))
        #expect(g.mermaid.contains("cover: a #quot;quoted#quot; #lt;rule#gt; #35; 1 #124; 2 \\ end<br><small>line 9</small>"))
        #expect(g.dot.hasPrefix("digraph policy {\n"))
        #expect(g.mermaid.hasPrefix("---\ntitle: \"Test policy\"\n---\nflowchart LR\n"))
        let quoted = PolicyGraph(policy: try checked(#"""
        policy "A \"quoted\": title" { effective 2026-01-01 }
        treatment t "T" { billing hcpcs J0013 }
        """#, withHeader: false))
        #expect(quoted.mermaid.hasPrefix(#"---"# + "\n" + #"title: "A \"quoted\": title""# + "\n---\n"))
    }

    @Test func longLabelsAreShortened() {
        let long = String(repeating: "word ", count: 40)
        let s = PolicyGraph.short(long)
        #expect(s.count == PolicyGraph.maxLabel)
        #expect(s.hasSuffix("…"))
        #expect(PolicyGraph.short("a\n   b") == "a b")
    }
}
