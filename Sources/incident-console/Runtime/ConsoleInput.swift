import RunbookEngine
import Terminal

/// What wakes the main loop: a result, keys to read, a signal, or the clock.
enum ConsoleInput: Sendable {
    case event(Event)
    case keysReady
    case signal(Int32)
    case tick
    /// The followed journal was replaced: rebuild from these events.
    case restart([Event])
}
