import ClauseKit

/// `clause lsp`: the Language Server Protocol for `*.clause` and `*.tests` files. Single
/// threaded: `LSPConnection` hands it the messages that have arrived, in batches, and asks it
/// to publish the diagnostics whose debounce time has passed. It writes through `send`.
final class LanguageServer {
    enum State { case uninitialized, running, shutDown }

    /// How long after the last edit of a document its diagnostics are published.
    let debounce: Swift.Duration
    /// Writes one message to the client.
    let send: (JSONValue) -> Void
    private(set) var state = State.uninitialized
    /// Set by `exit`: 0 after `shutdown`, 1 without (LSP specification).
    private(set) var exitCode: Int32?

    var documents: [String: LSPDocument] = [:]
    /// The analysis of each document's current version, made on demand and kept until it changes.
    var analyses: [String: DocumentAnalysis] = [:]
    /// The last analysis of each document whose policy checked: for hover and completion while broken.
    var lastGood: [String: DocumentAnalysis] = [:]
    /// When each changed document's diagnostics are due.
    var due: [String: ContinuousClock.Instant] = [:]
    /// The outcome of each test the client had run, by test file path and test name.
    var testResults: [String: [String: TestOutcome]] = [:]
    let clock = ContinuousClock()

    static let runTestsCommand = "clause.runTests"

    init(debounce: Swift.Duration = .milliseconds(150), send: @escaping (JSONValue) -> Void) {
        self.debounce = debounce
        self.send = send
    }

    // MARK: - Messages

    /// Handles the messages that arrived together: a `$/cancelRequest` among them cancels the
    /// requests of the batch it names that are still queued (answered with RequestCancelled).
    func receive(_ batch: [JSONRPC.Incoming]) {
        var cancelled = Set<String>()
        for case .notification("$/cancelRequest", let params?) in batch {
            if case .object(let o) = params, let id = o["id"] { cancelled.insert(JSONWriter.write(id, pretty: false)) }
        }
        for message in batch {
            guard exitCode == nil else { return }
            if case .request(let id, _, _) = message, cancelled.contains(JSONWriter.write(id, pretty: false)) {
                send(JSONRPC.error(id: id, code: .requestCancelled, message: "the request was cancelled"))
                continue
            }
            handle(message)
        }
    }

    func handle(_ message: JSONRPC.Incoming) {
        switch message {
        case .invalid(let id, let code, let text):
            send(JSONRPC.error(id: id, code: code, message: text))
        case .response:
            break  // the server asks nothing it waits for
        case .notification(let method, let params):
            notify(method, params)
        case .request(let id, let method, let params):
            switch state {
            case .uninitialized where method != "initialize":
                send(JSONRPC.error(id: id, code: .serverNotInitialized, message: "`\(method)` before `initialize`"))
                return
            case .shutDown:
                send(JSONRPC.error(id: id, code: .invalidRequest, message: "`\(method)` after `shutdown`"))
                return
            default: break
            }
            switch answer(method, params) {
            case .success(let result): send(JSONRPC.response(id: id, result: result))
            case .failure(let failure): send(JSONRPC.error(id: id, code: failure.code, message: failure.message))
            }
        }
    }

    struct Failure: Error {
        var code: JSONRPC.ErrorCode
        var message: String
    }

    func answer(_ method: String, _ params: JSONValue?) -> Result<JSONValue, Failure> {
        switch method {
        case "initialize":
            guard state == .uninitialized else { return .failure(Failure(code: .invalidRequest, message: "`initialize` was already sent")) }
            state = .running
            return .success(LanguageServer.initializeResult)
        case "shutdown":
            state = .shutDown
            return .success(.null)
        case "textDocument/hover": return .success(hover(params))
        case "textDocument/definition": return .success(definition(params))
        case "textDocument/references": return .success(references(params))
        case "textDocument/completion": return .success(completion(params))
        case "textDocument/formatting": return .success(formatting(params))
        case "textDocument/documentSymbol": return .success(documentSymbols(params))
        case "textDocument/codeLens": return .success(codeLenses(params))
        case "workspace/executeCommand": return executeCommand(params)
        default:
            return .failure(Failure(code: .methodNotFound, message: "unknown method `\(method)`"))
        }
    }

