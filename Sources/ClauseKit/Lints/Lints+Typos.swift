/// The typo lint (`likelyMisspelledPath`): without a `fields { … }` block any case path may be
/// read, so `patient.agee` checks, and every case then "needs information: patient.agee".
/// The lint warns on a case path one or two edits (`isLikelyMisspelling`, segment by segment)
/// from a reserved field of the standard case model or from another path the policy reads
/// more often (or as often and earlier). With a `fields` block the checker already rejects
/// undeclared paths, so the lint stays quiet.
extension Linter {
    /// A case path read outside `where` filters, with the span of its first occurrence.
    struct ReadPath {
        var segments: [String]
        var span: SourceSpan
        var uses: Int
    }

    /// The multi-segment case paths the policy reads outside `where` filters (element fields
    /// are about one element), in source order, each once with its number of uses.
    func readPaths() -> [ReadPath] {
        var found: [ReadPath] = []
        var index: [[String]: Int] = [:]
        func note(_ names: [Name]) {
            guard names.count > 1, let first = names.first, let last = names.last else { return }
            let segments = names.map(\.text)
            if let i = index[segments] {
                found[i].uses += 1
            } else {
                index[segments] = found.count
                found.append(ReadPath(segments: segments, span: first.span.union(last.span), uses: 1))
            }
        }
        func visit(_ e: Expr) {
            e.forEachNode(intoFilters: false) { node in
                switch node.kind {
                case .path(let names), .known(let names): note(names)
                case .count(let list, _), .distinct(let list, _, _, _), .aggregate(_, let list, _, _): note(list)
                default: break
                }
            }
        }
        for decl in file.declarations {
            switch decl {
            case .define(let d) where d.element == nil: visit(d.value.expr)
            case .rule(let r):
                visit(r.when.expr)
                if let u = r.unless { visit(u.expr) }
            default: break
            }
        }
        return found
    }

    /// The total edits between two paths of as many segments, when each differing segment is a
    /// likely misspelling of the other's; nil otherwise.
    static func typoDistance(_ a: [String], _ b: [String]) -> Int? {
        guard a.count == b.count, a != b else { return nil }
        var total = 0
        for (x, y) in zip(a, b) where x != y {
            guard isLikelyMisspelling(x, of: y) else { return nil }
            total += editDistance(x, y)
        }
        return total <= 2 ? total : nil
    }

    mutating func lintMisspelledPaths() {
        guard !file.declarations.contains(where: { if case .fields = $0 { return true } else { return false } }) else { return }
        let read = readPaths()
        for (i, path) in read.enumerated() where ReservedFields.byPath[path.segments.joined(separator: ".")] == nil {
            // A reserved field first, then the path read most (earliest on a tie) that this one is close to.
            var best: (text: String, distance: Int, reserved: Bool, tie: Bool)?
            for field in ReservedFields.all {
                if let d = Linter.typoDistance(path.segments, field.names), best.map({ d < $0.distance }) ?? true {
                    best = (field.path, d, true, false)
                }
            }
            if best == nil {
                for (j, other) in read.enumerated() where j != i && ReservedFields.byPath[other.segments.joined(separator: ".")] == nil {
                    guard other.uses > path.uses || (other.uses == path.uses && j < i),
                          let d = Linter.typoDistance(path.segments, other.segments),
                          best.map({ d < $0.distance }) ?? true else { continue }
                    best = (other.segments.joined(separator: "."), d, false, other.uses == path.uses)
                }
            }
            guard let best else { continue }
            let text = path.segments.joined(separator: ".")
            // Read as often as each other, neither is known to be the right spelling: say so.
            let what = best.reserved ? "a field of the standard case model"
                : best.tie ? "a path the policy reads as often; one of the two is likely misspelt"
                : "a path the policy reads more often"
            warn(.likelyMisspelledPath,
                 "case path `\(text)` is \(Plural.count(best.distance, "edit")) from `\(best.text)`, \(what)",
                 at: path.span, label: best.tie ? "`\(text)` or `\(best.text)`?" : "did you mean `\(best.text)`?",
                 help: best.reserved
                     ? "fix the path; cases give `\(best.text)`, and `\(text)` stays unknown unless a case spells it so"
                     : "fix the path; a case that gives `\(best.text)` leaves `\(text)` unknown. If both are meant, "
                         + "declare the case's fields in a `fields { … }` block")
        }
    }
}
