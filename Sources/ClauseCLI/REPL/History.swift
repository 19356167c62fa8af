import Foundation

/// The REPL's history: one entry per line, kept in `~/.clause_history` (or `$CLAUSE_HISTORY`).
/// Each entry is appended to the file as it is entered, so a session that is killed keeps it.
final class History {
    static let limit = 1000

    let path: String?
    private(set) var entries: [String] = []

    /// `$CLAUSE_HISTORY`, else `$HOME/.clause_history`; no file when neither is set
    /// (or `CLAUSE_HISTORY` is empty).
    static func path(environment: [String: String]) -> String? {
        if let explicit = environment["CLAUSE_HISTORY"] { return explicit.isEmpty ? nil : explicit }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".clause_history")
    }

    init(path: String?) {
        self.path = path
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        entries = lines.suffix(History.limit).map(String.init)
        if lines.count > History.limit * 2 { rewrite() }
    }

    /// Adds a line unless it is blank or repeats the last one.
    func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, entries.last != line, !line.contains("\n") else { return }
        entries.append(line)
        if entries.count > History.limit { entries.removeFirst(entries.count - History.limit) }
        guard let path else { return }
        if let handle = FileHandle(forWritingAtPath: path) {
            defer { try? handle.close() }
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data((line + "\n").utf8))
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data((line + "\n").utf8),
                                           attributes: [.posixPermissions: 0o600])
        }
    }

    /// Rewrites the file with the kept entries only, so it does not grow without end.
    private func rewrite() {
        guard let path else { return }
        let text = entries.map { $0 + "\n" }.joined()
        try? Files.write(text, to: path)
    }
}
