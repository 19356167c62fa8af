/// The `fields` declaration: the case schema a policy declares.
extension Parser {
    // fields := "fields" "{" { fieldDecl } "}"
    // fieldDecl := NAME { "." WORD } ":" TYPE
    mutating func parseFields() throws(ParseFailure) -> FieldsDecl {
        let keyword = advance()
        try expect(.leftBrace, "`{` after `fields`")
        var fields: [FieldDecl] = []
        while !check(.rightBrace) {
            guard current.isWord else { throw fail(expected: "a case path such as `patient.age` or `}`") }
            var path = [try expectName("a case path")]
            while match(.dot) != nil {
                path.append(try expectName("a field name after `.`"))
            }
            try expect(.colon, "`:` and a type after `\(path.map(\.text).joined(separator: "."))`")
            let typeName = try expectName("a type (\(FieldType.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")))")
            guard let type = FieldType(rawValue: typeName.text) else {
                let names = FieldType.allCases.map(\.rawValue)
                let best = names.min { editDistance(typeName.text, $0) < editDistance(typeName.text, $1) }
                report(.unexpectedToken, "unknown field type `\(typeName.text)`", typeName.span,
                       label: best.flatMap { editDistance(typeName.text, $0) <= 3 ? "did you mean `\($0)`?" : nil },
                       help: "the types are " + names.map { "`\($0)`" }.joined(separator: ", "))
                throw ParseFailure()
            }
            fields.append(FieldDecl(path: path, type: type, typeName: typeName,
                                    span: path[0].span.union(typeName.span)))
        }
        skip()
        return FieldsDecl(fields: fields, span: span(from: keyword.span))
    }
}
