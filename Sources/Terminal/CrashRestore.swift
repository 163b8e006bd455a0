import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A crash (a Swift trap, a segfault, an abort, a stack overflow) still gives the terminal back and says
/// so on the normal screen, then dies the way it would have, so a core dump or the shell's "Illegal
/// instruction" still follow. The handler runs on its own stack (sigaltstack: a stack overflow leaves
/// none) and does only async-signal-safe work: write(2) of bytes prepared beforehand, tcsetattr of the
/// terminal modes saved before curses changed them, then the default action. The journal is not written
/// from here: `resume` treats the end as a crash.
public enum CrashRestore {
    static let signals: [(Int32, String)] = [(SIGILL, "SIGILL"), (SIGTRAP, "SIGTRAP"), (SIGABRT, "SIGABRT"),
                                             (SIGSEGV, "SIGSEGV"), (SIGBUS, "SIGBUS"), (SIGFPE, "SIGFPE")]
    /// Leave the alternate screen, show the cursor, reset colours and attributes, keypad off: what endwin
    /// sends on an xterm-family terminal (tmux, xterm, VTE, kitty), written without calling curses.
    static let resetSequence = "\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\u{1B}[?1l\u{1B}>"
    static let alternateStackSize = 256 * 1024

    /// Call on the thread that runs the screen (the main thread), before curses changes the terminal:
    /// saves its modes and gives this thread the stack the handler runs on. Later calls do nothing.
    static func prepare() {
        guard !crashState.prepared else { return }
        crashState.prepared = true
        let modes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        if isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, modes) == 0 { crashState.modes = modes } else { modes.deallocate() }
        var stack = stack_t()
        stack.ss_sp = malloc(alternateStackSize)
        stack.ss_size = alternateStackSize
        stack.ss_flags = 0
        if stack.ss_sp != nil { _ = sigaltstack(&stack, nil) }
        crashState.reset = strdup(resetSequence)
        crashState.messages = .allocate(capacity: 65)
        crashState.messages?.initialize(repeating: nil, count: 65)
    }

    /// Install once curses owns the terminal; `resumable`, the journal this console drives, is named in the
    /// message. A follower or a replay drives nothing: nil, and no one is told to resume it.
    public static func install(resumable journal: String?) {
        guard crashState.prepared, let messages = crashState.messages else { return }
        for (number, name) in signals {
            let text = "incident-console: internal error (\(name)) — the console crashed; the terminal was restored."
                + (journal.map { " Continue with: incident-console resume \($0)" } ?? "") + "\n"
            free(messages[Int(number)])
            messages[Int(number)] = strdup(text)
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashHandler
            action.sa_flags = Int32(SA_ONSTACK)
            sigemptyset(&action.sa_mask)
            _ = sigaction(number, &action, nil)
        }
    }
}

/// What the handler reads: trivial values set before any crash, so reading them allocates and locks nothing.
struct CrashState {
    var prepared = false
    var reset: UnsafeMutablePointer<CChar>?
    var modes: UnsafeMutablePointer<termios>?
    var messages: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
}

// Written only by `prepare`/`install` on the screen's thread before a crash; read only by the handler.
nonisolated(unsafe) var crashState = CrashState()

private func crashHandler(_ number: Int32) {
    if let reset = crashState.reset { _ = write(STDOUT_FILENO, reset, strlen(reset)) }
    if let modes = crashState.modes { _ = tcsetattr(STDIN_FILENO, TCSANOW, modes) }
    if number >= 0, number < 65, let text = crashState.messages?[Int(number)] { _ = write(STDERR_FILENO, text, strlen(text)) }
    signal(number, SIG_DFL)
    raise(number)
}
