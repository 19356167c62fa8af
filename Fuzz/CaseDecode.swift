// Fuzz target `case`: JSON reading and writing, and case decoding against the vocabulary
// of every example policy.
enum CaseDecodeTarget {
    static func run(_ bytes: [UInt8], policies: [CheckedPolicy]) {
        if let json = try? JSONReader.parse(bytes) {
            _ = JSONWriter.write(json)
            _ = JSONWriter.write(json, pretty: false)
        }
        for policy in policies {
            do {
                _ = try CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary)
            } catch {
                _ = error.message
            }
        }
    }
}
