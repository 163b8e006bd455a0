import Foundation

/// Step 4's message, in the words of the ending the incident came to: the channel message (P1), and
/// for a P0 also the tenant contacts' text and the status page's entry — each a part of its own, so the
/// screen, the copy and the file keep them apart. Built from the state alone (pure); every field from
/// the journal reaches it through `TerminalSafe`.
public struct StatusMessage: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        /// Where this part goes ("Channel #bookstore-platform-status", "Tenant contacts", "Status page").
        public var audience: String
        public var text: String
    }

    public var severity: Severity
    public var parts: [Part]

    /// The channel's message: what `c` copies and what a webhook would post.
    public var channelText: String { parts.first?.text ?? "" }

    /// The whole message as the file holds it: each part under its own heading, a blank line between.
    public var text: String {
        parts.map { "[\(severity.rawValue)] \($0.audience):\n\($0.text)" }.joined(separator: "\n\n") + "\n"
    }

    public init(_ state: RunbookState) {
        severity = state.severity
        let facts = Facts(state)
        let channel = state.config?.statusChannel ?? ""
        var parts = [("Channel" + (channel.isEmpty ? "" : " \(channel)"), facts.channelMessage)]
        if severity == .p0 {
            parts.append(("Tenant contacts",
                          "\(facts.app)\(facts.inRegion) has had degraded service since \(facts.since); \(facts.mitigated). We are investigating the root cause and will share the postmortem."))
            parts.append(("Status page",
                          "Degraded performance — \(facts.app)\(facts.inRegion): \(facts.mitigated). Monitoring; next update within the hour."))
        }
        // One line each, whatever a journal field holds: a newline in an app name cannot forge a heading.
        self.parts = parts.map { Part(audience: TerminalSafe.text($0.0, keepLines: false), text: TerminalSafe.text($0.1, keepLines: false)) }
    }
}

/// The fields the runbook's message names (raw: `StatusMessage` makes the whole text safe).
private struct Facts {
    let app: String, inRegion: String, what: String, bad: String, good: String, p99: String, since: String
    let state: RunbookState

    init(_ state: RunbookState) {
        self.state = state
        app = state.config?.app ?? "the app"
        inRegion = (state.config?.region).flatMap { $0.isEmpty ? nil : " in \($0)" } ?? ""
        let alert = state.config?.alertName ?? ""
        let metric = state.config?.watchedFirst ?? MetricSpec.latency(query: "", threshold: 0.5)
        what = alert.isEmpty ? (metric.unit == .seconds ? "\(metric.name) latency" : metric.name) : alert
        bad = state.badEntry?.revision.short ?? "?"
        good = state.lastKnownGood?.revision.short ?? "?"
        // The metric 3c watches first: the one the alert is about.
        let threshold = metric.format(metric.threshold)
        let (good, bad) = metric.direction == .below ? ("under", "over") : ("over", "under")
        p99 = state.recovery.latest.map { value in
            metric.isHealthy(value) ? "\(metric.name) recovered: \(metric.format(value)), \(good) the \(threshold) threshold"
                : "\(metric.name) has not recovered: \(metric.format(value)), \(bad) the \(threshold) threshold"
        } ?? "\(metric.name) not read (threshold \(threshold))"
        since = (state.alertStart.value ?? nil).map(Format.clock) ?? state.badEntry.map { Format.clock($0.deployedAt) } ?? "the deploy"
    }

    var mitigated: String {
        switch state.ending ?? .rolledBack {
        case .rolledBack: "mitigated at \(state.finishedAt[.rollback].map(Format.clock) ?? "?") by rolling back"
        case .handOff: "not yet mitigated; the data team is restoring it"
        case .noRollback: "under investigation; the latest deploy is not the cause"
        case .killSwitch: "mitigated at \(state.finishedAt[.killSwitch].map(Format.clock) ?? "?") by turning off a feature flag"
        case .escalate: "not yet mitigated; escalated"
        case .abandoned: "not yet mitigated"
        }
    }

    var channelMessage: String {
        let regressed = "\(what) regression on \(app) after deploy \(bad)\(inRegion)"
        switch state.ending ?? .rolledBack {
        case .rolledBack:
            let at = state.finishedAt[.rollback].map(Format.clock) ?? "(not rolled back)"
            return "\(regressed). Rolled back to \(good) at \(at); \(p99). Investigating root cause; next update within the hour."
        case .handOff:
            return "\(regressed). It shipped a database migration a code rollback cannot undo. No rollback was done: handed to the data-rollback runbook (\(Ending.dataRollbackRunbook)). \(p99.capitalizedFirst). Next update within the hour."
        case .noRollback:
            return "\(what) alert on \(app)\(inRegion) investigated: deploy \(bad) did not cause it (\(state.deployVersusAlert ?? "timing checked")). No rollback was done; \(p99). Looking for the cause elsewhere; next update within the hour."
        case .killSwitch:
            let at = state.finishedAt[.killSwitch].map(Format.clock) ?? "?"
            let files = state.changedFiles.isEmpty ? "" : " (\(state.changedFiles.joined(separator: ", ")))"
            return "\(what) regression on \(app) after config change \(bad)\(files)\(inRegion). Mitigated by disabling the feature flag at \(at); \(p99). No rollback was done. Investigating root cause; next update within the hour."
        case .escalate:
            let tried = state.status(.rollback).isFinished ? "A rollback to \(good) did not bring it back" : "The rollback failed"
            return "\(regressed). \(tried); \(p99). Escalated\(Messages.autoSyncStill(state)). Next update within 30 minutes."
        case .abandoned:
            return "\(regressed): the console was left at \(state.stoppedAt?.label ?? "an open step") by \(state.driver); \(p99)\(Messages.autoSyncStill(state)). Whoever takes over: incident-console resume."
        }
    }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
