import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The console's log file: one line per entry, `2026-05-20T14:34:10.123Z info process: …`, appended,
/// mode 0600. Never the screen (curses owns it), never a token (callers log argv through
/// `LogRedaction`, requests without their headers). Opened at the first line, so a command that
/// logs nothing (check-migrations in CI) leaves no file; a file that cannot be opened loses the lines,
/// never the console.
public final class LogFile: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32 = -1
    private var failed = false
    private let lock = NSLock()

    public init(path: String) { self.path = path }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Appends one line (a newline is added); one write per line, so lines from several tasks never interleave.
    public func append(_ line: String) {
        let bytes = Array((line.replacingOccurrences(of: "\n", with: " ⏎ ") + "\n").utf8)
        lock.withLock {
            guard openIfNeeded() else { return }
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

    /// Creates the directory (0700) and the file (0600, also tightened if older and looser). Under the lock.
    private func openIfNeeded() -> Bool {
        if descriptor >= 0 { return true }
        if failed { return false }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                     attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { failed = true; return false }
        fchmod(fd, 0o600)
        descriptor = fd
        return true
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
