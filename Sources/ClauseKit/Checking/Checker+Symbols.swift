/// The names of a policy, where each is declared and where each is used: what an editor
/// needs for hover, go to definition and find references. The checker fills it only when
/// asked (`Checker.check(source:recordingSymbols: true)`), so checking and evaluation pay nothing.
public struct SymbolIndex: Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case define, codeSet = "code set", treatment, tier, table, field
    }

    /// A declaration: its name's span and the whole declaration's span.
    public struct Definition: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        public var nameSpan: SourceSpan
        public var span: SourceSpan
        /// The define's label, the treatment's display name, the table's label.
        public var label: String?
    }

    /// A name used where the checker resolved it to a declaration.
    public struct Reference: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        public var span: SourceSpan
    }

    /// A case path read by the policy, with the type the checker gave it.
    public struct PathUse: Sendable, Hashable {
        public var path: String
        public var span: SourceSpan
        public var type: StaticType
        /// `type` in words: "a number", "a date", "a case value".
        public var phrase: String
        /// Whether the path is a reserved field of the standard case model (LANGUAGE.md §5).
        public var reserved: Bool
    }

    public var definitions: [Definition] = []
    public var references: [Reference] = []
    public var paths: [PathUse] = []

    public init() {}

    /// The reserved case fields with their types in words, for completion.
    public static var reservedFields: [(path: String, phrase: String)] {
        ReservedFields.all.map { ($0.path, $0.type.phrase) }
    }

    /// The phrase of a static type ("a number"), as diagnostics word it.
    public static func phrase(_ type: StaticType) -> String { type.phrase }

    /// The definition or reference whose span holds `offset` (a name's end counts, so a
    /// cursor just after a name finds it).
    public func symbol(at offset: Int) -> (kind: Kind, name: String)? {
        if let d = definitions.first(where: { $0.nameSpan.start <= offset && offset <= $0.nameSpan.end }) { return (d.kind, d.name) }
        if let r = references.first(where: { $0.span.start <= offset && offset <= $0.span.end }) { return (r.kind, r.name) }
        return nil
    }

    public func definition(_ kind: Kind, _ name: String) -> Definition? {
        definitions.first { $0.kind == kind && $0.name == name }
    }

    public func references(to kind: Kind, _ name: String) -> [Reference] {
        references.filter { $0.kind == kind && $0.name == name }
    }

    mutating func declare(_ kind: Kind, _ name: Name, span: SourceSpan, label: String? = nil) {
        definitions.append(Definition(kind: kind, name: name.text, nameSpan: name.span, span: span, label: label))
    }

    /// An index holding the declarations of a parsed file (the duplicates too: each is where a
    /// name is written); the checker adds the uses as it resolves them.
    init(declaring file: PolicyFile) {
        for decl in file.declarations {
            switch decl {
            case .codes(let c): declare(.codeSet, c.name, span: c.span)
            case .define(let d): declare(.define, d.name, span: d.span, label: d.value.label?.value)
            case .treatment(let t): declare(.treatment, t.name, span: t.span, label: t.displayName.value)
            case .table(let t): declare(.table, t.name, span: t.span, label: t.label?.value)
            case .network(let n): for t in n.tiers { declare(.tier, t.name, span: t.span) }
            case .fields(let f):
                for field in f.fields {
                    guard let first = field.path.first, let last = field.path.last else { continue }
                    definitions.append(Definition(kind: .field, name: field.dottedPath, nameSpan: first.span.union(last.span),
                                                  span: field.span, label: field.type.rawValue))
                }
            case .header, .rule, .limit: break
            }
        }
    }
}

extension Checker {
    /// Records a resolved use of a name (nothing unless recording).
    mutating func used(_ kind: SymbolIndex.Kind, _ name: Name) {
        symbols?.references.append(SymbolIndex.Reference(kind: kind, name: name.text, span: name.span))
    }

    /// Records a case path and its type (nothing unless recording).
    mutating func usedPath(_ names: [Name], _ type: StaticType) {
        guard symbols != nil, let first = names.first, let last = names.last else { return }
        let path = names.map(\.text).joined(separator: ".")
        symbols?.paths.append(SymbolIndex.PathUse(path: path, span: first.span.union(last.span), type: type, phrase: type.phrase,
                                                  reserved: ReservedFields.types[path] != nil))
    }
}
