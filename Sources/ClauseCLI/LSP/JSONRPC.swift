import Foundation
import ClauseKit

/// JSON-RPC 2.0 as the Language Server Protocol frames it: `Content-Length: N\r\n\r\n` and N
/// bytes of JSON, read and written with the project's own JSON reader and writer.
enum JSONRPC {
    /// The error codes of JSON-RPC and of the Language Server Protocol.
    enum ErrorCode: Int {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestCancelled = -32800
    }

    /// A message from the client, as far as it could be read.
    enum Incoming {
        case request(id: JSONValue, method: String, params: JSONValue?)
        case notification(method: String, params: JSONValue?)
        /// A response to a request of the server's: nothing is waiting for one.
        case response(id: JSONValue)
        /// A frame that is not a message; answered with this error (id null when unknown).
        case invalid(id: JSONValue, code: ErrorCode, message: String)
    }

    /// Reads one decoded frame body into a message.
    static func decode(_ body: [UInt8]) -> Incoming {
        let json: JSONValue
        do { json = try JSONReader.parse(body) } catch {
            return .invalid(id: .null, code: .parseError, message: "the message is not JSON: \(error.message)")
        }
        guard case .object(let object) = json else {
            return .invalid(id: .null, code: .invalidRequest, message: "a message is a JSON object")
        }
        let id = object["id"]
        if let id, !JSONRPC.isValidID(id) {
            return .invalid(id: .null, code: .invalidRequest, message: "a message's `id` is a number or a string")
        }
        guard object["jsonrpc"] == .string("2.0") else {
            return .invalid(id: id ?? .null, code: .invalidRequest, message: "a message needs `\"jsonrpc\": \"2.0\"`")
        }
        guard let methodValue = object["method"] else {
            if let id, object["result"] != nil || object["error"] != nil { return .response(id: id) }
            return .invalid(id: id ?? .null, code: .invalidRequest, message: "a message needs a `method`")
        }
        guard case .string(let method) = methodValue else {
            return .invalid(id: id ?? .null, code: .invalidRequest, message: "a message's `method` is a string")
        }
        let params = object["params"]
        if let id { return .request(id: id, method: method, params: params) }
        return .notification(method: method, params: params)
    }

    static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .number, .string: return true
        default: return false
        }
    }

    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        .obj([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])
    }

    static func error(id: JSONValue, code: ErrorCode, message: String) -> JSONValue {
        .obj([("jsonrpc", .string("2.0")), ("id", id),
              ("error", .obj([("code", .int(code.rawValue)), ("message", .string(message))]))])
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .obj([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)])
    }

    static func request(id: Int, _ method: String, _ params: JSONValue) -> JSONValue {
        .obj([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)])
    }

    /// One message framed for the wire.
    static func frame(_ message: JSONValue) -> [UInt8] {
        let body = Array(JSONWriter.write(message, pretty: false).utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

/// Splits a byte stream into frames. A header block that is not `Content-Length` framing is
/// reported and skipped; bytes that never make a header are dropped past a bound.
struct FrameReader {
    /// A frame body may be at most this large (64 MB).
    static let maximumBody = 64 << 20
    /// A header block may be at most this large.
    static let maximumHeader = 8 << 10

    enum Frame: Equatable {
        case body([UInt8])
        /// A header that could not be read, skipped with its block.
        case malformed(String)
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// The body length of the frame whose header has been read, while its body arrives.
    private var pending: Int?

    mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil until more bytes arrive.
    mutating func next() -> Frame? {
        if let length = pending {
            guard buffer.count - start >= length else { return nil }
            let body = Array(buffer[start..<(start + length)])
            start += length
            pending = nil
            return .body(body)
        }
        guard let end = headerEnd() else {
            if buffer.count - start > FrameReader.maximumHeader {
                start = buffer.count
                return .malformed("no `Content-Length` header in the first \(FrameReader.maximumHeader) bytes")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        start = end + 4
        var length: Int?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                return .malformed("header line `\(line.prefix(80))` has no `:`")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let n = Int(value), n >= 0 else { return .malformed("`Content-Length: \(value.prefix(40))` is not a length") }
                guard n <= FrameReader.maximumBody else { return .malformed("a message of \(n) bytes is too large") }
                length = n
            }
        }
        guard let length else { return .malformed("the header has no `Content-Length`") }
        pending = length
        return next()
    }

    /// Where the header block ends (its `\r\n\r\n`), if it has arrived.
    private func headerEnd() -> Int? {
        var i = start
        while i + 3 < buffer.count {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }
}
