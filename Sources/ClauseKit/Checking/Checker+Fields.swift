/// Case schemas: the `fields { … }` block and the paths it allows.
///
/// Without a `fields` block any path may be read (its type is checked when a case is evaluated).
/// With one, a path must be a reserved field of the standard case model (LANGUAGE.md §5) or a
/// declared field, or lie under one (`known history` when `history.trials` is declared);
/// declared fields get their declared static type.
extension Checker {
    mutating func declareFields(_ block: FieldsDecl) {
        hasFieldSchema = true
        for field in block.fields {
            let path = field.dottedPath
            if let reserved = ReservedFields.types[path] {
                error(.duplicateName, "`\(path)` is a field of the standard case model (\(reserved.phrase)); it needs no declaration",
                      at: field.span, help: "remove it from `fields`")
                continue
            }
            if let previous = declaredFields[path] {
                error(.duplicateName, "field `\(path)` is declared twice", at: field.span,
                      help: "the first declaration is on line \(line(previous.span))")
                continue
            }
            declaredFields[path] = field
        }
    }

    /// The type of a reserved field (`ReservedFields`) for the path of these names.
    static func reservedType(_ names: [Name]) -> StaticType? {
        ReservedFields.field(names)?.type
    }

    /// The declared fields, in source order, for the case decoder.
    var declaredFieldList: [DeclaredField] {
        declaredFields.values.sorted { $0.span.start < $1.span.start }.map {
            DeclaredField(path: $0.path.map(\.text), type: $0.type, line: line($0.span))
        }
    }

    /// The static type of a dotted case path; with a field schema, reports a path that is
    /// neither reserved nor declared, with a "did you mean".
    @discardableResult
    mutating func checkDeclaredPath(_ names: [Name], span: SourceSpan, needsList: Bool) -> StaticType {
        // The reserved fields are found segment by segment, without joining the path.
        if let reserved = Checker.reservedType(names) { return reserved }
        guard hasFieldSchema else { return .any }
        let path = names.map(\.text).joined(separator: ".")
        if let declared = declaredFields[path] {
            if needsList, declared.type != .list {
                error(.typeMismatch, "`\(path)` is declared `\(declared.type.rawValue)`, but `count` and `distinct` read a list",
                      at: span, help: "declare it `\(path): list` (line \(line(declared.span)))")
            }
            return declared.type.staticType
        }
        let prefix = path + "."
        if declaredFields.keys.contains(where: { $0.hasPrefix(prefix) }) { return .any }
        let candidates = Array(declaredFields.keys) + Array(ReservedFields.types.keys)
        error(.undeclaredField, "case field `\(path)` is not declared in `fields`", at: span,
              label: suggestion(for: path, among: candidates),
              help: needsList ? "declare it in `fields` as `\(path): list`, or fix the path"
                  : "declare it in `fields` as `\(path): TYPE` (number, string, boolean, date or list), or fix the path")
        return .any
    }
}

/// A case field the policy declares: what the case decoder checks.
public struct DeclaredField: Sendable, Hashable {
    public var path: [String]
    public var type: FieldType
    /// The policy line that declares it.
    public var line: Int
    public init(path: [String], type: FieldType, line: Int) {
        self.path = path
        self.type = type
        self.line = line
    }
}

/// Checks a case against the policy's declared fields.
public enum FieldSchema {
    /// Throws for the first declared field whose value in the case has another type.
    /// An absent or `null` field is fine: it is unknown, as any missing fact.
    public static func validate(_ document: JSONObject, _ fields: [DeclaredField]) throws(CaseError) {
        let root = JSONValue.object(document)
        for field in fields {
            guard let json = root.value(at: field.path), json != .null, let value = Value.fromJSON(json) else { continue }
            if matches(value, field.type) { continue }
            let path = field.path.joined(separator: ".")
            throw CaseError(path: path, message: "expected \(phrase(field.type)) (the policy declares `\(path): \(field.type.rawValue)` on line \(field.line)), got \(value.typeName) \(Value.display(of: json))")
        }
    }

    static func matches(_ value: Value, _ type: FieldType) -> Bool {
        switch (value, type) {
        case (.number, .number), (.string, .string), (.bool, .boolean), (.date, .date), (.list, .list): return true
        default: return false
        }
    }

    static func phrase(_ type: FieldType) -> String {
        switch type {
        case .number: return "a number"
        case .string: return "a string"
        case .boolean: return "true or false"
        case .date: return "a date (YYYY-MM-DD)"
        case .list: return "a list"
        }
    }
}
