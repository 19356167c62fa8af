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
}
