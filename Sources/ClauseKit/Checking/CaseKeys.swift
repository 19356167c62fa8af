/// The JSON keys a policy's cases use: the reserved fields' and every name the policy reads
/// (path segments and list element fields, which the checker shares in its `PathTable`, and
/// declared fields), for the case reader to intern (`JSONKeyTable`). Learnt from the policy,
/// so no example's field names are built in.
extension Checker {
    var caseKeys: [String] {
        var keys = ReservedFields.jsonKeys
        var seen = Set(keys)
        for name in paths.segments + declaredFieldList.flatMap(\.path) where seen.insert(name).inserted {
            keys.append(name)
        }
        return keys
    }
}
