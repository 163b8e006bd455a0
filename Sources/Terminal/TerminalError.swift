/// Why the screen could not start, in words an operator can act on.
public struct TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
