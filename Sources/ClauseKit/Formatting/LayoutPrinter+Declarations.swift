/// The canonical layout of each declaration.
extension LayoutPrinter {
    typealias P = ExpressionPrinter

    mutating func file(_ file: PolicyFile) {
        var items: [Declaration] = file.declarations
        if let header = file.header { items.append(.header(header)) }
        items.sort { $0.span.start < $1.span.start }
        // `=` of consecutive code sets (no blank line between them) is aligned.
        var codeWidth = Array(repeating: 0, count: items.count)
        var i = 0
        while i < items.count {
            guard case .codes = items[i] else { i += 1; continue }
            var j = i + 1
            while j < items.count, case .codes = items[j],
                  !hasBlankLine(from: items[j - 1].span.end, to: items[j].span.start) { j += 1 }
            // Names longer than `alignedNameLimit` are not aligned, so one long name does not push the rest.
            let width = items[i..<j].map { item -> Int in
                if case .codes(let c) = item, c.name.text.count <= LayoutPrinter.alignedNameLimit { return c.name.text.count }
                return 0
            }.max() ?? 0
            for k in i..<j { codeWidth[k] = width }
            i = j
        }
        for (k, item) in items.enumerated() {
            indent = 0
            switch item {
            case .header(let h): header(h)
            case .codes(let c): codes(c, nameWidth: codeWidth[k])
            case .treatment(let t): treatment(t)
            case .define(let d): define(d)
            case .rule(let r): rule(r)
            case .limit(let l): limit(l)
            case .network(let n): network(n)
            case .fields(let f): fields(f)
            case .table(let t): table(t)
            }
        }
    }

    func hasComment(inside span: SourceSpan) -> Bool {
        comments[nextComment...].contains { $0.start > span.start && $0.start < span.end }
    }

    /// `}` closing a block that started at `span`.
    mutating func close(_ span: SourceSpan, suffix: String = "") {
        emit("}" + suffix, start: span.end - 1, anchor: span.end, keepBlank: false)
    }

    mutating func header(_ h: PolicyHeader) {
        emit("policy \(P.quote(h.title.value)) {", start: h.span.start, anchor: h.title.span.end)
        indent += 1
        var items: [(Int, Int, String)] = []
        if let p = h.payer { items.append((p.span.start, p.span.end, "payer \(P.quote(p.value))")) }
        if let v = h.version { items.append((v.span.start, v.span.end, "version \(P.quote(v.value))")) }
        if let e = h.effective { items.append((e.span.start, e.span.end, "effective \(e.value)")) }
        if let x = h.expires { items.append((x.span.start, x.span.end, "expires \(x.value)")) }
        if let n = h.number { items.append((n.span.start, n.span.end, "number \(P.quote(n.value))")) }
        if let r = h.revised { items.append((r.span.start, r.span.end, "revised \(r.value)")) }
        if let r = h.reviewed { items.append((r.span.start, r.span.end, "reviewed \(r.value)")) }
        if let s = h.source { items.append((s.span.start, s.span.end, "source \(P.quote(s.value))")) }
        var appealsBlock = h.appeals
        for (start, end, text) in items.sorted(by: { $0.0 < $1.0 }) {
            if let a = appealsBlock, a.span.start < start {
                appeals(a)
                appealsBlock = nil
            }
            emit(text, start: start, anchor: end)
        }
        if let a = appealsBlock { appeals(a) }
        flushComments(before: h.span.end - 1)
        indent -= 1
        close(h.span)
    }

    /// `appeals { … }` inside the header, items in source order.
    mutating func appeals(_ a: AppealsDecl) {
        emit("appeals {", start: a.span.start, anchor: a.span.start + 1)
        indent += 1
        var items: [(SourceSpan, String)] = []
        if let d = a.fileWithin { items.append((d.span, "file within \(d.period)")) }
        if let d = a.urgentDecision { items.append((d.span, "urgent decision within \(d.period)")) }
        if let d = a.standardDecision { items.append((d.span, "standard decision within \(d.period)")) }
        if let d = a.externalReview { items.append((d.span, "external review within \(d.period)")) }
        if let s = a.address { items.append((s.span, "address \(P.quote(s.value))")) }
        for (span, text) in items.sorted(by: { $0.0.start < $1.0.start }) { emit(text, start: span.start, anchor: span.end) }
        flushComments(before: a.span.end - 1)
        indent -= 1
        close(a.span)
    }

