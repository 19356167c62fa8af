import ClauseKit

/// Hover, go to definition and find references: read from the names the checker recorded.
extension LanguageServer {
    func hover(_ params: JSONValue?) -> JSONValue {
        guard let (uri, document, offset) = target(params), let analysis = analysis(uri) else { return .null }
        guard let (text, span) = hoverText(analysis, lastGood: lastGood[uri], at: offset) else { return .null }
        return .obj([("contents", .obj([("kind", .string("markdown")), ("value", .string(text))])), ("range", document.range(span))])
    }

    /// The hover text at `offset` and the span it is about.
    func hoverText(_ analysis: DocumentAnalysis, lastGood: DocumentAnalysis?, at offset: Int) -> (String, SourceSpan)? {
        let symbols = analysis.symbols
        if let (kind, name) = symbols.symbol(at: offset) {
            let span = (symbols.definitions.first { $0.kind == kind && $0.name == name && $0.nameSpan.start <= offset && offset <= $0.nameSpan.end }?.nameSpan)
                ?? symbols.references.first { $0.span.start <= offset && offset <= $0.span.end }?.span ?? SourceSpan(start: offset, end: offset)
            // The declaration as written now or, while the text is broken, as it last checked.
            if let d = symbols.definition(kind, name) {
                return (describe(d, in: analysis), span)
            }
            if let good = lastGood, let d = good.symbols.definition(kind, name) {
                return (describe(d, in: good), span)
            }
        }
        // A name the checker did not resolve here (the text around it is broken): its
        // declaration by name, in the current text or the last that checked.
        if let (word, span) = LanguageServer.word(in: analysis.source.bytes, at: offset),
           symbols.paths.first(where: { $0.span.start <= offset && offset <= $0.span.end }) == nil {
            if let d = symbols.definitions.first(where: { $0.name == word && $0.kind != .field }) { return (describe(d, in: analysis), span) }
            if let good = lastGood, let d = good.symbols.definitions.first(where: { $0.name == word && $0.kind != .field }) {
                return (describe(d, in: good), span)
            }
        }
        if let use = symbols.paths.first(where: { $0.span.start <= offset && offset <= $0.span.end }) {
            return (describe(use, symbols: symbols), use.span)
        }
        guard let file = analysis.result.file else { return nil }
        for decl in file.declarations where decl.span.start <= offset && offset <= decl.span.end {
            switch decl {
            case .rule(let r) where offset < r.when.span.start:
                return (describe(r, in: analysis.source), SourceSpan(start: r.span.start, end: r.when.span.start))
            case .treatment(let t):
                for line in t.billing {
                    for code in line.codes where code.span.start <= offset && offset <= code.span.end {
                        return ("billing code `\(code.text)` (\(line.system.rawValue.uppercased())): treatment `\(t.name.text)`, “\(t.displayName.value)”", code.span)
                    }
                }
            default: break
            }
        }
        return nil
    }

    func describe(_ d: SymbolIndex.Definition, in analysis: DocumentAnalysis) -> String {
        var head: String
        switch d.kind {
        case .define: head = "**define** `\(d.name)`" + (d.label.map { ": “\($0)”" } ?? "")
        case .codeSet: head = "**code set** `\(d.name)` (ICD-10)"
        case .treatment:
            head = "**treatment** `\(d.name)`" + (d.label.map { ": “\($0)”" } ?? "")
            if let policy = analysis.policy, let i = policy.treatments.firstIndex(where: { $0.name == d.name }) {
                let t = policy.treatments[i]
                if !t.billingCodes.isEmpty { head += "\n\nbilled as " + t.billingCodes.map { "`\($0)`" }.joined(separator: ", ") }
                head += "\n\n" + Plural.count(policy.coverRules[i].count, "cover rule") + ", " + Plural.count(policy.denyRules[i].count, "deny rule")
            }
            return head
        case .tier: head = "**tier** `\(d.name)`"
        case .table: head = "**table** `\(d.name)`" + (d.label.map { ": “\($0)”" } ?? "")
        case .field: head = "**case field** `\(d.name)`, declared `\(d.label ?? "")` in `fields`"
        }
        return head + "\n\n```clause\n" + LanguageServer.excerpt(analysis.source, d.span) + "\n```"
    }

    func describe(_ use: SymbolIndex.PathUse, symbols: SymbolIndex) -> String {
        var text = "**case field** `\(use.path)`: \(use.phrase)"
        if use.reserved {
            text += " (a field of the standard case model)"
        } else if symbols.definition(.field, use.path) != nil {
            text += " (declared in `fields`)"
        } else if use.type == .any {
            text += "; its type is checked when a case is evaluated"
        }
        return text
    }

    func describe(_ r: RuleDecl, in source: SourceFile) -> String {
        var text = "**\(r.kind.rawValue) rule**"
        if let title = r.title { text += " “\(title.value)”" }
        text += " for " + r.treatments.map { "`\($0.text)`" }.joined(separator: ", ")
        text += ", line \(source.line(of: r.span))"
        return text
    }

