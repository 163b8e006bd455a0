import ConsoleUI
import Foundation

extension Theme {
    /// Reads and parses a theme file from disk; roles it leaves out fall back to `Theme.builtIn`.
    public static func load(contentsOfFile path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(file: path, line: 0, column: 0, key: "", message: "cannot read the file")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: path)
    }
}
