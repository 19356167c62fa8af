import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

extension Files {
    /// Writes text to a file atomically; see `write(bytes:to:)`.
    static func write(_ text: String, to path: String) throws(FileError) {
        try write(bytes: Array(text.utf8), to: path)
    }

    /// The one way the CLI writes a file (`report -o`, `appeal -o`, `graph -o`,
    /// `diff --write-tests`, `fmt`, the REPL's history): the bytes go to a new temporary file
    /// in the same directory, which is flushed to disk and renamed over `path`. A reader sees
    /// the old file or the whole new one, never half of it, and a failed write leaves the old
    /// file as it was and no temporary file behind. A file that exists keeps its permissions
    /// (a new one gets 0666 less the umask); a symbolic link is followed, so the file it
    /// points to is replaced and the link kept.
    static func write(bytes: [UInt8], to path: String) throws(FileError) {
        let target = resolvedTarget(path)
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR {
            throw FileError(path: path, reason: "is a directory, expected a file")
        }
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileError(path: path, reason: "cannot be written: no such directory `\(directory)`")
        }
        func failure(_ code: Int32) -> FileError {
            let reason = code == EACCES || code == EPERM ? "permission denied" : String(cString: strerror(code))
            return FileError(path: path, reason: "cannot be written (\(reason))")
        }

        // A fresh name beside the target (the rename must not cross file systems), created
        // exclusively so no other file is ever overwritten.
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<64 {
            temporary = directory + "/." + url.lastPathComponent + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw failure(errno) }
        var code = SystemIO.writeAll(fd, bytes)
        if code == 0, exists, fchmod(fd, info.st_mode & 0o7777) != 0 { code = errno }
        if code == 0, fsync(fd) != 0, errno != EINVAL { code = errno }  // EINVAL: a file system that cannot sync
        if close(fd) != 0, code == 0, errno != EINTR { code = errno }
        if code == 0, rename(temporary, target) != 0 { code = errno }
        if code != 0 {
            unlink(temporary)
            throw failure(code)
        }
    }

    /// The file a write to `path` replaces: the end of its chain of symbolic links, or `path`.
    private static func resolvedTarget(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}

extension CLI {
    /// Writes `text` to the file `path` (atomically, `Files.write`), or to standard output
    /// when `path` is nil or `-`; a file that cannot be written is reported on `err`.
    func emit(_ text: String, to path: String?) -> Bool {
        guard let path, path != "-" else {
            out.write(text)
            return true
        }
        do {
            try Files.write(text, to: path)
            return true
        } catch {
            err.write("error: \(error)\n")
            return false
        }
    }
}
