import Foundation
import RunbookEngine
import Terminal

/// What wakes the main loop: a result, keys to read, a signal, or the clock.
enum ConsoleInput: Sendable {
    case event(Event)
    case keysReady
    case signal(Int32)
    case tick
    /// The followed journal was replaced, or a decision in it withdrawn: rebuild from these events, and say why.
    case restart([Event], note: String)
    /// The followed journal cannot be read (why), or can be again (nil).
    case journalProblem(String?)
}

/// Inputs waiting for the main loop, which takes them all at once, handles every one and then draws
/// a single frame: a burst of results never makes a key wait behind one redraw per result.
/// Any thread may post; one loop takes.
final class InputQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [ConsoleInput] = []
    private var sleeper: CheckedContinuation<Void, Never>?

    /// The launcher's pumps (keys, signals, a followed journal) post here too: one queue for every input.
    func yield(_ input: ConsoleInput) { post(input) }

    func post(_ input: ConsoleInput) {
        lock.lock()
        waiting.append(input)
        let wake = sleeper
        sleeper = nil
        lock.unlock()
        wake?.resume()
    }

    /// Everything posted since the last call, oldest first; sleeps until there is something. Runs on the
    /// caller's actor, so a post wakes the main loop directly, with no hop through another thread.
    func takeAll(isolation: isolated (any Actor)? = #isolation) async -> [ConsoleInput] {
        while true {
            let batch = takeWaiting()
            if !batch.isEmpty { return batch }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if waiting.isEmpty {
                    sleeper = continuation
                    lock.unlock()
                } else {
                    lock.unlock()
                    continuation.resume()
                }
            }
        }
    }

    /// Everything posted so far, without waiting (possibly nothing).
    func takeWaiting() -> [ConsoleInput] {
        lock.lock()
        defer { lock.unlock() }
        let batch = waiting
        waiting = []
        return batch
    }
}
