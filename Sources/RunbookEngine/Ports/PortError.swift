/// A failure at the edge, phrased for the person at the keyboard.
public struct PortError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// The binary is not on PATH (or not executable).
        case missingBinary
        /// The command or request did not answer within its timeout.
        case timeout
        /// It answered with a failure (non-zero exit, HTTP error, server refusal).
        case failed
        /// It answered with something we could not read (garbage JSON, wrong shape).
        case malformed
        /// Nothing is there (empty result, unknown series).
        case empty
    }
    public var kind: Kind
    /// One line a person can act on, e.g. "argocd not found on PATH — install the Argo CD CLI or pass --argocd PATH".
    public var message: String
    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }
    public var description: String { message }
}
