import Foundation

/// The incident's clock for the status line: how long since the alert fired and since the console
/// started, and once p99 is back, how long the mitigation took — on the incident's own clock (`now`),
/// so a replay or a drill at speed shows what the driver saw.
public struct IncidentClock: Sendable, Equatable {
    /// When the alert started firing (nil: no alert configured, or not firing).
    public var alertAt: Date?
    public var consoleAt: Date?
    /// When recovery was established: 3c's check passed, or the kill switch's watch saw p99 hold.
    public var mitigatedAt: Date?
    public var now: Date

    /// Shortest last: the status line takes the longest that fits.
    public var texts: [String] {
        let start = alertAt ?? consoleAt
        if let mitigatedAt, let start {
            let took = Format.duration(max(0, mitigatedAt.timeIntervalSince(start)))
            let from = alertAt == nil ? "the console's start" : "the alert"
            return ["mitigated \(took) after \(from)", "mitigated in \(took)"]
        }
        var parts: [String] = []
        if let alertAt { parts.append("alert \(Format.duration(max(0, now.timeIntervalSince(alertAt)))) ago") }
        if let consoleAt { parts.append("console \(Format.duration(max(0, now.timeIntervalSince(consoleAt))))") }
        guard !parts.isEmpty else { return [] }
        return [parts.joined(separator: ", "), parts[0]]
    }
}

extension RunbookState {
    public var incidentClock: IncidentClock {
        let kill: Date? = status(.killSwitch).isFinished && killSwitchFlippedAt != nil ? finishedAt[.killSwitch] : nil
        let verified: Date? = status(.verify) == .awaitingConfirmation || status(.verify).isFinished ? gateOpenedAt[.verify] : nil
        return IncidentClock(alertAt: alertStart.value ?? nil, consoleAt: startedAt, mitigatedAt: verified ?? kill, now: now)
    }
}