    mutating func codes(_ c: CodeSetDecl, nameWidth: Int) {
        let name = c.name.text + String(repeating: " ", count: max(0, nameWidth - c.name.text.count))
        let patterns = c.patterns.map(P.codePattern)
        if hasComment(inside: c.span) {
            // Comments among the codes: one pattern per line, so each comment stays beside its code.
            emit("codes \(c.name.text) = icd10 {", start: c.span.start, anchor: c.name.span.end)
            indent += 1
            for (k, p) in c.patterns.enumerated() {
                let text = P.codePattern(p) + (k == c.patterns.count - 1 ? "" : ",")
                emit(text, start: p.span.start, anchor: p.span.end + (k == c.patterns.count - 1 ? 0 : 1))
            }
            flushComments(before: c.span.end - 1)
            indent -= 1
            close(c.span)
            return
        }
        for candidate in [name, c.name.text] {
            let oneLine = "codes \(candidate) = icd10 { \(patterns.joined(separator: ", ")) }"
            if oneLine.count <= LayoutPrinter.maxWidth {
                emit(oneLine, start: c.span.start, anchor: c.span.end)
                return
            }
        }
        let firstEnd = c.patterns.first?.span.start ?? c.span.end
        emit("codes \(c.name.text) = icd10 {", start: c.span.start, anchor: firstEnd)
        indent += 1
        var line = ""
        var lineStart = c.patterns.first?.span.start ?? c.span.start
        var lineEnd = lineStart
        for (k, p) in c.patterns.enumerated() {
            let piece = P.codePattern(p) + (k == c.patterns.count - 1 ? "" : ",")
            if !line.isEmpty, 2 + line.count + 1 + piece.count > LayoutPrinter.maxWidth {
                emit(line, start: lineStart, anchor: lineEnd, keepBlank: false)
                line = ""
                lineStart = p.span.start
            }
            line += (line.isEmpty ? "" : " ") + piece
            lineEnd = p.span.end
        }
        if !line.isEmpty { emit(line, start: lineStart, anchor: lineEnd, keepBlank: false) }
        indent -= 1
        close(c.span)
    }

    mutating func treatment(_ t: TreatmentDecl) {
        emit("treatment \(t.name.text) \(P.quote(t.displayName.value)) {", start: t.span.start, anchor: t.displayName.span.end)
        indent += 1
        var items: [(SourceSpan, String)] = t.billing.map { line in
            (line.span, "billing \(line.system.rawValue) " + line.codes.map(\.text).joined(separator: ", "))
        }
        for clause in t.fda {
            switch clause {
            case .approved(let set, let since, let span):
                items.append((span, "fda approved for \(set.text)" + (since.map { " since \($0.value)" } ?? "")))
            case .investigational(let set, let span):
                items.append((span, "fda investigational" + (set.map { " for \($0.text)" } ?? "")))
            }
        }
        for (span, text) in items.sorted(by: { $0.0.start < $1.0.start }) {
            emit(text, start: span.start, anchor: span.end)
        }
        flushComments(before: t.span.end - 1)
        indent -= 1
        close(t.span)
    }

    mutating func define(_ d: DefineDecl) {
        let head = "define \(d.name.text)" + (d.element.map { " of " + ExpressionPrinter.path($0) } ?? "") + " ="
        let value = d.value
        if case .block(let kind, let entries) = value.expr.kind {
            block(kind, entries, span: value.expr.span, opener: head + " ", start: d.span.start,
                  label: value.label)
            return
        }
        let expr = P.render(value.expr)
        let oneLine = "\(head) \(expr)" + (value.label.map { " " + P.quote($0.value) } ?? "")
        if oneLine.count <= LayoutPrinter.maxWidth {
            emit(oneLine, start: d.span.start, anchor: d.span.end)
            return
        }
        if head.count + 1 + expr.count <= LayoutPrinter.maxWidth {
            emit("\(head) \(expr)", start: d.span.start, anchor: value.expr.span.end)
        } else {
            emit(head, start: d.span.start, anchor: d.name.span.end)
            indent += 1
            emit(expr, start: value.expr.span.start, anchor: value.expr.span.end, keepBlank: false)
            indent -= 1
        }
        if let label = value.label {
            indent += 1
            emit(P.quote(label.value), start: label.span.start, anchor: label.span.end, keepBlank: false)
            indent -= 1
        }
    }

    mutating func rule(_ r: RuleDecl) {
        var head = "\(r.kind.rawValue) " + r.treatments.map(\.text).joined(separator: ", ")
        if let title = r.title { head += " " + P.quote(title.value) }
        head += P.ruleQualifier(review: r.review?.kind, experimental: r.experimental != nil)
        if case .block(let kind, let entries) = r.when.expr.kind {
            block(kind, entries, span: r.when.expr.span, opener: head + " when ", start: r.span.start, label: r.when.label)
            indent = 1
            if let unless = r.unless { clause("unless", unless, column: LayoutPrinter.labelColumn) }
        } else {
            let when = P.render(r.when.expr)
            let oneLine = "\(head) when \(when)"
            if r.unless == nil, r.when.label == nil, oneLine.count <= LayoutPrinter.maxWidth {
                emit(oneLine, start: r.span.start, anchor: r.when.span.end)
            } else {
                let anchor = r.review?.span.end ?? r.experimental?.end ?? r.title?.span.end ?? r.treatments.last?.span.end
                    ?? r.span.start + 1
                emit(head, start: r.span.start, anchor: anchor)
                indent = 1
                let widths = [r.when, r.unless].compactMap { c -> Int? in
                    guard let c, c.label != nil, !isBlock(c.expr) else { return nil }
                    return 2 + 7 + P.render(c.expr).count + 2
                }
                let column = max(LayoutPrinter.labelColumn, widths.max() ?? 0)
                clause("when", r.when, column: column)
                if let unless = r.unless { clause("unless", unless, column: column) }
            }
        }
        indent = 1
        for requirement in r.requirements {
            emit(P.requirement(requirement), start: requirement.span.start, anchor: requirement.span.end, keepBlank: false)
        }
        indent = 0
    }

