import ClauseKit

/// For `clause-bench --only lsp`: the time from a keystroke (a `didChange` frame, read as from
/// standard input) to its `publishDiagnostics` frame, with no debounce wait (the server's own
/// work), or to the answer of a completion request sent just after it.
public enum LSPBenchmark {
    /// Milliseconds per keystroke, for `count` keystrokes typed into (and erased from) the label
    /// of the define on line `line` (0-based) of `text`: each one parses, checks and lints anew.
    /// With `completing`, each keystroke is followed at once by a completion request at the
    /// start of a criterion (diagnostics still waiting for their debounce): the time is from the
    /// keystroke to the completion's answer, the text being analysed for it.
    public static func keystrokes(text: String, line: Int, count: Int, completing: Bool = false) -> [Double] {
        var published = 0
        let server = LanguageServer(debounce: completing ? .seconds(3600) : .zero) { message in
            let wanted = completing ? message["id"] != nil : message["method"]?.string == "textDocument/publishDiagnostics"
            if wanted { published += JSONRPC.frame(message).count > 0 ? 1 : 0 }
        }
        let uri = "file:///bench/generated.clause"
        func receive(_ message: JSONValue) {
            var frames = FrameReader()
            frames.append(JSONRPC.frame(message))
            guard case .body(let body)? = frames.next() else { return }
            server.receive([JSONRPC.decode(body)])
        }
        receive(JSONRPC.request(id: 1, "initialize", .obj([])))
        receive(JSONRPC.notification("textDocument/didOpen", .obj([("textDocument", .obj([
            ("uri", .string(uri)), ("languageId", .string("clause")), ("version", .int(1)), ("text", .string(text))]))])))
        let lineText = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line).first ?? ""
        // Inside the label's quotes: before its closing `"`.
        let column = max(0, lineText.utf16.count - 1)
        let clock = ContinuousClock()
        var times: [Double] = []
        for k in 0..<count {
            let typing = k % 2 == 0
            let range = JSONValue.obj([("start", LSPPosition(line: line, character: column).json),
                                       ("end", LSPPosition(line: line, character: typing ? column : column + 1).json)])
            let change = JSONRPC.notification("textDocument/didChange", .obj([
                ("textDocument", .obj([("uri", .string(uri)), ("version", .int(k + 2))])),
                ("contentChanges", .array([.obj([("range", range), ("text", .string(typing ? "x" : ""))])]))]))
            let before = published
            let start = clock.now
            receive(change)
            if completing {
                receive(JSONRPC.request(id: k + 2, "textDocument/completion", .obj([
                    ("textDocument", .obj([("uri", .string(uri))])),
                    ("position", LSPPosition(line: line + 2, character: 2).json)])))
            }
            server.publishDue()
            let elapsed = start.duration(to: clock.now)
            guard published > before else { continue }
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return times
    }
}
