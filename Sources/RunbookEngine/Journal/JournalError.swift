/// Why a journal could not be opened, written, read or claimed; every message names the file.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case corrupt(path: String, line: Int, reason: String)
    /// A new incident was pointed at a journal that already holds one.
    case alreadyExists(path: String)
    /// A decision was written but its fsync failed: it was marked as not made, and not acted on.
    case notDurable(path: String, reason: String)
    /// Neither XDG_STATE_HOME nor HOME is set: there is no private place for journals and the log.
    case noStateDirectory

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open journal \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write journal \(path): \(reason)"
        case .corrupt(let path, let line, let reason): "journal \(path) line \(line) is not a journal record: \(reason)"
        case .alreadyExists(let path):
            "journal \(path) already exists — a new incident needs a new journal; to continue that one: incident-console resume \(path)"
        case .notDurable(let path, let reason):
            "journal \(path) could not be made durable (fsync: \(reason)); the decision was marked as not made"
        case .noStateDirectory:
            "HOME is not set (nor XDG_STATE_HOME): journals and the log need a private directory of yours — set HOME or XDG_STATE_HOME"
        }
    }
}
