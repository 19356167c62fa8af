import Foundation
import Testing
import ClauseKit
@testable import ClauseCLI

/// The protocol as a client sees it: framing, errors, ordering, cancellation, shutdown and exit.
@Suite struct LSPProtocolTests {
    func errorCode(_ response: JSONValue?) -> Int? { response?["error"]?["code"]?.int }

    @Test func initializeAnswersCapabilities() {
        let client = LSPTestClient(initialize: false)
        let response = client.request("initialize", .obj([("processId", .null), ("capabilities", .obj([]))]))
        let capabilities = response?["result"]?["capabilities"]
        #expect(capabilities?["textDocumentSync"]?["change"] == .int(2))  // incremental
        #expect(capabilities?["hoverProvider"] == .bool(true))
        #expect(capabilities?["documentFormattingProvider"] == .bool(true))
        #expect(response?["result"]?["serverInfo"]?["name"] == .string("clause"))
        // A second `initialize` is refused.
        #expect(errorCode(client.request("initialize", .obj([]))) == JSONRPC.ErrorCode.invalidRequest.rawValue)
    }

    @Test func requestsBeforeInitializeAreRefused() {
        let client = LSPTestClient(initialize: false)
        let response = client.request("textDocument/hover", LSPTestClient.position("file:///a.clause", 0, 0))
        #expect(errorCode(response) == -32002)
        // A notification before `initialize` is dropped: no diagnostics are published.
        client.open("file:///a.clause", "policy \"x\" {}\n")
        #expect(client.notifications("textDocument/publishDiagnostics").isEmpty)
    }

    @Test func unknownMethodIsMethodNotFound() {
        let client = LSPTestClient()
        #expect(errorCode(client.request("textDocument/teleport", .obj([]))) == -32601)
        // Unknown notifications and `$/` notifications get no answer at all.
        client.clear()
        client.notify("$/setTrace", .obj([("value", .string("off"))]))
        client.notify("workspace/somethingNew", .obj([]))
        #expect(client.sent.isEmpty)
    }

    @Test func malformedFramesAreAnsweredNotFatal() {
        let client = LSPTestClient()
        client.clear()
        // Not JSON.
        client.feed(Array("Content-Length: 9\r\n\r\n{not json".utf8))
        #expect(errorCode(client.sent.last) == -32700)
        // JSON, but not a request object.
        client.feed(LSPTestClient.frame(.array([.int(1)])))
        #expect(errorCode(client.sent.last) == -32600)
        // No jsonrpc version; the id is echoed.
        client.feed(LSPTestClient.frame(.obj([("id", .int(77)), ("method", .string("shutdown"))])))
        #expect(errorCode(client.sent.last) == -32600)
        #expect(client.sent.last?["id"] == .int(77))
        // A header without Content-Length, then one with a bad length.
        client.feed(Array("X-Nothing: 1\r\n\r\n".utf8))
        #expect(errorCode(client.sent.last) == -32700)
        client.feed(Array("Content-Length: lots\r\n\r\n".utf8))
        #expect(errorCode(client.sent.last) == -32700)
        // Garbage with no header end at all is dropped past the header bound.
        client.feed([UInt8](repeating: 65, count: FrameReader.maximumHeader + 10))
        #expect(errorCode(client.sent.last) == -32700)
        // The server still answers afterwards.
        let response = client.request("textDocument/documentSymbol", .obj([("textDocument", .obj([("uri", .string("file:///none.clause"))]))]))
        #expect(response?["result"] == .array([]))
    }

