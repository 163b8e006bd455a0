import ConsoleUI
import Foundation

/// The replay's keys as the player task sees them: Space's pause and `s`'s jumps, set by the main
/// loop and read by the player between events. Any thread may read; the main loop writes.
final class ReplayControl: @unchecked Sendable {
    private let lock = NSLock()
    private var view: ReplayView?

    func set(_ view: ReplayView?) {
        lock.lock()
        self.view = view
        lock.unlock()
    }

    var paused: Bool {
        lock.lock()
        defer { lock.unlock() }
        return view?.paused ?? false
    }

    var skips: Int {
        lock.lock()
        defer { lock.unlock() }
        return view?.skips ?? 0
    }
}