    /// The identifier (letters, digits, `_`) around `offset`, and its span.
    static func word(in bytes: [UInt8], at offset: Int) -> (String, SourceSpan)? {
        func isName(_ b: UInt8) -> Bool { b != 0x2E && isWordByte(b) }
        var start = min(offset, bytes.count), end = start
        while start > 0, isName(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, isName(bytes[end]) { end += 1 }
        guard start < end, start == 0 || bytes[start - 1] != 0x2E, end == bytes.count || bytes[end] != 0x2E else { return nil }
        return (String(decoding: bytes[start..<end], as: UTF8.self), SourceSpan(start: start, end: end))
    }

    /// A declaration's source text, at most 12 lines.
    static func excerpt(_ source: SourceFile, _ span: SourceSpan) -> String {
        let lines = source.text(span).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count <= 12 ? lines.joined(separator: "\n") : (lines.prefix(11) + ["  …"]).joined(separator: "\n")
    }

    func definition(_ params: JSONValue?) -> JSONValue {
        if let (_, document, offset) = target(params), document.isTestFile { return testFileDefinition(document, at: offset) }
        guard let (uri, document, offset) = target(params), let symbols = analysis(uri)?.symbols,
              let (kind, name) = symbols.symbol(at: offset), let d = symbols.definition(kind, name) else { return .null }
        return location(uri, document, d.nameSpan)
    }

    func references(_ params: JSONValue?) -> JSONValue {
        guard let (uri, document, offset) = target(params), let symbols = analysis(uri)?.symbols,
              let (kind, name) = symbols.symbol(at: offset) else { return .array([]) }
        var spans = symbols.references(to: kind, name).map(\.span)
        if params?["context"]?["includeDeclaration"] != .bool(false) {
            spans += symbols.definitions.filter { $0.kind == kind && $0.name == name }.map(\.nameSpan)
        }
        return .array(spans.sorted { $0.start < $1.start }.map { location(uri, document, $0) })
    }

    /// In a `.tests` file: from `policy "…"` and `case "…"` to the file, from `tier NAME` to the
    /// policy's tier, from `deciding "TITLE"` to the rule with that title.
    func testFileDefinition(_ document: LSPDocument, at offset: Int) -> JSONValue {
        let source = document.source
        let lineStart = source.lineStarts[source.lineIndex(of: offset)]
        var lineEnd = lineStart
        while lineEnd < source.bytes.count, source.bytes[lineEnd] != 10 { lineEnd += 1 }
        let line = Array(source.bytes[lineStart..<lineEnd])
        let keyword = String(decoding: line.drop { $0 == 32 || $0 == 9 }.prefix { LanguageServer.isWordByte($0) }, as: UTF8.self)
        // The string literal (quotes excluded) or the word under the cursor.
        let at = offset - lineStart
        var quoted: String?
        var i = 0, open: Int?
        while i < line.count {
            if line[i] == 34 {
                if let o = open {
                    if o < at && at <= i { quoted = String(decoding: line[(o + 1)..<i], as: UTF8.self) }
                    open = nil
                } else {
                    open = i
                }
            } else if line[i] == 92 {
                i += 1
            }
            i += 1
        }
        let word = LanguageServer.word(in: source.bytes, at: offset)?.0
        let file: () -> (path: String, test: PolicyTestFile)? = {
            guard let parsed = try? TestFileParser.parse(source) else { return nil }
            return (CLI.policyPath(of: parsed, at: document.path), parsed)
        }
        func fileLocation(_ path: String) -> JSONValue {
            let at = LSPPosition(line: 0, character: 0).json
            return .obj([("uri", .string(LSPDocument.uri(of: path))), ("range", .obj([("start", at), ("end", at)]))])
        }
        func inPolicy(_ find: (DocumentAnalysis) -> SourceSpan?) -> JSONValue {
            guard let policyPath = file()?.path, let bytes = text(ofPath: policyPath) else { return .null }
            let policy = LSPDocument(uri: LSPDocument.uri(of: policyPath), version: 0, text: String(decoding: bytes, as: UTF8.self))
            guard let span = find(DocumentAnalysis(policy)) else { return .null }
            return location(policy.uri, policy, span)
        }
        switch keyword {
        case "policy":
            return quoted == nil ? .null : file().map { fileLocation($0.path) } ?? .null
        case "case":
            guard let quoted, !quoted.hasPrefix("{") else { return .null }
            return fileLocation(Files.normalize(CLI.resolve(quoted, besideTestFile: document.path)))
        case "tier":
            guard let word, word != "tier" else { return .null }
            return inPolicy { $0.symbols.definition(.tier, word)?.nameSpan }
        case "deciding":
            guard let quoted else { return .null }
            return inPolicy { analysis in
                guard let file = analysis.result.file else { return nil }
                for case .rule(let r) in file.declarations where r.title?.value == quoted { return r.title?.span }
                return nil
            }
        default:
            return .null
        }
    }
}
