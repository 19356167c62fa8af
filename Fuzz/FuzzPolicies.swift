// Shared by the case and evaluation fuzz targets: the example policies, read once at
// start-up from the directory in CLAUSE_FUZZ_POLICIES (Scripts/fuzz.sh sets it).
import Foundation

enum FuzzPolicies {
    static func load() -> [CheckedPolicy] {
        let dir = ProcessInfo.processInfo.environment["CLAUSE_FUZZ_POLICIES"] ?? "Policies"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".clause") }.sorted()
        var result: [CheckedPolicy] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
            let source = SourceFile(name: name, bytes: [UInt8](data))
            guard let policy = Checker.check(source: source).policy else {
                FileHandle.standardError.write(Data("fuzz: \(name) does not check\n".utf8))
                exit(2)
            }
            result.append(policy)
        }
        if result.isEmpty {
            FileHandle.standardError.write(Data("fuzz: no policies in \(dir)\n".utf8))
            exit(2)
        }
        return result
    }
}
