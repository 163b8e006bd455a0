import CNCurses
import Foundation

/// Gives the terminal back exactly once, from wherever the program is ending: `CursesScreen.stop()`,
/// a signal watchdog, a fatal error path, or `exit()` (an atexit hook).
public final class TerminalRestore: @unchecked Sendable {
    public static let shared = TerminalRestore()

    // Guards `active`; `endwin` itself runs outside the lock owner's other work only once.
    private let lock = NSLock()
    private var active = false
    private var atexitInstalled = false

    private init() {}

    func markActive() {
        lock.withLock {
            active = true
            if !atexitInstalled {
                atexitInstalled = true
                atexit { TerminalRestore.shared.restore() }
            }
        }
    }

    /// Ends curses mode if it is on; later calls do nothing.
    func restore() {
        let wasActive = lock.withLock { () -> Bool in
            defer { active = false }
            return active
        }
        if wasActive { _ = endwin() }
    }

    /// For paths that cannot reach the screen actor (a hung main loop, a fatal error): restores the terminal
    /// now, from any thread. Print the fatal message after this, so it lands on the normal screen.
    public static func emergencyRestore() {
        shared.restore()
    }
}