    func isBlock(_ e: Expr) -> Bool {
        if case .block = e.kind { return true }
        return false
    }

    /// `when …` or `unless …` on its own line (a block opens there and closes below).
    mutating func clause(_ keyword: String, _ c: Criterion, column: Int) {
        if case .block(let kind, let entries) = c.expr.kind {
            block(kind, entries, span: c.expr.span, opener: keyword + " ", start: c.expr.span.start, label: c.label,
                  keepBlank: false)
            return
        }
        guard c.label != nil else {
            emitWrapped("\(keyword) \(P.render(c.expr))", start: c.expr.span.start, anchor: c.span.end, keepBlank: false)
            return
        }
        let text = LayoutPrinter.labelled("\(keyword) \(P.render(c.expr))", c.label, indent: indent, column: column)
        emit(text, start: c.expr.span.start, anchor: c.span.end, keepBlank: false)
    }

    /// A block over several lines: the opener, one criterion per line with aligned labels, `}`.
    mutating func block(_ kind: BlockKind, _ entries: [Criterion], span: SourceSpan, opener: String, start: Int,
                        label: StringLiteral?, keepBlank: Bool = true) {
        emit(opener + P.blockOpener(kind), start: start, anchor: span.start + 1, keepBlank: keepBlank)
        indent += 1
        let widths = entries.compactMap { e -> Int? in
            guard e.label != nil, !isBlock(e.expr) else { return nil }
            let width = indent * 2 + P.render(e.expr).count + 2
            return width <= LayoutPrinter.longEntry ? width : nil
        }
        let column = max(LayoutPrinter.labelColumn, widths.max() ?? 0)
        for entry in entries {
            if case .block(let innerKind, let inner) = entry.expr.kind {
                block(innerKind, inner, span: entry.expr.span, opener: "", start: entry.expr.span.start, label: entry.label)
                continue
            }
            let text = P.render(entry.expr)
            if let label = entry.label, indent * 2 + text.count + 2 > column {
                // A long criterion: its label goes on the next line, at the label column.
                emitWrapped(text, start: entry.expr.span.start, anchor: entry.expr.span.end)
                let saved = indent
                indent = 0
                emit(String(repeating: " ", count: column) + P.quote(label.value), start: label.span.start,
                     anchor: label.span.end, keepBlank: false)
                indent = saved
            } else if entry.label == nil {
                emitWrapped(text, start: entry.expr.span.start, anchor: entry.span.end)
            } else {
                emit(LayoutPrinter.labelled(text, entry.label, indent: indent, column: column),
                     start: entry.expr.span.start, anchor: entry.span.end)
            }
        }
        flushComments(before: span.end - 1)
        indent -= 1
        close(span, suffix: label.map { " " + P.quote($0.value) } ?? "")
    }

    mutating func limit(_ l: LimitDecl) {
        emit("limit \(l.treatment.text) {", start: l.span.start, anchor: l.treatment.span.end)
        indent += 1
        for line in l.lines { emit(P.limitLine(line), start: line.span.start, anchor: line.span.end) }
        flushComments(before: l.span.end - 1)
        indent -= 1
        close(l.span)
    }

    mutating func network(_ n: NetworkDecl) {
        emit("network {", start: n.span.start, anchor: n.span.start + 1)
        indent += 1
        let width = n.tiers.map { $0.name.text.count }.max() ?? 0
        for t in n.tiers {
            var text = "tier " + t.name.text + String(repeating: " ", count: width - t.name.text.count + 1)
                + P.cost(t.cost)
            if t.afterDeductible { text += " after deductible" }
            if t.requiresReferral { text += ", requires referral" }
            emit(text, start: t.span.start, anchor: t.span.end)
        }
        flushComments(before: n.span.end - 1)
        indent -= 1
        close(n.span)
    }

    mutating func table(_ t: TableDecl) {
        emit("table \(t.name.text)" + (t.label.map { " " + ExpressionPrinter.quote($0.value) } ?? "") + " {",
             start: t.span.start, anchor: t.span.start + 1)
        indent += 1
        for e in t.entries {
            emit("\(ExpressionPrinter.tableWord(e.key.value)): \(ExpressionPrinter.tableWord(e.value.value))",
                 start: e.key.span.start, anchor: e.value.span.end)
        }
        flushComments(before: t.span.end - 1)
        indent -= 1
        close(t.span)
    }

    mutating func fields(_ f: FieldsDecl) {
        emit("fields {", start: f.span.start, anchor: f.span.start + 1)
        indent += 1
        for field in f.fields {
            emit("\(field.dottedPath): \(field.type.rawValue)", start: field.span.start, anchor: field.span.end)
        }
        flushComments(before: f.span.end - 1)
        indent -= 1
        close(f.span)
    }
}
