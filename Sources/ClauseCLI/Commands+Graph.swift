import ClauseKit

extension CLI {
    // clause graph POLICY [--format dot|mermaid] [-o FILE]
    func runGraph(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--format", "-o", "--output", "--color"]) } catch { return usageError(error.message, command: "graph") }
        guard options.positional.count == 1 else {
            return usageError("`graph` needs one policy file", command: "graph")
        }
        let format = options.values["--format"] ?? "dot"
        guard ["dot", "mermaid"].contains(format) else {
            return usageError("unknown format `\(format)`; expected `dot` or `mermaid`", command: "graph")
        }
        guard let (policy, _) = loadCheckedPolicy(options.positional[0], color: colorFor(err, flag: options.values["--color"])) else { return 1 }
        let graph = PolicyGraph(policy: policy)
        let text = format == "dot" ? graph.dot : graph.mermaid
        return emit(text, to: options.values["-o"] ?? options.values["--output"]) ? 0 : 1
    }
}
