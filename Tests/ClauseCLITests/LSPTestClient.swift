import Foundation
import ClauseKit
@testable import ClauseCLI

/// A scripted LSP client: writes framed bytes, which go through the server's frame reader and
/// decoder as they would from standard input, and reads what the server sends back.
final class LSPTestClient {
    private(set) var sent: [JSONValue] = []
    var server: LanguageServer!
    private var frames = FrameReader()
    private var nextID = 1

    init(initialize: Bool = true) {
        server = LanguageServer(debounce: .zero) { [unowned self] message in
            // Every message crosses the wire format: framed, then read back.
            var reader = FrameReader()
            reader.append(JSONRPC.frame(message))
            if case .body(let body)? = reader.next(), let json = try? JSONReader.parse(body) { self.sent.append(json) }
        }
        if initialize {
            _ = request("initialize", .obj([("capabilities", .obj([]))]))
            notify("initialized", .obj([]))
        }
    }

    /// Feeds raw bytes; the complete frames among them are handled as one batch.
    func feed(_ bytes: [UInt8]) {
        frames.append(bytes)
        var batch: [JSONRPC.Incoming] = []
        while let frame = frames.next() {
            switch frame {
            case .body(let body): batch.append(JSONRPC.decode(body))
            case .malformed(let why): batch.append(.invalid(id: .null, code: .parseError, message: why))
            }
        }
        if !batch.isEmpty { server.receive(batch) }
        server.publishDue()
    }

    static func frame(_ message: JSONValue) -> [UInt8] { JSONRPC.frame(message) }

    func requestMessage(_ method: String, _ params: JSONValue) -> (Int, JSONValue) {
        let id = nextID
        nextID += 1
        return (id, .obj([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)]))
    }

    /// Sends a request and returns the server's response to it (nil when none came).
    @discardableResult
    func request(_ method: String, _ params: JSONValue) -> JSONValue? {
        let (id, message) = requestMessage(method, params)
        feed(JSONRPC.frame(message))
        return response(id)
    }

    func response(_ id: Int) -> JSONValue? {
        sent.last { $0["id"] == .int(id) }
    }

    func notify(_ method: String, _ params: JSONValue) {
        feed(JSONRPC.frame(JSONRPC.notification(method, params)))
    }

    /// The notifications of `method` sent so far, oldest first.
    func notifications(_ method: String) -> [JSONValue] {
        sent.filter { $0["method"]?.string == method }
    }

    func clear() { sent = [] }

    // MARK: - Documents

    @discardableResult
    func open(_ uri: String, _ text: String, version: Int = 1) -> [JSONValue] {
        notify("textDocument/didOpen", .obj([("textDocument", .obj([("uri", .string(uri)), ("languageId", .string("clause")),
                                                                    ("version", .int(version)), ("text", .string(text))]))]))
        return diagnostics(uri)
    }

    /// The diagnostics last published for `uri`.
    func diagnostics(_ uri: String) -> [JSONValue] {
        guard let last = notifications("textDocument/publishDiagnostics").last(where: { $0["params"]?["uri"]?.string == uri }),
              case .array(let items)? = last["params"]?["diagnostics"] else { return [] }
        return items
    }

    func change(_ uri: String, version: Int, from: (Int, Int), to: (Int, Int), text: String) {
        let range = JSONValue.obj([("start", LSPPosition(line: from.0, character: from.1).json),
                                   ("end", LSPPosition(line: to.0, character: to.1).json)])
        notify("textDocument/didChange", .obj([
            ("textDocument", .obj([("uri", .string(uri)), ("version", .int(version))])),
            ("contentChanges", .array([.obj([("range", range), ("text", .string(text))])])),
        ]))
    }

    static func position(_ uri: String, _ line: Int, _ character: Int) -> JSONValue {
        .obj([("textDocument", .obj([("uri", .string(uri))])), ("position", LSPPosition(line: line, character: character).json)])
    }

    /// The (line, character) of the first occurrence of `needle` in `text`, plus `shift` characters.
    static func find(_ needle: String, in text: String, shift: Int = 0) -> (Int, Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if let r = line.range(of: needle) { return (i, line.utf16.distance(from: line.startIndex, to: r.lowerBound) + shift) }
        }
        return (0, 0)
    }
}

