import CNCurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A crash (a Swift trap, a segfault, an abort) still gives the terminal back and says so on the normal
/// screen, then dies the way it would have, so a core dump or the shell's "Illegal instruction" still follow.
/// The journal is not written from here (not safe in a signal handler): `resume` treats the end as a crash.
public enum CrashRestore {
    static let signals: [(Int32, String)] = [(SIGILL, "SIGILL"), (SIGTRAP, "SIGTRAP"), (SIGABRT, "SIGABRT"),
                                             (SIGSEGV, "SIGSEGV"), (SIGBUS, "SIGBUS"), (SIGFPE, "SIGFPE")]

    /// Install once curses owns the terminal; `resumable`, the journal this console drives, is named in the
    /// message. A follower or a replay drives nothing: nil, and no one is told to resume it.
    public static func install(resumable journal: String?) {
        for (number, name) in signals {
            let text = "incident-console: internal error (\(name)) — the console crashed; the terminal was restored."
                + (journal.map { " Continue with: incident-console resume \($0)" } ?? "") + "\n"
            crashMessages.set(number, strdup(text))
            signal(number, crashHandler)
        }
    }
}

/// Messages prepared before any crash: a handler may only write(2) them.
final class CrashMessages: @unchecked Sendable {
    private var byNumber = [UnsafeMutablePointer<CChar>?](repeating: nil, count: 65)
    func set(_ number: Int32, _ text: UnsafeMutablePointer<CChar>?) {
        if let old = byNumber[Int(number)] { free(old) }
        byNumber[Int(number)] = text
    }
    func text(_ number: Int32) -> UnsafeMutablePointer<CChar>? { number >= 0 && number < 65 ? byNumber[Int(number)] : nil }
}

let crashMessages = CrashMessages()

private func crashHandler(_ number: Int32) {
    // endwin is not async-signal-safe, but the process is ending either way (htop does the same).
    _ = endwin()
    if let text = crashMessages.text(number) { _ = write(2, text, strlen(text)) }
    signal(number, SIG_DFL)
    raise(number)
}
