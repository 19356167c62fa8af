import Foundation
import ClauseKit

/// The read-eval-print loop: reads lines, gathers unfinished input on a `...>` prompt, runs
/// commands and Clause text through the session. Nothing typed ends it but `:quit` or the end
/// of input.
struct Repl {
    static let prompt = "clause> "
    static let continuation = "   ...> "

    let session: ReplSession
    let input: LineInput
    /// Writes each line read after its prompt (for transcripts of scripts).
    let echo: Bool

    /// Runs until `:quit` or the end of input. A script's exit code is 1 when any input failed.
    func run() -> Int32 {
        if input.isInteractive {
            session.say("clause \(CLI.version) REPL: `:help` for commands, `:quit` or Ctrl-D to leave")
        }
        var pending = ""
        while !session.quitRequested {
            let prompt = pending.isEmpty ? Repl.prompt : Repl.continuation
            session.pendingInput = pending
            let read = input.readLine(prompt: prompt)
            guard case .line(let line) = read else {
                if read == .cancelled {
                    pending = ""
                    continue
                }
                if !pending.isEmpty { _ = session.input(pending, final: true) }
                break
            }
            if echo { session.out.write(prompt + line + "\n") }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(":") {
                if !pending.isEmpty {
                    session.fail("the unfinished input before this command was dropped")
                    pending = ""
                }
                session.command(trimmed)
                continue
            }
            if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            pending += (pending.isEmpty ? "" : "\n") + line
            if session.input(pending) == .incomplete { continue }
            pending = ""
        }
        return input.isInteractive || !session.failed ? 0 : 1
    }
}
