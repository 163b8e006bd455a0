/// The panes of the console, in the order Tab visits them.
public enum Pane: String, Sendable, Equatable, CaseIterable {
    case application, history, migrations, latency, runbook, output

    public var title: String {
        switch self {
        case .application: "Application"
        case .history: "History"
        case .migrations: "Migrations"
        case .latency: "Latency p99"
        case .runbook: "Runbook"
        case .output: "Output"
        }
    }

    /// The pane after this one (Tab), wrapping around.
    public var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The pane before this one (Shift-Tab), wrapping around.
    public var previous: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + all.count - 1) % all.count]
    }
}
