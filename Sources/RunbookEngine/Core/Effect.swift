import Foundation

/// I/O the reducer asks for. The effect runner performs it through a port and posts the
/// result back as an Event; the reducer itself never touches the world.
public enum Effect: Sendable, Equatable {
    case read(ReadRequest)
    /// Run a mutating gate command — only ever emitted for a confirmation of that exact command.
    case runGate(GateCommand)
    /// Post `Timer` after `seconds` of the incident's clock.
    case schedule(after: Double, Timer)
    /// Hand the Step 4 status message to the operator (file + clipboard where possible).
    case communicate(message: String)
    /// POST this JSON body to the status webhook (Step 4b); the URL is the port's alone.
    case postStatus(body: String)
    /// Write the Step 5 postmortem draft.
    case writePostmortem(markdown: String)
    /// The driver says the feature flag is flipped (the kill switch): told to the flag port, which live
    /// is nobody the console can reach (the engineer flips it by hand) and in a drill is the simulated service.
    case killSwitchFlipped
}

public enum ReadRequest: Sendable, Equatable {
    case app(name: String)
    case migrations(from: Revision, to: Revision, glob: String)
    case diagnosis(revision: Revision)
    case pods(namespace: String, selector: String)
    case deployment(namespace: String, name: String)
    /// The series of the metric 3c watches first (`IncidentConfig.watchedFirst`).
    case latency(MetricSpec, from: Date, to: Date)
    /// The series of every other metric 3c watches, read together.
    case metrics([MetricWindow])
    case alert(name: String, around: Date)
    case revert(of: Revision)
    /// `argocd app diff APP --revision REV`: what rolling back to REV would change (a multi-source
    /// entry: each of its sources at its own revision).
    case diff(app: String, revision: Revision, sources: [HistorySource] = [])
    case rollout(namespace: String, name: String)
    /// p99 over the window the target revision was deployed: was the target green?
    case targetLatency(MetricSpec, revision: Revision, from: Date, to: Date)
    /// `argocd account can-i sync applications PROJECT/APP`, before 3b's gate.
    case permission(app: String, project: String)
    /// The app's `SyncWindow:` state (`argocd app get APP`) and, when denied, the project's windows
    /// (`argocd proj windows list PROJECT`).
    case syncWindows(app: String, project: String)

    public var kind: Read {
        switch self {
        case .app: .app
        case .migrations: .migrations
        case .diagnosis: .diagnosis
        case .pods: .pods
        case .deployment: .deployment
        case .latency: .latency
        case .metrics: .metrics
        case .alert: .alert
        case .revert: .revert
        case .diff: .diff
        case .rollout: .rollout
        case .targetLatency: .targetLatency
        case .permission: .permission
        case .syncWindows: .syncWindows
        }
    }
}

/// One metric's span to read.
public struct MetricWindow: Sendable, Equatable {
    public var metric: MetricSpec
    public var from: Date
    public var to: Date
    public init(metric: MetricSpec, from: Date, to: Date) { self.metric = metric; self.from = from; self.to = to }
}

extension Effect {
    /// The gate command, for effects that mutate the world.
    public var mutation: GateCommand? {
        if case .runGate(let command) = self { return command }
        return nil
    }
}
