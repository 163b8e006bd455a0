import ArgumentParser
import ConsoleUI
import Foundation

/// `--theme`, shared by every command that opens the console.
struct ThemeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme: default, light, high-contrast, monochrome, colour-blind, or your own.",
                               discussion: "Your own: $XDG_CONFIG_HOME/incident-console/themes/NAME.yaml (a file named like a built-in replaces it). `incident-console themes` lists them.",
                               valueName: "name"))
    var theme: String = "default"

    /// The chosen theme, whole, or a failure before the terminal is touched: a broken file names its line and key.
    func resolvedTheme() throws -> Theme {
        do { return try ThemeCatalog().theme(named: theme) } catch {
            FileHandle.standardError.write(Data("incident-console: theme \(theme): \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
