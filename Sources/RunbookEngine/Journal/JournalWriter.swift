import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Appends events to a journal file, one JSON line each. The file is private (0600): it holds
/// the incident's commands and output. Driver decisions are fsync'd before anything acts on them.
public final class JournalWriter: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32
    private var seq: Int
    private let lock = NSLock()

    /// Opens (creating 0600, parent 0700) for appending; `nextSeq` continues an existing journal.
    public init(path: String, nextSeq: Int = 1) throws(JournalError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        fchmod(fd, 0o600)
        self.descriptor = fd
        self.seq = nextSeq
    }

    deinit { close(descriptor) }

    /// Writes one event as one line with a single write(2); `durable` also fsyncs.
    @discardableResult
    public func append(_ event: Event, durable: Bool = false) throws(JournalError) -> Int {
        lock.lock(); defer { lock.unlock() }
        let record = JournalRecord(seq: seq, event: event)
        let data: Data
        do { data = try JournalCodec.encode(record) } catch { throw .cannotWrite(path: path, reason: "\(error)") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        if durable, fsync(descriptor) != 0 { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        seq += 1
        return record.seq
    }

    /// The default place for a new journal: `$XDG_STATE_HOME/incident-console/APP-YYYYMMDDTHHMMSSZ.jsonl`.
    public static func defaultPath(app: String, at date: Date, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "\(directory(environment: environment))/\(app)-\(stamp(date)).jsonl"
    }

    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(environment["HOME"] ?? NSTemporaryDirectory())/.local/state"
        return "\(state)/incident-console"
    }

    static func stamp(_ date: Date) -> String {
        JournalCodec.iso8601(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .split(separator: ".").first.map { String($0) + "Z" } ?? "journal"
    }
}

public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case corrupt(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open journal \(path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write journal \(path): \(reason)"
        case .corrupt(let path, let line, let reason): "journal \(path) line \(line) is not a journal record: \(reason)"
        }
    }
}
