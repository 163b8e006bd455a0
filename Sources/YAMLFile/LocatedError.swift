/// A problem at one place in a YAML file (or on the command line), said as
/// "config.yaml:7:5: apps[0].threshold: expected a positive number of seconds".
/// Config files, themes and drills all report their errors as this.
public struct LocatedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or "command line" for a flag.
    public var file: String
    /// 1-based; 0 when the problem is not at one place in the file.
    public var line: Int
    public var column: Int
    /// The dotted key (`apps[1].namespace`, `roles.warn.fg`) or flag (`--namespace`); empty for the whole file.
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
