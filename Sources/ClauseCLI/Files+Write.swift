import Foundation

extension Files {
    /// Writes text to a file atomically (a temporary file renamed into place), so a failed
    /// run never leaves half a report behind.
    static func write(_ text: String, to path: String) throws(FileError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileError(path: path, reason: "is a directory, expected a file")
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: parent) {
                throw FileError(path: path, reason: "cannot be written: no such directory `\(parent)`")
            }
            throw FileError(path: path, reason: "cannot be written (permission denied?)")
        }
    }
}
