/// A scenario file that cannot be used, with where and why: "drill.yaml:12:5: releases[2].digest: …".
public struct ScenarioFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is the file as a whole.
    public var line: Int
    public var column: Int
    /// The key the problem is at, such as `releases[2].digest`; empty for the whole file.
    public var key: String
    public var message: String

    public init(file: String, line: Int, column: Int = 0, key: String, message: String) {
        self.file = file; self.line = line; self.column = column; self.key = key; self.message = message
    }

    /// Any error from loading `file`, as a ScenarioFileError.
    init(_ error: any Error, file: String) {
        self = (error as? ScenarioFileError) ?? ScenarioFileError(file: file, line: 0, key: "", message: "\(error)")
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
