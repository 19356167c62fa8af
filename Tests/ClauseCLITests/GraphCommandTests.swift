import Testing
import ClauseCLI

@Suite struct GraphCommandTests {
    @Test func dotIsTheDefault() {
        let r = run(["graph", path("Policies/acme-ppo.clause")])
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("digraph policy {"))
        #expect(r.out.hasSuffix("}\n"))
    }

    @Test func mermaidFormat() {
        let r = run(["graph", path("Policies/valley-hmo.clause"), "--format", "mermaid"])
        #expect(r.code == 0)
        #expect(r.out.contains("flowchart LR"))
    }

    @Test func usageAndPolicyErrors() {
        #expect(run(["graph"]).code == 2)
        #expect(run(["graph", path("Policies/acme-ppo.clause"), "--format", "svg"]).code == 2)
        let broken = run(["graph", path("Tests/GoldenTests/Fixtures/diagnostics/unknown-code-set.clause")])
        #expect(broken.code == 1)
        #expect(broken.err.contains("unknown code set"))
        #expect(run(["help", "graph"]).out.contains("--format mermaid"))
    }
}
