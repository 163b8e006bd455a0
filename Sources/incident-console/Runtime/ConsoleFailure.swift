import ArgumentParser
import Foundation

/// A refusal for the person at the terminal: said on stderr, then a non-zero exit
/// (`CleanExit.message` would say it on stdout and exit 0).
enum ConsoleFailure {
    static func exit(_ message: String, code: Int32 = 1) -> ExitCode {
        FileHandle.standardError.write(Data("incident-console: \(message)\n".utf8))
        return ExitCode(code)
    }
}
