import ArgumentParser
import Foundation
import RunbookEngine

/// Why a command cannot do its job: said on standard error, with a non-zero exit status
/// (never on standard output with status 0, which a script would read as success).
enum Failure {
    /// The command's job failed (no drill by that name, no terminal, a cluster that would not build).
    static let failed: Int32 = 1
    /// A journal that cannot be read or used (as `audit` exits).
    static let unreadableJournal: Int32 = 3

    /// Writes "incident-console: MESSAGE" to stderr (controls escaped) and returns the status to throw.
    static func exit(_ message: String, status: Int32 = failed) -> ExitCode {
        FileHandle.standardError.write(Data(TerminalSafe.text("incident-console: \(message)\n").utf8))
        return ExitCode(status)
    }
}
