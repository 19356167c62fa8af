import ClauseKit

/// Formatting (the `clause fmt` layout) and document symbols.
extension LanguageServer {
    /// One edit replacing the whole text with its `clause fmt` layout; none when the text is
    /// already formatted or does not parse (the editor shows the parse errors as diagnostics).
    func formatting(_ params: JSONValue?) -> JSONValue {
        guard let uri = params?["textDocument"]?["uri"]?.string, let document = documents[uri], document.isPolicy,
              case .success(let text) = Formatter.format(document.source), Array(text.utf8) != document.source.bytes else {
            return .array([])
        }
        return .array([.obj([("range", document.wholeRange), ("newText", .string(text))])])
    }

    enum SymbolKind: Int {
        case module = 2, namespace = 3, treatment = 5, codeSet = 10, function = 12, variable = 13, field = 8
        case object = 19, tier = 22, table = 23
    }

    /// The declarations as an outline: the header, code sets, tables, treatments, defines,
    /// rules, limits, the network with its tiers, and `fields`.
    func documentSymbols(_ params: JSONValue?) -> JSONValue {
        guard let uri = params?["textDocument"]?["uri"]?.string, let document = documents[uri] else { return .array([]) }
        if document.isTestFile { return testSymbols(document) }
        guard let file = analysis(uri)?.result.file else { return .array([]) }
        func symbol(_ name: String, _ detail: String?, _ kind: SymbolKind, _ span: SourceSpan, _ selection: SourceSpan,
                    children: [JSONValue] = []) -> JSONValue {
            var pairs: [(String, JSONValue)] = [("name", .string(name.isEmpty ? "?" : name)), ("kind", .int(kind.rawValue)),
                                                ("range", document.range(span)), ("selectionRange", document.range(selection))]
            if let detail { pairs.append(("detail", .string(detail))) }
            if !children.isEmpty { pairs.append(("children", .array(children))) }
            return .obj(pairs)
        }
        var symbols: [JSONValue] = []
        if let h = file.header { symbols.append(symbol("policy “\(h.title.value)”", h.payer?.value, .module, h.span, h.title.span)) }
        for decl in file.declarations {
            switch decl {
            case .header: break
            case .codes(let c): symbols.append(symbol(c.name.text, "code set", .codeSet, c.span, c.name.span))
            case .table(let t): symbols.append(symbol(t.name.text, t.label?.value ?? "table", .table, t.span, t.name.span))
            case .treatment(let t): symbols.append(symbol(t.name.text, t.displayName.value, .treatment, t.span, t.name.span))
            case .define(let d): symbols.append(symbol(d.name.text, d.value.label?.value ?? "define", .variable, d.span, d.name.span))
            case .rule(let r):
                let name = "\(r.kind.rawValue) " + r.treatments.map(\.text).joined(separator: ", ")
                let selection = r.title?.span ?? r.treatments.first?.span ?? r.span
                symbols.append(symbol(name, r.title?.value, .function, r.span, selection))
            case .limit(let l): symbols.append(symbol("limit \(l.treatment.text)", Plural.count(l.lines.count, "line"), .object, l.span, l.treatment.span))
            case .network(let n):
                let tiers = n.tiers.map { symbol($0.name.text, "tier", .tier, $0.span, $0.name.span) }
                symbols.append(symbol("network", Plural.count(n.tiers.count, "tier"), .namespace, n.span,
                                      SourceSpan(start: n.span.start, end: min(n.span.end, n.span.start + 7)), children: tiers))
            case .fields(let f):
                let fields = f.fields.map { symbol($0.dottedPath, $0.type.rawValue, .field, $0.span, $0.span) }
                symbols.append(symbol("fields", Plural.count(f.fields.count, "field"), .namespace, f.span,
                                      SourceSpan(start: f.span.start, end: min(f.span.end, f.span.start + 6)), children: fields))
            }
        }
        return .array(symbols)
    }

    /// The tests of a `.tests` file, each from its `test` line to the line before the next.
    func testSymbols(_ document: LSPDocument) -> JSONValue {
        guard let file = try? TestFileParser.parse(document.source) else { return .array([]) }
        let lines = document.source.lineStarts
        return .array(file.tests.enumerated().map { i, test in
            let first = max(0, test.line - 1)
            let next = i + 1 < file.tests.count ? max(first, file.tests[i + 1].line - 2) : lines.count - 1
            let start = LSPPosition(line: first, character: 0).json
            let end = LSPPosition(line: max(first, next), character: 0).json
            return .obj([("name", .string(test.name)), ("kind", .int(SymbolKind.function.rawValue)),
                         ("range", .obj([("start", start), ("end", end)])), ("selectionRange", .obj([("start", start), ("end", start)]))])
        })
    }
}
