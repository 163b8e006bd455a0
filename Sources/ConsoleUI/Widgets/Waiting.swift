import Foundation
import RunbookEngine

/// What the console is waiting for, once a read has taken long enough to notice: a hung argocd or a
/// silent Prometheus shows by name and age on the status line while the screen keeps moving.
enum Waiting {
    /// A read faster than this is not worth a word.
    static let noticeAfter = 2.0

    /// The read or gate command waited on longest, as "waiting for argocd app get (12 s)", or nil.
    static func text(_ state: ConsoleState) -> String? {
        let now = state.clock
        let reads = Read.allCases.compactMap { read in state.runbook.inFlight[read].map { (source(read), $0) } }
        let oldest = (reads + [command(state.runbook)].compactMap { $0 }).min { $0.1 < $1.1 }
        guard let (what, since) = oldest else { return nil }
        let waited = now.timeIntervalSince(since)
        guard waited >= noticeAfter else { return nil }
        return "waiting for \(what) (\(Format.duration(waited)))"
    }

    /// The gate command in flight longest ("argocd app rollback") and since when it was confirmed.
    static func command(_ runbook: RunbookState) -> (String, Date)? {
        let oldest = (runbook.commandsInFlight ?? [:]).min { $0.value < $1.value }
        guard let (step, since) = oldest, let command = runbook.gateCommand(for: step) else { return nil }
        return (command.argv.prefix(3).joined(separator: " "), since)
    }

    /// The command or API a read goes to, as the on-call engineer would name it.
    static func source(_ read: Read) -> String {
        switch read {
        case .app: "argocd app get"
        case .migrations: "git diff of the migrations"
        case .diagnosis: "git show --stat"
        case .pods: "kubectl get pods"
        case .deployment: "kubectl get deployment"
        case .latency: "Prometheus (the metric 3c watches first)"
        case .metrics: "Prometheus (the other metrics)"
        case .alert: "Prometheus (alert start)"
        case .revert: "git log (revert)"
        case .diff: "argocd app diff"
        case .rollout: "kubectl get rollout"
        case .targetLatency: "Prometheus (the target's record)"
        case .permission: "argocd account can-i"
        case .syncWindows: "argocd proj windows list"
        }
    }
}
