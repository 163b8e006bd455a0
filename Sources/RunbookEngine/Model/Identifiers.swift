/// An Argo CD history entry's id (`status.history[].id`).
public struct HistoryID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ value: Int) { self.rawValue = value }
    public static func < (lhs: HistoryID, rhs: HistoryID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// A git revision as Argo CD reports it (a full or short SHA).
public struct Revision: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ value: String) { self.rawValue = value }
    /// Seven characters, as people say revisions out loud.
    public var short: String { String(rawValue.prefix(7)) }
    public var description: String { short }
    /// Two revisions name the same commit when one is a prefix of the other (short vs full SHA).
    public func sameCommit(as other: Revision) -> Bool {
        guard !rawValue.isEmpty, !other.rawValue.isEmpty else { return false }
        return rawValue.hasPrefix(other.rawValue) || other.rawValue.hasPrefix(rawValue)
    }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}
