/// The type a `fields` block declares for a case field.
public enum FieldType: String, Sendable, Hashable, CaseIterable {
    case number, string, boolean, date, list

    /// The checker's static type for a path of this field type.
    public var staticType: StaticType {
        switch self {
        case .number: return .number
        case .string: return .string
        case .boolean: return .bool
        case .date: return .date
        case .list: return .list
        }
    }
}

// fieldDecl := path ":" TYPE
public struct FieldDecl: Sendable {
    public var path: [Name]
    public var type: FieldType
    /// The type as written, with its span.
    public var typeName: Name
    public var span: SourceSpan
    public init(path: [Name], type: FieldType, typeName: Name, span: SourceSpan) {
        self.path = path
        self.type = type
        self.typeName = typeName
        self.span = span
    }

    public var dottedPath: String { path.map(\.text).joined(separator: ".") }
}

// fields := "fields" "{" fieldDecl* "}"
public struct FieldsDecl: Sendable {
    public var fields: [FieldDecl]
    public var span: SourceSpan
    public init(fields: [FieldDecl], span: SourceSpan) {
        self.fields = fields
        self.span = span
    }
}
