import Foundation
import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// Appends events to a journal file, one JSON line each. The file is private (0600 from its first
/// byte, never through a symlink, never another user's: `PrivateFile`). Driver decisions are fsync'd
/// before anything acts on them. A failed write never glues the next record onto half a line.
public final class JournalWriter: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32
    private var seq: Int
    /// The end of the last complete record: a failed write is cut back to here.
    private var size: off_t
    /// Bytes of a failed write that could not be cut back: the next record starts on a line of its own.
    private var torn: off_t = 0
    private let io: JournalIO
    private let lock = NSLock()

    /// Creates a new journal (0600, a new directory 0700); an existing file is refused (`alreadyExists`).
    public convenience init(path: String) throws(JournalError) {
        try self.init(path: path, opening: .create, keeping: nil, nextSeq: 1, io: .system)
    }

    /// Continues an existing journal (`resume`): cut back to `validBytes` (its complete lines), then
    /// appends from `nextSeq`.
    public convenience init(continuing path: String, validBytes: Int, nextSeq: Int) throws(JournalError) {
        try self.init(path: path, opening: .existing, keeping: off_t(validBytes), nextSeq: nextSeq, io: .system)
    }

    init(path: String, opening: PrivateFile.Opening, keeping: off_t?, nextSeq: Int, io: JournalIO) throws(JournalError) {
        self.path = path
        let fd: Int32
        do { fd = try PrivateFile.open(path, opening, access: O_WRONLY | O_APPEND) } catch {
            if case .exists = error { throw .alreadyExists(path: path) }
            throw .cannotOpen(path: path, reason: "\(error)")
        }
        var info = stat()
        fstat(fd, &info)
        var end = info.st_size
        if let keeping, keeping < end {
            guard ftruncate(fd, keeping) == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw .cannotOpen(path: path, reason: "could not cut off its torn last line: \(reason)")
            }
            end = keeping
        }
        self.descriptor = fd
        self.size = end
        self.seq = nextSeq
        self.io = io
    }

    deinit { close(descriptor) }

    /// Writes one event as one line; `durable` also fsyncs. A decision whose fsync fails is followed by
    /// a `decisionNotDurable` record naming its seq, so no reader counts it as made, and the error is thrown.
    @discardableResult
    public func append(_ event: Event, durable: Bool = false) throws(JournalError) -> Int {
        lock.lock(); defer { lock.unlock() }
        let record = JournalRecord(seq: seq, event: event)
        let start = size
        try write(record)
        seq += 1
        guard durable, io.fsync(descriptor) != 0 else { return record.seq }
        let reason = String(cString: strerror(errno))
        do {
            try write(JournalRecord(seq: seq, event: Event(at: event.at, .decisionNotDurable(seq: record.seq, reason: reason))))
            seq += 1
            _ = io.fsync(descriptor)
        } catch {
            // No marker: take the decision itself back out, so no reader sees it as made.
            if io.truncate(descriptor, start) == 0 { size = start; torn = 0; seq -= 1 }
        }
        throw .notDurable(path: path, reason: reason)
    }

    /// One record, all or nothing: a short or failed write is cut back to the last complete record,
    /// or, if that fails too, the next record starts on a fresh line (readers drop the fragment).
    private func write(_ record: JournalRecord) throws(JournalError) {
        var data: Data
        do { data = try JournalCodec.encode(record) } catch { throw .cannotWrite(path: path, reason: "\(error)") }
        if torn > 0 { data.insert(0x0A, at: 0) }
        var failure: Int32 = 0
        var written = 0
        data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = io.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { failure = count < 0 ? errno : EIO; return }
                written += count
            }
        }
        guard failure != 0 else {
            size += torn + off_t(written)
            torn = 0
            return
        }
        let reason = String(cString: strerror(failure))
        guard written > 0 || torn > 0 else { throw .cannotWrite(path: path, reason: reason) }
        let cut = io.truncate(descriptor, size) == 0
        torn = cut ? 0 : torn + off_t(written)
        let after = written > 0 ? " after \(written) of \(data.count) bytes" : ""
        throw .cannotWrite(path: path, reason: reason + after + (cut ? "; the partial line was cut off" : "; the next record starts on a new line"))
    }

    /// The default place for a new journal: `$XDG_STATE_HOME/incident-console/APP-YYYYMMDDTHHMMSSZ.jsonl`.
    public static func defaultPath(app: String, at date: Date, environment: [String: String] = ProcessInfo.processInfo.environment) throws(JournalError) -> String {
        "\(try directory(environment: environment))/\(app)-\(stamp(date)).jsonl"
    }

    /// `$XDG_STATE_HOME/incident-console`, else `~/.local/state/incident-console`; never a shared fallback.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) throws(JournalError) -> String {
        let nonEmpty = { (key: String) in environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        guard let state = nonEmpty("XDG_STATE_HOME") ?? nonEmpty("HOME").map({ "\($0)/.local/state" }) else { throw .noStateDirectory }
        return "\(state)/incident-console"
    }

    static func stamp(_ date: Date) -> String {
        JournalCodec.iso8601(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .split(separator: ".").first.map { String($0) + "Z" } ?? "journal"
    }
}

/// The system calls the writer makes; tests put a failing fsync or truncate in their place.
struct JournalIO: Sendable {
    var write: @Sendable (Int32, UnsafeRawPointer, Int) -> Int
    var fsync: @Sendable (Int32) -> Int32
    var truncate: @Sendable (Int32, off_t) -> Int32

    static let system = JournalIO(write: { Glibc.write($0, $1, $2) }, fsync: { Glibc.fsync($0) }, truncate: { ftruncate($0, $1) })
}
