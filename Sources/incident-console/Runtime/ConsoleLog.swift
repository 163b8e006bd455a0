import ArgumentParser
import Foundation
import Storage
import Integrations
import Logging
import RunbookEngine

/// The log file every Logger in the process writes to: `$XDG_STATE_HOME/incident-console/incident-console.log`
/// beside the journals (or `INCIDENT_CONSOLE_LOG`), level `INCIDENT_CONSOLE_LOG_LEVEL` (default info).
/// Bootstrapped before anything creates a Logger: swift-log's default handler writes to stderr, which
/// under curses is the screen.
enum ConsoleLog {
    /// The one log file, chosen from the environment at start.
    static let file = logFile(environment: ProcessInfo.processInfo.environment)

    static func logFile(environment: [String: String]) -> LogFile {
        if let path = environment["INCIDENT_CONSOLE_LOG"].flatMap({ $0.isEmpty ? nil : $0 }) { return LogFile(path: path) }
        do { return LogFile(path: try JournalWriter.directory(environment: environment) + "/incident-console.log") } catch {
            return LogFile(unavailable: "\(error)")
        }
    }

    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["INCIDENT_CONSOLE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let file = self.file
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: file, level: level) }
    }

    /// Before a console takes the terminal: a log that cannot be opened safely stops it, with why.
    static func check() throws {
        if let problem = file.openNow() { throw Failure.exit("cannot open the log file: \(problem)") }
    }

    /// The first line of a console command: what started, on which terminal (never a secret).
    static func started(_ command: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let term = environment["TERM"] ?? "unset"
        let colour = environment["COLORTERM"].map { " COLORTERM=\($0)" } ?? ""
        let noColor = environment["NO_COLOR"].map { $0.isEmpty ? "" : " NO_COLOR" } ?? ""
        Logger(label: "console").info("incident-console \(command) started (pid \(getpid()), TERM=\(term)\(colour)\(noColor))")
    }
}
