import ArgumentParser
import ConsoleUI
import Foundation
import Integrations
import Storage

/// `--theme`, shared by every command that opens the console.
struct ThemeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme: default, light, high-contrast, monochrome, colour-blind, or your own.",
                               discussion: """
                               Default: the config file's top-level `theme: NAME`, else default. Your own: \
                               $XDG_CONFIG_HOME/incident-console/themes/NAME.yaml (a file named like a built-in \
                               replaces it). `incident-console themes` lists them.
                               """,
                               valueName: "name"))
    var theme: String?

    /// The theme for a command that reads no app from the config file: only the file's `theme:` key is
    /// read (`path`, which must exist, else the default config file if there is one).
    func resolvedTheme(configPath path: String?) throws -> Theme {
        // --theme needs no file: a broken default config file cannot stand between a user and the flag.
        if theme != nil, path == nil { return try resolvedTheme(configured: nil) }
        let file = path ?? ConfigFile.defaultPath()
        do {
            let setting = try ConfigFile.loadTheme(path: file, required: path != nil)
            return try resolvedTheme(configured: setting.map { ConfiguredTheme($0, file: file) })
        } catch let error as ConfigError {
            throw Self.fail(error.description)
        }
    }

    /// The theme for a command that has read its whole config file already (`run`), nil when there is none.
    func resolvedTheme(file: ConfigFile?) throws -> Theme {
        try resolvedTheme(configured: file.flatMap { file in file.theme.map { ConfiguredTheme($0, file: file.path) } })
    }

    /// `--theme` over the config file's `theme:` over default; a failure stops before the terminal is
    /// touched: a broken theme file names its line and key, an unknown configured name its config line.
    private func resolvedTheme(configured: ConfiguredTheme?) throws -> Theme {
        do { return try ThemeCatalog().theme(flag: theme, configured: configured) } catch {
            let name = theme ?? configured?.name ?? "default"
            throw Self.fail(error.file == configured?.file ? error.description : "theme \(name): \(error)")
        }
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("incident-console: \(message)\n".utf8))
        return ExitCode(2)
    }
}

/// `--config` for the commands that read only the theme from it (demo, train, follow, replay);
/// `run` and `resume` take theirs with the app settings.
struct ConfigFileOption: ParsableArguments {
    @Option(help: ArgumentHelp("The config file whose top-level `theme:` applies (a missing default file is fine).",
                               discussion: "Default: $XDG_CONFIG_HOME/incident-console/config.yaml", valueName: "file"))
    var config: String?
}

extension ConfiguredTheme {
    init(_ setting: ConfigFile.ThemeSetting, file: String) {
        self.init(name: setting.name, file: file, line: setting.line, column: setting.column)
    }
}
