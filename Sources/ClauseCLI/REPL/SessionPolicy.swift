import ClauseKit

/// The identity of a declaration for replacement: typing a declaration with the key of an
/// earlier one (from the file or typed before) replaces it.
struct DeclarationKey: Hashable {
    var text: String

    /// Codes and defines share one namespace (as in the checker); rules are named by kind and
    /// title (an untitled rule is never replaced); there is one network block and one header.
    static func of(_ decl: Declaration, unique: Int) -> DeclarationKey {
        switch decl {
        case .header: return DeclarationKey(text: "policy")
        case .codes(let c): return DeclarationKey(text: "name " + c.name.text)
        case .define(let d): return DeclarationKey(text: "name " + d.name.text)
        case .treatment(let t): return DeclarationKey(text: "treatment " + t.name.text)
        case .limit(let l): return DeclarationKey(text: "limit " + l.treatment.text)
        case .network: return DeclarationKey(text: "network")
        case .fields: return DeclarationKey(text: "fields")
        case .table(let t): return DeclarationKey(text: "table " + t.name.text)
        case .rule(let r):
            if let title = r.title { return DeclarationKey(text: "\(r.kind.rawValue) \"\(title.value)\"") }
            return DeclarationKey(text: "\(r.kind.rawValue) #\(unique)")
        }
    }

    /// How a notice names the declaration (`Declaration.phrase`, shared with `clause diff`).
    static func describe(_ decl: Declaration) -> String { decl.phrase }
}

/// The text of the session's policy, kept as pieces: the loaded file first, then each chunk of
/// declarations typed at the prompt. A replaced declaration is blanked to spaces (newlines
/// kept), so the lines of everything else, and the lines cited in explanations, do not move.
/// The pieces are joined with newlines into one source that is parsed and checked as a whole.
struct SessionPolicy {
    struct Piece {
        /// The file's path, or nil for a typed chunk.
        var fileName: String?
        var bytes: [UInt8]
        /// Live declarations: key, span into `bytes`, how to name it.
        var declarations: [(key: DeclarationKey, span: SourceSpan, what: String)]
        /// Where replaced declarations stood: the declaration with this key now goes here
        /// when the session is saved (`saveText`), so a typed rule takes its old rule's place.
        var anchors: [(offset: Int, key: DeclarationKey)] = []
    }

    var pieces: [Piece] = []
    /// Numbers untitled rules so their keys never collide.
    var counter = 0

    var typedCount: Int { pieces.filter { $0.fileName == nil }.count }

    init() {}

    /// A session policy starting from a file's text (already parsed, to know its declarations).
    init(fileName: String, source: SourceFile, parsed: PolicyFile) {
        var piece = Piece(fileName: fileName, bytes: source.bytes, declarations: [])
        piece.declarations = keys(of: parsed)
        pieces = [piece]
    }

    mutating func keys(of file: PolicyFile) -> [(key: DeclarationKey, span: SourceSpan, what: String)] {
        var all: [Declaration] = []
        if let h = file.header { all.append(.header(h)) }
        all += file.declarations
        return all.map { decl in
            counter += 1
            return (DeclarationKey.of(decl, unique: counter), decl.span, DeclarationKey.describe(decl))
        }
    }

    /// The combined source, and where each piece starts in it.
    func compose(name: String) -> (source: SourceFile, offsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for (i, piece) in pieces.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: "\n")) }
            offsets.append(bytes.count)
            bytes += piece.bytes
        }
        return (SourceFile(name: name, bytes: bytes), offsets)
    }

    /// What adding a chunk did to one of its declarations.
    struct Change {
        var what: String
        /// Where the declarations it replaced were: "line 12 of Policies/acme-ppo.clause".
        var replaced: [String]
        /// Its span in the chunk.
        var span: SourceSpan
    }

    /// Adds a typed chunk; declarations with the same key as earlier ones replace them.
    mutating func add(chunk: [UInt8], parsed: PolicyFile) -> [Change] {
        let (before, offsets) = compose(name: "")
        let new = keys(of: parsed)
        var replaced: [DeclarationKey: [String]] = [:]
        for i in pieces.indices {
            var kept: [(key: DeclarationKey, span: SourceSpan, what: String)] = []
            for d in pieces[i].declarations {
                guard new.contains(where: { $0.key == d.key }) else {
                    kept.append(d)
                    continue
                }
                let line = before.line(of: SourceSpan(start: d.span.start + offsets[i], end: d.span.end + offsets[i]))
                replaced[d.key, default: []].append(pieces[i].fileName.map { "line \(line) of \($0)" } ?? "line \(line), typed earlier")
                for b in d.span.start..<min(d.span.end, pieces[i].bytes.count) where pieces[i].bytes[b] != UInt8(ascii: "\n") {
                    pieces[i].bytes[b] = UInt8(ascii: " ")
                }
                if !pieces[i].anchors.contains(where: { $0.key == d.key }) {
                    pieces[i].anchors.append((d.span.start, d.key))
                }
            }
            pieces[i].declarations = kept
        }
        pieces.removeAll { $0.fileName == nil && $0.declarations.isEmpty }
        pieces.append(Piece(fileName: nil, bytes: chunk, declarations: new))
        return new.map { Change(what: $0.what, replaced: replaced[$0.key] ?? [], span: $0.span) }
    }

    /// The session's policy as one file to save: each piece in order, a typed declaration
    /// in the place of the one it replaced (where that was), the others where they were typed.
    /// Blanked text is left as spaces for the formatter to remove.
    func saveText() -> [UInt8] {
        var placed: Set<DeclarationKey> = []
        var live: [DeclarationKey: [UInt8]] = [:]
        for piece in pieces where piece.fileName == nil {
            for d in piece.declarations {
                live[d.key] = Array(piece.bytes[d.span.start..<min(d.span.end, piece.bytes.count)])
            }
        }
        var out: [UInt8] = []
        for piece in pieces {
            if !out.isEmpty { out.append(UInt8(ascii: "\n")) }
            var start = 0
            for anchor in piece.anchors.sorted(by: { $0.offset < $1.offset }) {
                guard let text = live[anchor.key], !placed.contains(anchor.key) else { continue }
                out += piece.bytes[start..<anchor.offset] + text
                start = anchor.offset
                placed.insert(anchor.key)
            }
            if piece.fileName != nil {
                out += piece.bytes[start...]
                continue
            }
            out += piece.bytes[start...].enumerated().map { offset, byte in
                // A typed declaration already placed at its anchor is blanked here.
                let at = start + offset
                let moved = piece.declarations.contains { placed.contains($0.key) && $0.span.start <= at && at < $0.span.end }
                return moved && byte != UInt8(ascii: "\n") ? UInt8(ascii: " ") : byte
            }
        }
        return out
    }
}
