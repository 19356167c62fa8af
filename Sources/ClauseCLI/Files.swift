import Foundation
import ClauseKit

/// A file that could not be read, with the reason in plain words.
struct FileError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): \(reason)" }
}

enum Files {
    /// Reads a whole file; a directory, a missing or unreadable file is a clear error.
    static func read(_ path: String, limit: Int = 256 << 20) throws(FileError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileError(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw FileError(path: path, reason: "is a directory, expected a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileError(path: path, reason: "cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: limit + 1) ?? Data()
            if data.count > limit {
                throw FileError(path: path, reason: "is larger than \(limit >> 20) MB")
            }
            return [UInt8](data)
        } catch let error as FileError {
            throw error
        } catch {
            // Name the system's reason ("Input/output error"), not Foundation's generic wrapper.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            throw FileError(path: path, reason: "cannot be read: \(underlying?.localizedDescription ?? error.localizedDescription)")
        }
    }
}
