/// A config file or flag that cannot be used, with where and why: "config.yaml:7:5: apps[0].threshold: …".
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or "command line" for a flag.
    public var file: String
    /// 1-based; 0 when the problem is not at one place in a file.
    public var line: Int
    public var column: Int
    /// The dotted key (`apps[1].namespace`) or flag (`--namespace`) the problem is at.
    public var key: String
    public var message: String

    public init(file: String, line: Int = 0, column: Int = 0, key: String = "", message: String) {
        self.file = file; self.line = line; self.column = column; self.key = key; self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
