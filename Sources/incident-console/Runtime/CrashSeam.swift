import Foundation

/// A test seam, documented in docs/TESTING.md and read from nowhere else: `INCIDENT_CONSOLE_TEST_CRASH`
/// makes a console crash for real a second after it takes the terminal, on the screen's (main) thread,
/// so the end-to-end tests prove a crash gives the terminal back. `stack-overflow` recurses without
/// bound; `trap` is a Swift runtime trap.
enum CrashSeam {
    static var requested: String? {
        ProcessInfo.processInfo.environment["INCIDENT_CONSOLE_TEST_CRASH"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Starts the crash after `delay`; an unknown kind does nothing.
    static func schedule(_ kind: String, after delay: Duration = .seconds(1)) -> Task<Void, Never> {
        Task { @MainActor in
            try? await Task.sleep(for: delay)
            switch kind {
            case "stack-overflow": _ = recurse(0)
            case "trap": preconditionFailure("INCIDENT_CONSOLE_TEST_CRASH=trap")
            default: return
            }
        }
    }

    /// Each call keeps a kilobyte on the stack until the guard page is hit.
    @inline(never)
    private static func recurse(_ depth: Int) -> Int {
        guard depth < Int.max else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { frame in
            frame.initialize(repeating: UInt8(truncatingIfNeeded: depth))
            return recurse(depth + 1) &+ Int(frame[depth % 1024])
        }
    }
}
