/// How bad the incident is, as Step 4 of the runbook grades it: P1 tells the status channel; P0 also
/// tells the tenants and the status page.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case p1 = "P1"
    case p0 = "P0"

    /// The other grade: what `p` at Step 4's gate switches to.
    public var toggled: Severity { self == .p1 ? .p0 : .p1 }

    /// P0 is the more severe.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .p1 && rhs == .p0 }
}
