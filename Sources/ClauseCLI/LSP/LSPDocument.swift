import Foundation
import ClauseKit

/// An LSP position: 0-based line and UTF-16 code unit in the line (the protocol's default encoding).
struct LSPPosition: Equatable, Comparable {
    var line: Int
    var character: Int

    static func < (a: LSPPosition, b: LSPPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }

    var json: JSONValue { .obj([("line", .int(line)), ("character", .int(character))]) }

    init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    init?(_ json: JSONValue?) {
        guard case .object(let o)? = json, let line = LSPPosition.int(o["line"]), let character = LSPPosition.int(o["character"]),
              line >= 0, character >= 0 else { return nil }
        self.init(line: line, character: character)
    }

    static func int(_ json: JSONValue?) -> Int? {
        guard case .number(_, let text)? = json else { return nil }
        return Int(text)
    }
}

/// An open document: its text (UTF-8 bytes and line starts, as `SourceFile`) and version,
/// changed in place by the editor's incremental edits.
struct LSPDocument {
    let uri: String
    /// The file system path of a `file://` URI (the URI itself otherwise), used as the file name
    /// in diagnostics and to find a policy's `.tests` file.
    let path: String
    var version: Int
    private(set) var source: SourceFile

    init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.path = LSPDocument.path(of: uri)
        self.version = version
        self.source = SourceFile(name: path, bytes: Array(text.utf8))
    }

    var text: String { String(decoding: source.bytes, as: UTF8.self) }
    var isTestFile: Bool { path.hasSuffix(".tests") }
    /// Only `*.clause` files are read as policies: a client that sends other files (a generic
    /// client registered for plain text, say) gets nothing said about them.
    var isPolicy: Bool { path.hasSuffix(".clause") }

    /// Replaces the text between two positions (the whole text when `range` is nil).
    mutating func apply(range: (LSPPosition, LSPPosition)?, text: String) {
        guard let (from, to) = range else {
            source = SourceFile(name: path, bytes: Array(text.utf8))
            return
        }
        var a = offset(of: from), b = offset(of: to)
        if b < a { swap(&a, &b) }
        var bytes = source.bytes
        bytes.replaceSubrange(a..<b, with: Array(text.utf8))
        source = SourceFile(name: path, bytes: bytes)
    }

    /// The byte offset of a position; a line or character past the end is clamped to it.
    func offset(of position: LSPPosition) -> Int {
        let starts = source.lineStarts
        guard position.line < starts.count else { return source.bytes.count }
        let bytes = source.bytes
        var i = starts[position.line]
        var units = 0
        while i < bytes.count, units < position.character, bytes[i] != 10 {
            let width = LSPDocument.width(bytes[i])
            units += width == 4 ? 2 : 1
            i = min(i + width, bytes.count)
        }
        return i
    }

    /// The position of a byte offset (clamped to the text).
    func position(of offset: Int) -> LSPPosition {
        let offset = max(0, min(offset, source.bytes.count))
        let line = source.lineIndex(of: offset)
        let bytes = source.bytes
        var units = 0
        var i = source.lineStarts[line]
        while i < offset {
            let width = LSPDocument.width(bytes[i])
            units += width == 4 ? 2 : 1
            i += width
        }
        return LSPPosition(line: line, character: units)
    }

    /// The bytes of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    /// A 4-byte sequence is 2 UTF-16 units; the others, 1.
    static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }

    func range(_ span: SourceSpan) -> JSONValue {
        .obj([("start", position(of: span.start).json), ("end", position(of: span.end).json)])
    }

    /// The range of the whole text.
    var wholeRange: JSONValue { range(SourceSpan(start: 0, end: source.bytes.count)) }

    static func path(of uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        return String(uri.dropFirst("file://".count)).removingPercentEncoding ?? String(uri.dropFirst("file://".count))
    }

    static func uri(of path: String) -> String {
        "file://" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
    }
}