    func notify(_ method: String, _ params: JSONValue?) {
        if method == "exit" {
            exitCode = state == .shutDown ? 0 : 1
            return
        }
        guard state == .running else { return }  // before `initialize` or after `shutdown`: dropped
        switch method {
        case "textDocument/didOpen":
            guard let item = params?["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else { return }
            documents[uri] = LSPDocument(uri: uri, version: item["version"]?.int ?? 0, text: text)
            analyses[uri] = nil
            publish(uri)
        case "textDocument/didChange":
            guard let uri = params?["textDocument"]?["uri"]?.string, var document = documents[uri],
                  case .array(let changes)? = params?["contentChanges"] else { return }
            let version = params?["textDocument"]?["version"]?.int ?? document.version + 1
            guard version > document.version else { return }  // out of order: an older edit than the text has
            for change in changes {
                guard let text = change["text"]?.string else { continue }
                if let range = change["range"], let from = LSPPosition(range["start"]), let to = LSPPosition(range["end"]) {
                    document.apply(range: (from, to), text: text)
                } else {
                    document.apply(range: nil, text: text)
                }
            }
            document.version = version
            documents[uri] = document
            due[uri] = clock.now.advanced(by: debounce)
        case "textDocument/didClose":
            guard let uri = params?["textDocument"]?["uri"]?.string else { return }
            documents[uri] = nil
            analyses[uri] = nil
            lastGood[uri] = nil
            due[uri] = nil
            send(JSONRPC.notification("textDocument/publishDiagnostics", .obj([("uri", .string(uri)), ("diagnostics", .array([]))])))
        default:
            break  // `initialized`, `didSave`, `$/…` and notifications the server does not use
        }
    }

    // MARK: - Diagnostics

    /// The earliest time diagnostics are due, if any are.
    var nextDeadline: ContinuousClock.Instant? { due.values.min() }

    /// Publishes the diagnostics of every document whose debounce time has passed.
    func publishDue() {
        let now = clock.now
        for (uri, time) in due where time <= now { publish(uri) }
    }

    func publish(_ uri: String) {
        due[uri] = nil
        guard let document = documents[uri] else { return }
        let diagnostics: [JSONValue]
        if document.isTestFile {
            diagnostics = DocumentAnalysis.testFileDiagnostics(document)
        } else {
            diagnostics = analysis(uri)?.diagnostics.map { DocumentAnalysis.json($0, in: document) } ?? []
        }
        send(JSONRPC.notification("textDocument/publishDiagnostics",
                                  .obj([("uri", .string(uri)), ("version", .int(document.version)), ("diagnostics", .array(diagnostics))])))
    }

    /// The analysis of the document's current text (made once per version).
    func analysis(_ uri: String) -> DocumentAnalysis? {
        guard let document = documents[uri], document.isPolicy else { return nil }
        if let known = analyses[uri], known.version == document.version, known.source.bytes.count == document.source.bytes.count {
            return known
        }
        let made = DocumentAnalysis(document)
        analyses[uri] = made
        if made.policy != nil { lastGood[uri] = made }
        return made
    }

    // MARK: - Capabilities

    static let initializeResult: JSONValue = .obj([
        ("capabilities", .obj([
            ("textDocumentSync", .obj([("openClose", .bool(true)), ("change", .int(2)), ("save", .bool(true))])),
            ("hoverProvider", .bool(true)),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("completionProvider", .obj([("triggerCharacters", .array([.string(".")]))])),
            ("documentFormattingProvider", .bool(true)),
            ("documentSymbolProvider", .bool(true)),
            ("codeLensProvider", .obj([("resolveProvider", .bool(false))])),
            ("executeCommandProvider", .obj([("commands", .array([.string(LanguageServer.runTestsCommand)]))])),
        ])),
        ("serverInfo", .obj([("name", .string("clause")), ("version", .string(CLI.version))])),
    ])

    // MARK: - Parameters

    /// The open document and byte offset a `TextDocumentPositionParams` names.
    func target(_ params: JSONValue?) -> (uri: String, document: LSPDocument, offset: Int)? {
        guard let uri = params?["textDocument"]?["uri"]?.string, let document = documents[uri],
              let position = LSPPosition(params?["position"]) else { return nil }
        return (uri, document, document.offset(of: position))
    }

    func location(_ uri: String, _ document: LSPDocument, _ span: SourceSpan) -> JSONValue {
        .obj([("uri", .string(uri)), ("range", document.range(span))])
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let o) = self else { return nil }
        return o[key]
    }

    var string: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    var int: Int? { LSPPosition.int(self) }
}
