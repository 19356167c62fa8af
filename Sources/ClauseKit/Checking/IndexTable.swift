/// A table from small non-negative indices (a define's index) to values: an array of optionals
/// with a dictionary's subscript, so lookups cost no hashing. Negative indices hold nothing.
struct IndexTable<Value> {
    private var values: [Value?] = []

    init() {}

    subscript(index: Int) -> Value? {
        get { index >= 0 && index < values.count ? values[index] : nil }
        set {
            guard index >= 0 else { return }
            if index >= values.count {
                guard newValue != nil else { return }
                values.append(contentsOf: repeatElement(nil, count: index + 1 - values.count))
            }
            values[index] = newValue
        }
    }

    mutating func reserveCapacity(_ count: Int) {
        values.reserveCapacity(count)
    }
}

extension IndexTable: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (Int, Value)...) {
        for (index, value) in elements { self[index] = value }
    }
}
