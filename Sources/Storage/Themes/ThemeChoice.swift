import ConsoleUI
import Foundation

/// A theme named in a config file (`theme: NAME`), with where, so an unknown name is pointed at.
public struct ConfiguredTheme: Sendable, Equatable {
    public var name: String
    public var file: String
    public var line: Int
    public var column: Int

    public init(name: String, file: String, line: Int, column: Int) {
        self.name = name; self.file = file; self.line = line; self.column = column
    }
}

extension ThemeCatalog {
    /// The theme a console command uses: `--theme` over the config file's `theme:` over `default`.
    /// - Parameters:
    ///   - flag: `--theme NAME`, nil when not given.
    ///   - configured: the config file's `theme:`, nil when there is no file or it names none.
    public func theme(flag: String?, configured: ConfiguredTheme?) throws(ThemeError) -> Theme {
        if let flag { return try theme(named: flag) }
        guard let configured else { return try theme(named: "default") }
        guard knows(configured.name) else {
            throw ThemeError(file: configured.file, line: configured.line, column: configured.column, key: "theme",
                             message: "no theme named '\(configured.name)' (available: \(names.joined(separator: ", ")); "
                                 + "add your own as \(userDirectory)/\(configured.name).yaml)")
        }
        return try theme(named: configured.name)
    }

    /// Whether `name` is a built-in theme or a file in the user's themes directory (loadable or not).
    public func knows(_ name: String) -> Bool {
        Theme.builtInThemes[name] != nil || FileManager.default.fileExists(atPath: userDirectory + "/" + name + ".yaml")
    }
}
