import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT, SIGTERM and SIGHUP as events, so the app can journal and restore the terminal before it exits.
/// A watchdog makes sure the terminal comes back even if the app never does: a second signal, or no exit
/// within `deadline`, restores the terminal and exits at once with 128 + the signal number.
public final class TerminationSignals: @unchecked Sendable {
    /// Each signal's number as it arrives.
    public let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]
    private let queue: DispatchQueue
    // Touched only on `queue`.
    private var received = 0

    /// Install once, before or after `CursesScreen.start()`; keep the returned object alive.
    public static func install(_ numbers: [Int32] = [SIGINT, SIGTERM, SIGHUP],
                               deadline: Duration = .seconds(3)) -> TerminationSignals {
        TerminationSignals(numbers, deadline: deadline)
    }

    private init(_ numbers: [Int32], deadline: Duration) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        let queue = DispatchQueue(label: "incident-console.signals")
        self.queue = queue
        sources = numbers.map { number in
            #if canImport(Darwin)
            signal(number, SIG_IGN) // kqueue reports the signal but does not stop its default action
            #endif
            return DispatchSource.makeSignalSource(signal: number, queue: queue)
        }
        let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
        for (number, source) in zip(numbers, sources) {
            source.setEventHandler { [unowned self] in
                received += 1
                if received > 1 { TerminationSignals.restoreAndExit(number) }
                continuation.yield(number)
                self.queue.asyncAfter(deadline: .now() + seconds) { TerminationSignals.restoreAndExit(number) }
            }
            source.resume()
        }
    }

    /// Restores the terminal and exits now, skipping atexit handlers and the rest of the app.
    public static func restoreAndExit(_ number: Int32) -> Never {
        TerminalRestore.emergencyRestore()
        _exit(128 + number)
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
