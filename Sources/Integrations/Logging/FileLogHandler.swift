import Foundation
import Storage
import Logging
import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// The console's log file: one line per entry, `2026-05-20T14:34:10.123Z info process: …`, appended,
/// mode 0600 from its first byte, never through a symlink, never another user's file (`PrivateFile`).
/// Never the screen (curses owns it), never a token (callers log argv through `LogRedaction`, requests
/// without their headers). Opened at the first line, so a command that logs nothing (check-migrations
/// in CI) leaves no file; the console checks it with `openNow()` before it takes the terminal.
public final class LogFile: @unchecked Sendable {
    /// nil when there is no place for it (HOME unset): `problem` says why.
    public let path: String?
    private var descriptor: Int32 = -1
    private var problem: String?
    private let lock = NSLock()

    public init(path: String) { self.path = path }

    /// A log that cannot be written, for `reason` (its lines are lost; `openNow()` reports it).
    public init(unavailable reason: String) {
        path = nil
        problem = reason
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends one line (a newline is added); one write per line, so lines from several tasks never interleave.
    public func append(_ line: String) {
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ⏎ ") + "\n").utf8)
        lock.withLock {
            guard openIfNeeded() == nil else { return }
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// Opens the file now; why it cannot be, if it cannot (a symlink, another user's file, a shared directory, …).
    public func openNow() -> String? {
        lock.withLock { openIfNeeded() }
    }

    /// Creates the directory (0700) and the file (0600) if missing. Under the lock.
    private func openIfNeeded() -> String? {
        if descriptor >= 0 { return nil }
        if let problem { return problem }
        guard let path else { return "no log file" }
        do { descriptor = try PrivateFile.open(path, .createOrOpen, access: O_WRONLY | O_APPEND) } catch {
            problem = "\(error)"
        }
        return problem
    }
}

/// A swift-log handler writing to a `LogFile`.
public struct FileLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let label: String
    private let file: LogFile

    public init(label: String, file: LogFile, level: Logger.Level = .info) {
        self.label = label
        self.file = file
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        for (key, value) in metadataProvider?.get() ?? [:] { all[key] = value }
        for (key, value) in event.metadata ?? [:] { all[key] = value }
        let extra = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        file.append("\(Self.timestamp(Date())) \(event.level) \(label): \(event.message)\(extra)")
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// What may be logged of a command line: values of secret-looking flags are replaced.
public enum LogRedaction {
    static let secretFlags = ["--auth-token", "--token", "--password", "--bearer-token", "--client-secret"]

    /// `argocd app get x --auth-token abc` → `argocd app get x --auth-token <redacted>` (also `--token=abc`).
    public static func argv(_ argv: [String]) -> [String] {
        var result: [String] = []
        var hideNext = false
        for word in argv {
            if hideNext { result.append("<redacted>"); hideNext = false; continue }
            if let flag = secretFlags.first(where: { word.hasPrefix($0 + "=") }) {
                result.append(flag + "=<redacted>")
            } else {
                result.append(word)
                hideNext = secretFlags.contains(word)
            }
        }
        return result
    }
}
