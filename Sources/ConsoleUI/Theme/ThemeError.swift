/// A theme file that cannot be used, with where and why: "light.yaml:12:9: roles.warn.fg: …".
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is the file as a whole.
    public var line: Int
    public var column: Int
    /// The dotted key the problem is at, such as `roles.warn.fg`; empty for the whole file.
    public var key: String
    public var message: String

    public init(file: String, line: Int, column: Int, key: String, message: String) {
        self.file = file; self.line = line; self.column = column; self.key = key; self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
