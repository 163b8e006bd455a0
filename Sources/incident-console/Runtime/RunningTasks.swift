import Foundation

/// The effects' tasks still running, so leaving can cancel and wait for them. Each task leaves the set
/// when it ends: a finished task held on to keeps its stack slabs, and a driver that kept every task grew
/// by about a kilobyte per journal line (issue 22: 44 → 67 MB in ten simulated days).
final class RunningTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Int: Task<Void, Never>] = [:]
    /// Tasks that ended before they were added (a quick one): not added at all.
    private var ended: Set<Int> = []
    private var next = 0

    /// Starts `body` as a task, kept until it ends.
    func start(_ body: @escaping @Sendable () async -> Void) {
        let id = lock.withLock { next += 1; return next }
        let task = Task { [self] in
            await body()
            lock.withLock { if tasks.removeValue(forKey: id) == nil { ended.insert(id) } }
        }
        lock.withLock { if ended.remove(id) == nil { tasks[id] = task } }
    }

    /// The tasks still running.
    var all: [Task<Void, Never>] { lock.withLock { Array(tasks.values) } }
}
