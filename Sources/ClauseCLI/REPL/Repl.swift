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
        } else {
            session.typedName = input.name
        }
        var pending = Pending()
        var lineNumber = input.linesBefore
        while !session.quitRequested {
            let prompt = pending.text.isEmpty ? Repl.prompt : Repl.continuation
            session.pendingInput = pending.text
            let read = input.readLine(prompt: prompt)
            guard case .line(let line) = read else {
                // Ctrl-C, or Ctrl-D on a `...>` prompt, cancels the unfinished input only.
                if read == .cancelled || (input.isInteractive && !pending.text.isEmpty) {
                    pending = Pending()
                    continue
                }
                if !pending.text.isEmpty { run(pending, final: true) }
                break
            }
            lineNumber += 1
            if echo { session.out.write(prompt + line + "\n") }
            if pending.held {
                // A held declaration takes a line that continues it; anything else completes it.
                if Continuation.continues(pending.text, with: line) {
                    pending.text += "\n" + line
                    pending.depth = Continuation.openBrackets(line, from: pending.depth)
                    pending.held = false
                    step(&pending)
                    continue
                }
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
                run(pending, final: true)
                pending = Pending()
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(":") || (pending.text.isEmpty && Repl.bareCommands.contains(trimmed)) {
                if !pending.text.isEmpty {
                    session.fail("the unfinished input before this command was dropped")
                    pending = Pending()
                }
                session.command(trimmed.hasPrefix(":") ? trimmed : ":" + trimmed)
                continue
            }
            if pending.text.isEmpty {
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                pending.line = lineNumber
                pending.text = line
            } else {
                pending.text += "\n" + line
            }
            pending.depth = Continuation.openBrackets(line, from: pending.depth)
            step(&pending)
        }
        return input.isInteractive || !session.failed ? 0 : 1
    }

    /// Words that, typed alone, mean the command (as in other shells): `quit`, not an
    /// expression about a field named `quit`.
    static let bareCommands: Set<String> = ["quit", "exit", "help"]

    /// Input gathered over one or more lines, and the line it started on.
    struct Pending {
        var text = ""
        var line = 1
        /// Complete, but a next line may continue it.
        var held = false
        /// Brackets opened and not yet closed (`Continuation.openBrackets`).
        var depth = 0
    }

    /// Runs the pending input if it is finished; otherwise it waits for more lines. While a
    /// bracket is open nothing is parsed: the block is run (or reported) once, when it closes.
    private func step(_ pending: inout Pending) {
        if pending.depth > 0 { return }
        switch run(pending, final: false) {
        case .incomplete: break
        case .held: pending.held = true
        case .done: pending = Pending()
        }
    }

    @discardableResult
    private func run(_ pending: Pending, final: Bool) -> ReplSession.InputStatus {
        session.typedLine = input.isInteractive ? 1 : pending.line
        return session.input(pending.text, final: final)
    }
}
