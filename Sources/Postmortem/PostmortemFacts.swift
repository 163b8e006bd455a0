import Foundation
import RunbookEngine

/// What Step 5's postmortem says, read from a journal's events alone (any journal: live, demo, drill,
/// any ending): the incident's facts, a UTC timeline, the figures against the runbook's expectations and
/// the mandatory action items filled from the evidence. Pure: the same events give the same facts.
public struct PostmortemFacts: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var at: Date
        public var text: String
    }

    /// The kind of workload behind the app: a seam for the Rollouts table (a plain Deployment unless evidence says otherwise).
    public struct Workload: Sendable, Equatable {
        public var kind: String
        /// The AnalysisRun that judged the bad revision, when there is one.
        public var analysisRun: String?
        public static let deployment = Workload(kind: "Deployment", analysisRun: nil)
        public init(kind: String, analysisRun: String?) { self.kind = kind; self.analysisRun = analysisRun }
    }

    public var state: RunbookState
    public var timeline: [Line] = []
    /// When p99 first came back under the threshold after being over it.
    public var recoveredAt: Date?
    /// When Step 4's message was first handed over.
    public var firstMessageAt: Date?
    public var workload: Workload

    /// The runbook's expectations: 30 s – 2 min to propagate, 5–10 min in all.
    public static let propagation: ClosedRange<Double> = 30...120
    public static let total: ClosedRange<Double> = 300...600
    public static let templateReference = "../runbooks/postmortem-template.md"

    public init(events: [Event], workload: Workload = .deployment) {
        self.workload = workload
        var state = RunbookState()
        var above: Bool?
        var images: [String]?
        var autoSyncOn: Bool?
        var targetRevisions: [String]?
        var notesSeen = 0
        var lines: [Line] = []
        for event in events {
            _ = Runbook.reduce(&state, event)
            let at = event.at
            switch event.kind {
            case .started(let config, let driver):
                lines.append(Line(at: at, text: "Console started on \(config.app) by \(driver)\(config.mode == .simulation ? " (simulation)" : "")"))
            case .confirmed(let step, _, let by):
                lines.append(Line(at: at, text: "\(by) confirmed \(step.fullName)"))
            case .declined(let step, let by):
                lines.append(Line(at: at, text: "\(by) declined \(step.fullName): nothing ran"))
            case .overrode(_, let reason, let by):
                lines.append(Line(at: at, text: "\(by) overrode Step 0's UNSAFE verdict: \(reason)"))
            case .choseLastKnownGood(let id, let by):
                lines.append(Line(at: at, text: "\(by) chose history \(id) as the rollback target"))
            case .deferred(let step, let reason, let by):
                lines.append(Line(at: at, text: "\(by) deferred \(step.label): \(reason)"))
            case .severityChosen(let severity, let by):
                lines.append(Line(at: at, text: "\(by) set the severity to \(severity.rawValue)"))
            case .autoSyncGuardChosen(let mode, let by):
                lines.append(Line(at: at, text: mode == .pin ? "\(by) chose to pin targetRevision at Step 3a instead of disabling auto-sync"
                                  : "\(by) chose to disable auto-sync at Step 3a"))
            case .resumed(let by):
                lines.append(Line(at: at, text: "Console resumed by \(by)"))
            case .stopped(let reason):
                lines.append(Line(at: at, text: "Console stopped: \(reason)"))
            case .gateFinished(let step, let result):
                let ended = result.launchError.map { "could not start: \($0)" }
                    ?? (result.timedOut ? "timed out" : "exit \(result.exitCode.map(String.init) ?? "none")")
                let first = Format.firstLine(result.stdout.isEmpty ? result.stderr : result.stdout)
                lines.append(Line(at: at, text: "\(step.label): $ \(result.commandLine) → \(ended) in \(Format.seconds(result.seconds))"
                                  + (first.isEmpty ? "" : " — \(first)")))
            case .communicated(.ok):
                if firstMessageAt == nil { firstMessageAt = at }
                lines.append(Line(at: at, text: "Step 4: status message (\(state.severity.rawValue)) written"))
            case .statusPosted(let outcome):
                lines.append(Line(at: at, text: "Step 4b: status webhook " + (outcome.value.map {
                    StatusPost.accepted($0) ? "took the message (HTTP \($0))" : "refused the message (HTTP \($0))"
                } ?? "post failed: \(outcome.error?.message ?? "")")))
            case .latencyRead(.ok(let samples)):
                guard let last = samples.last, !last.seconds.isNaN, let metric = state.config?.watchedFirst else { break }
                let over = !metric.isHealthy(last.seconds)
                let (wrong, right) = metric.direction == .below ? ("over", "under") : ("under", "over")
                if over != above, above != nil || over {
                    lines.append(Line(at: at, text: over ? "\(metric.name) \(wrong) the threshold: \(metric.format(last.seconds)) (threshold \(metric.format(metric.threshold)))"
                                      : "\(metric.name) back \(right) the threshold: \(metric.format(last.seconds))"))
                    if !over, recoveredAt == nil { recoveredAt = at }
                }
                above = over
            case .podsRead(.ok(let pods)):
                let now = Array(Set(pods.map(\.image))).sorted()
                if let before = images, before != now, !now.isEmpty {
                    lines.append(Line(at: at, text: "Pods moved to \(now.joined(separator: ", ")) (\(pods.filter(\.ready).count)/\(pods.count) ready)"))
                }
                if !now.isEmpty { images = now }
            case .appRead(.ok(let app)):
                let on = app.autoSync != nil
                if let before = autoSyncOn, before != on {
                    lines.append(Line(at: at, text: "Argo CD reports auto-sync \(on ? "ON" : "off") on \(app.name)"))
                }
                autoSyncOn = on
                // The pin and its removal, as Argo CD reports them (read only by consoles that read targetRevision).
                if let now = app.targetRevisions {
                    if let before = targetRevisions, before != now {
                        lines.append(Line(at: at, text: "Argo CD reports targetRevision \(now.map { $0.isEmpty ? "unset" : $0 }.joined(separator: ", ")) on \(app.name)"))
                    }
                    targetRevisions = now
                }
            default:
                break
            }
            // Traps the console caught (auto-sync re-applying HEAD, a refusal, auto-sync back on): they changed the picture.
            for note in state.notes.dropFirst(notesSeen) where note.kind != nil {
                lines.append(Line(at: note.at, text: note.text))
            }
            notesSeen = state.notes.count
        }
        if let alert = state.alertStart.value ?? nil {
            let name = state.config?.alertName ?? ""
            lines.append(Line(at: alert, text: name.isEmpty ? "Alert started" : "Alert \(name) started"))
        }
        if let bad = state.badEntry {
            lines.append(Line(at: bad.deployedAt, text: "Bad deploy: history \(bad.id) (\(bad.revision.short)) synced"))
        }
        self.state = state
        // Stable: events in journal order keep their order at equal times.
        timeline = lines.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// The incident's start for the figures: the alert, else the bad deploy, else the console.
    public var incidentStart: Date? { (state.alertStart.value ?? nil) ?? state.badEntry?.deployedAt ?? state.startedAt }

    /// Alert → p99 back under the threshold.
    public var timeToMitigate: Double? {
        guard let start = incidentStart, let recoveredAt else { return nil }
        return recoveredAt.timeIntervalSince(start)
    }

    /// Mitigation confirmed (3b's command, or the flag flipped) → p99 back under the threshold.
    public var mitigationToRecovery: Double? {
        guard let recoveredAt, let mitigated = state.finishedAt[.rollback] ?? state.killSwitchFlippedAt ?? nil else { return nil }
        return recoveredAt.timeIntervalSince(mitigated)
    }

    /// Alert → Step 4's message.
    public var alertToFirstMessage: Double? {
        guard let start = incidentStart, let firstMessageAt else { return nil }
        return firstMessageAt.timeIntervalSince(start)
    }

    /// Within 48 h of the incident's start.
    public var dueDate: Date? { incidentStart.map { $0.addingTimeInterval(48 * 3600) } }

    /// The auto-sync footgun bit: a refusal, auto-sync re-applying HEAD, or auto-sync turned back on.
    public var autoSyncFootgunMet: Bool {
        state.notes.contains { [.falseStart, .autoSyncBack, .autoSyncRefusal].contains($0.kind) }
    }
}
