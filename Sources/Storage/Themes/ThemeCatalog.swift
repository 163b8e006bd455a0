import ConsoleUI
import Foundation

/// Where a theme came from: embedded in the binary, or a user's file.
public enum ThemeSource: Sendable, Equatable, CustomStringConvertible {
    case builtIn
    case file(String)

    public var description: String {
        switch self {
        case .builtIn: "built-in"
        case .file(let path): path
        }
    }
}

/// One theme `incident-console themes` lists; a broken user file is listed with its error instead of a theme.
public struct ThemeListing: Sendable, Equatable {
    public var name: String
    public var source: ThemeSource
    public var result: Result<Theme, ThemeError>
}

/// The built-in themes plus the user's `$XDG_CONFIG_HOME/incident-console/themes/*.yaml`; a user
/// file named like a built-in (`light.yaml`) replaces it. A theme is looked up by its file's name.
public struct ThemeCatalog: Sendable {
    public var userDirectory: String

    public init(userDirectory: String) { self.userDirectory = userDirectory }

    /// The catalog for this user: `$XDG_CONFIG_HOME` (else `~/.config`) `/incident-console/themes`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config")
        self.init(userDirectory: base + "/incident-console/themes")
    }

    /// The theme named `name`: the user's file when there is one (an error if it is broken, never a
    /// half-applied theme), else the built-in one.
    public func theme(named name: String) throws(ThemeError) -> Theme {
        let path = userDirectory + "/" + name + ".yaml"
        if FileManager.default.fileExists(atPath: path) { return try Theme.load(contentsOfFile: path) }
        if let theme = Theme.builtInThemes[name] { return theme }
        let known = names.joined(separator: ", ")
        throw ThemeError(file: name, line: 0, column: 0, key: "",
                         message: "no such theme (known: \(known); add your own as \(userDirectory)/\(name).yaml)")
    }

    /// Every theme name, built-in and user, sorted with `default` first.
    public var names: [String] { listings().map(\.name) }

    /// Every theme with its source, user files loaded (and checked) now; sorted with `default` first.
    public func listings() -> [ThemeListing] {
        var byName: [String: ThemeListing] = [:]
        for (name, theme) in Theme.builtInThemes {
            byName[name] = ThemeListing(name: name, source: .builtIn, result: .success(theme))
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: userDirectory)) ?? []
        for file in files where file.hasSuffix(".yaml") {
            let path = userDirectory + "/" + file
            let name = String(file.dropLast(".yaml".count))
            let result: Result<Theme, ThemeError>
            do { result = .success(try Theme.load(contentsOfFile: path)) } catch { result = .failure(error) }
            byName[name] = ThemeListing(name: name, source: .file(path), result: result)
        }
        return byName.values.sorted { ($0.name == "default" ? "" : $0.name) < ($1.name == "default" ? "" : $1.name) }
    }
}
