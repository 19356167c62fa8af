import ClauseKit

/// Completion: keywords in context (the REPL's `Completer.keywords`), the policy's names, and
/// case paths (declared `fields`, the reserved case fields, paths the policy already reads).
extension LanguageServer {
    enum ItemKind: Int {
        case field = 5, variable = 6, treatment = 7, value = 12, codeSet = 13, keyword = 14, tier = 21, table = 22
    }

    /// The words that start a declaration, offered at the start of a line.
    static let declarationWords = ["policy", "codes", "table", "treatment", "define", "cover", "deny", "limit", "network", "fields"]
    /// The words of criteria and expressions.
    static let expressionWords = ["and", "or", "not", "in", "known", "documented", "count", "distinct", "sum", "min", "max",
                                  "where", "within", "days since", "any", "at least", "of", "diagnosis in", "fda approved",
                                  "fda off_label", "fda investigational", "unless", "requires prior_authorization",
                                  "requires referral", "requires document", "true", "false", "diagnoses", "documents", "sessions"]

    func completion(_ params: JSONValue?) -> JSONValue {
        guard let (uri, document, offset) = target(params) else { return .array([]) }
        let bytes = document.source.bytes
        var start = offset
        while start > 0, LanguageServer.isWordByte(bytes[start - 1]) { start -= 1 }
        let word = String(decoding: bytes[start..<offset], as: UTF8.self)
        let lineStart = document.source.lineStarts[document.source.lineIndex(of: start)]
        let indent = bytes[lineStart..<start].allSatisfy { $0 == 32 || $0 == 9 }
        var items: [(String, ItemKind, String?)] = []
        if document.isTestFile {
            items = LanguageServer.testFileWords.map { ($0, .keyword, nil) }
        } else if !document.isPolicy {
            items = []
        } else if indent && lineStart == start {
            items = LanguageServer.declarationWords.map { ($0, .keyword, nil) }
        } else if let keywords = Completer.keywords(after: declarationText(document, before: start)) {
            items = keywords.map { ($0, .keyword, nil) }
        } else {
            items = names(uri, word: word, afterIn: LanguageServer.previousWord(bytes, before: start) == "in")
        }
        let range = document.range(SourceSpan(start: start, end: offset))
        var seen = Set<String>()
        let result: [JSONValue] = items.filter { $0.0.hasPrefix(word) && seen.insert($0.0).inserted }.map { label, kind, detail in
            var pairs: [(String, JSONValue)] = [("label", .string(label)), ("kind", .int(kind.rawValue)),
                                                ("textEdit", .obj([("range", range), ("newText", .string(label))]))]
            if let detail { pairs.append(("detail", .string(detail))) }
            return .obj(pairs)
        }
        return .obj([("isIncomplete", .bool(false)), ("items", .array(result))])
    }

    /// The names and paths that may be typed here, the current text's first, then the last
    /// version that checked (its names stay offered while the text is broken).
    func names(_ uri: String, word: String, afterIn: Bool) -> [(String, ItemKind, String?)] {
        let sources = [analysis(uri)?.symbols, lastGood[uri]?.symbols].compactMap { $0 }
        var items: [(String, ItemKind, String?)] = []
        let order: [SymbolIndex.Kind] = afterIn ? [.codeSet, .table, .define, .treatment, .tier] : [.define, .codeSet, .treatment, .tier, .table]
        for kind in order {
            for symbols in sources {
                for d in symbols.definitions where d.kind == kind {
                    items.append((d.name, LanguageServer.itemKind(kind), d.label.map { "\(kind.rawValue): \($0)" } ?? kind.rawValue))
                }
            }
        }
        // Case paths: declared, reserved, and read elsewhere in the policy.
        var paths: [(String, String)] = []
        for symbols in sources {
            for d in symbols.definitions where d.kind == .field { paths.append((d.name, "declared field: \(d.label ?? "")")) }
        }
        paths += SymbolIndex.reservedFields.map { ($0.path, "case field: \($0.phrase)") }
        for symbols in sources { paths += symbols.paths.map { ($0.path, "case field: \($0.phrase)") } }
        for (path, detail) in paths {
            items.append((path, .field, detail))
            // The first segment alone, to go on with `.`.
            if !word.contains("."), let dot = path.firstIndex(of: ".") { items.append((String(path[..<dot]), .field, "case")) }
        }
        if !word.contains("."), !afterIn { items += LanguageServer.expressionWords.map { ($0, .keyword, nil) } }
        return items
    }

    static func itemKind(_ kind: SymbolIndex.Kind) -> ItemKind {
        switch kind {
        case .define: return .variable
        case .codeSet: return .codeSet
        case .treatment: return .treatment
        case .tier: return .tier
        case .table: return .table
        case .field: return .field
        }
    }

    /// The text of the declaration the cursor is in, up to `offset`: from the last line before
    /// it that starts at the left margin (declarations do, in the `clause fmt` layout).
    func declarationText(_ document: LSPDocument, before offset: Int) -> String {
        let source = document.source
        var line = source.lineIndex(of: offset)
        while line > 0 {
            let first = source.lineStarts[line]
            if first < source.bytes.count, first < offset, LanguageServer.isWordByte(source.bytes[first]) { break }
            line -= 1
        }
        return String(decoding: source.bytes[source.lineStarts[line]..<offset], as: UTF8.self)
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2E
    }

    static func previousWord(_ bytes: [UInt8], before offset: Int) -> String {
        var end = offset
        while end > 0, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
        var start = end
        while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The words of a `.tests` file.
    static let testFileWords = ["policy", "test", "case", "decision", "denial", "sessions", "plan_pays", "patient_pays", "tier",
                                "missing", "unmet", "deciding", "error", "covered", "denied", "pending"]
}
