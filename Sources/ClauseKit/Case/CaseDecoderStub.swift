public enum CaseDecoder { public static func decode(bytes: [UInt8], vocabulary: CaseVocabulary) throws(CaseError) -> PatientCase { throw CaseError(path: "", message: "stub") } }