    @Test func hostileInputIsAnswered() {
        let client = LSPTestClient()
        client.clear()
        // JSON nested past the reader's depth limit: a parse error, not a deep recursion.
        client.feed(Array("Content-Length: 200000\r\n\r\n".utf8) + [UInt8](repeating: 91, count: 200_000))
        #expect(errorCode(client.sent.last) == -32700)
        // A policy nested far past the checker's limit, and one of many open braces.
        let uri = "file:///tmp/deep.clause"
        let deep = "policy \"D\" {}\ndefine x = " + String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000) + "\n"
        client.open(uri, deep)
        #expect(!client.diagnostics(uri).isEmpty)
        client.change(uri, version: 2, from: (0, 0), to: (2, 0), text: String(repeating: "cover x when { ", count: 5_000))
        #expect(!client.diagnostics(uri).isEmpty)
        for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"] {
            #expect(client.request(method, LSPTestClient.position(uri, 0, 40_000))?["result"] != nil)
        }
        #expect(client.request("textDocument/formatting", .obj([("textDocument", .obj([("uri", .string(uri))]))]))?["result"] == .array([]))
        // Parameters of the wrong shapes.
        client.notify("textDocument/didOpen", .obj([("textDocument", .string("nope"))]))
        client.notify("textDocument/didChange", .obj([("textDocument", .obj([("uri", .string(uri))])), ("contentChanges", .int(3))]))
        #expect(client.request("textDocument/hover", .obj([("position", .obj([("line", .int(-4)), ("character", .string("x"))]))]))?["result"] == .null)
        #expect(client.request("textDocument/hover", .array([]))?["result"] == .null)
    }

    @Test func framesSplitAndJoinedAnyhow() {
        let client = LSPTestClient()
        client.clear()
        let (id1, a) = client.requestMessage("shutdown", .null)
        let bytes = LSPTestClient.frame(.obj([("jsonrpc", .string("2.0")), ("id", .int(900)), ("method", .string("nope"))])) + LSPTestClient.frame(a)
        // One byte at a time: nothing is lost or read twice.
        for b in bytes { client.feed([b]) }
        #expect(errorCode(client.response(900)) == -32601)
        #expect(client.response(id1)?["result"] == .null)
        // Multi-byte characters in a body are counted in bytes.
        var reader = FrameReader()
        reader.append(JSONRPC.frame(.string("é✓")) + JSONRPC.frame(.int(1)))
        #expect(reader.next() == .body(Array("\"é✓\"".utf8)))
        #expect(reader.next() == .body(Array("1".utf8)))
        #expect(reader.next() == nil)
    }

    @Test func outOfOrderMessagesAreIgnoredSafely() {
        let client = LSPTestClient()
        let uri = "file:///tmp/ooo.clause"
        // A change and requests for a document never opened.
        client.change(uri, version: 2, from: (0, 0), to: (0, 0), text: "x")
        #expect(client.request("textDocument/hover", LSPTestClient.position(uri, 0, 0))?["result"] == .null)
        #expect(client.request("textDocument/definition", LSPTestClient.position(uri, 0, 0))?["result"] == .null)
        // An older version after a newer one is ignored.
        client.open(uri, "policy \"P\" {}\n", version: 5)
        client.change(uri, version: 3, from: (0, 0), to: (0, 0), text: "garbage ")
        #expect(client.server.documents[uri]?.text == "policy \"P\" {}\n")
        client.change(uri, version: 6, from: (0, 0), to: (0, 0), text: "# note\n")
        #expect(client.server.documents[uri]?.text == "# note\npolicy \"P\" {}\n")
        // A response to nothing, and a close of an unknown document.
        client.feed(LSPTestClient.frame(.obj([("jsonrpc", .string("2.0")), ("id", .int(4242)), ("result", .null)])))
        client.notify("textDocument/didClose", .obj([("textDocument", .obj([("uri", .string("file:///never.clause"))]))]))
        #expect(client.request("shutdown", .null)?["result"] == .null)
    }

    @Test func cancellationOfQueuedRequests() {
        let client = LSPTestClient()
        let uri = "file:///tmp/c.clause"
        client.open(uri, "policy \"P\" {}\ndefine a = 1 > 0\n")
        client.clear()
        let (id1, hover) = client.requestMessage("textDocument/hover", LSPTestClient.position(uri, 1, 8))
        let (id2, symbols) = client.requestMessage("textDocument/documentSymbol", .obj([("textDocument", .obj([("uri", .string(uri))]))]))
        let cancel = JSONRPC.notification("$/cancelRequest", .obj([("id", .int(id1))]))
        // All three arrive together: the hover is still queued when the cancellation is read.
        client.feed(LSPTestClient.frame(hover) + LSPTestClient.frame(symbols) + LSPTestClient.frame(cancel))
        #expect(errorCode(client.response(id1)) == -32800)
        #expect(client.response(id2)?["result"] != nil)
        // Cancelling a request already answered does nothing.
        client.notify("$/cancelRequest", .obj([("id", .int(id2))]))
        #expect(client.sent.filter { $0["id"] == .int(id2) }.count == 1)
    }

    @Test func shutdownThenExitIsZero() {
        let client = LSPTestClient()
        #expect(client.request("shutdown", .null)?["result"] == .null)
        // After shutdown, requests are invalid.
        #expect(errorCode(client.request("textDocument/hover", LSPTestClient.position("file:///x", 0, 0))) == -32600)
        client.notify("exit", .null)
        #expect(client.server.exitCode == 0)
    }

    @Test func exitWithoutShutdownIsOne() {
        let client = LSPTestClient()
        client.notify("exit", .null)
        #expect(client.server.exitCode == 1)
        // Nothing is handled after `exit`.
        client.clear()
        client.request("shutdown", .null)
        #expect(client.sent.isEmpty)
    }

    /// The real connection over file descriptors: bytes in through a pipe, framed replies out.
    @Test func connectionOverPipes() throws {
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        #expect(pipe(&input) == 0)
        #expect(pipe(&output) == 0)
        var bytes = JSONRPC.frame(JSONRPC.request(id: 1, "initialize", .obj([])))
        bytes += Array("Content-Length: 3\r\n\r\n{x}".utf8)
        bytes += JSONRPC.frame(JSONRPC.request(id: 2, "shutdown", .null)) + JSONRPC.frame(JSONRPC.notification("exit", .null))
        _ = SystemIO.writeAll(input[1], bytes)
        close(input[1])
        let code = LSPConnection.serve(debounce: .zero, input: input[0], output: FileDescriptorSink(fd: output[1]))
        close(output[1])
        close(input[0])
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received += chunk[0..<n]
        }
        close(output[0])
        #expect(code == 0)
        var reader = FrameReader()
        reader.append(received)
        var replies: [JSONValue] = []
        while case .body(let body)? = reader.next() { replies.append(try JSONReader.parse(body)) }
        #expect(replies.count == 3)
        #expect(replies.first?["id"] == .int(1))
        #expect(replies.dropFirst().first?["error"]?["code"] == .int(-32700))
        #expect(replies.last?["id"] == .int(2))
    }

    @Test func endOfInputWithoutExit() {
        var input: [Int32] = [0, 0]
        #expect(pipe(&input) == 0)
        _ = SystemIO.writeAll(input[1], JSONRPC.frame(JSONRPC.request(id: 1, "initialize", .obj([]))))
        close(input[1])
        let sink = open("/dev/null", O_WRONLY)
        let code = LSPConnection.serve(debounce: .zero, input: input[0], output: FileDescriptorSink(fd: sink))
        close(sink)
        close(input[0])
        #expect(code == 1)
    }
}
