import Foundation

extension Files {
    /// The files named, with each directory replaced by the files under it (recursively, hidden
    /// folders skipped) whose names end in `suffix`, sorted; a path that does not exist is returned as is, so reading
    /// it reports the error.
    static func expand(_ paths: [String], suffix: String) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            var found: [String] = []
            if let walker = FileManager.default.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") {
                        walker.skipDescendants()  // .build, .git and other hidden folders
                        continue
                    }
                    if name.hasSuffix(suffix) { found.append(relative) }
                }
            }
            found.sort()
            result += found.map { base + "/" + $0 }
        }
        return result
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `a/b/../c` → `a/c`, `./a` → `a`, keeping leading `..` of a relative path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
