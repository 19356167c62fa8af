import ClauseKit

extension CLI {
    // clause lsp [--debounce MS]
    func runLSP(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--debounce"], switches: ["--stdio"]) } catch {
            return usageError(error.message, command: "lsp")
        }
        guard options.positional.isEmpty else { return usageError("`lsp` takes no files; the editor sends them", command: "lsp") }
        var debounce = 150
        if let text = options.values["--debounce"] {
            guard let ms = Int(text), ms >= 0, ms <= 10_000 else {
                return usageError("`--debounce` needs milliseconds from 0 to 10000, got `\(text)`", command: "lsp")
            }
            debounce = ms
        }
        return LSPConnection.serve(debounce: Swift.Duration.milliseconds(debounce), output: FileDescriptorSink(fd: 1))
    }

    static let lspHelp = """
    USAGE: clause lsp [--debounce MS]

    A language server for *.clause and *.tests files, speaking the Language Server Protocol
    on standard input and output (JSON-RPC with Content-Length framing). Editors start it;
    see docs/editors.md for Neovim, Helix and VS Code.

    It publishes the diagnostics of `clause check` (the same spans, labels and help) as you
    type, and answers hover, go to definition, find references, completion, formatting (the
    `clause fmt` layout), document symbols and code lenses that decide the cases of a
    policy's .tests file (command `clause.runTests`).

      --debounce MS   publish diagnostics MS milliseconds after the last edit (default 150)
      --stdio         accepted and ignored (standard input and output are always used)

    Exits 0 after the client's `shutdown` and `exit`, 1 when it exits without `shutdown`.

    """
}
