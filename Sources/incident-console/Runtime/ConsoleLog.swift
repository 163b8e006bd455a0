import Foundation
import Integrations
import Logging
import RunbookEngine

/// The log file every Logger in the process writes to: `$XDG_STATE_HOME/incident-console/incident-console.log`
/// beside the journals (or `INCIDENT_CONSOLE_LOG`), level `INCIDENT_CONSOLE_LOG_LEVEL` (default info).
/// Bootstrapped before anything creates a Logger: swift-log's default handler writes to stderr, which
/// under curses is the screen.
enum ConsoleLog {
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["INCIDENT_CONSOLE_LOG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? JournalWriter.directory(environment: environment) + "/incident-console.log"
        let level = environment["INCIDENT_CONSOLE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let file = LogFile(path: path)
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: file, level: level) }
    }

    /// The first line of a console command: what started, on which terminal (never a secret).
    static func started(_ command: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let term = environment["TERM"] ?? "unset"
        let colour = environment["COLORTERM"].map { " COLORTERM=\($0)" } ?? ""
        let noColor = environment["NO_COLOR"].map { $0.isEmpty ? "" : " NO_COLOR" } ?? ""
        Logger(label: "console").info("incident-console \(command) started (pid \(getpid()), TERM=\(term)\(colour)\(noColor))")
    }
}
