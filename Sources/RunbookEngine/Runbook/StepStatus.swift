/// Where one runbook step stands.
public enum StepStatus: Sendable, Equatable, Codable {
    /// An earlier step is not finished.
    case locked
    /// Current, gathering its evidence.
    case ready
    /// Evidence in; the gate waits for the driver's `y`.
    case awaitingConfirmation
    /// The gate's command (or the check after it) is in progress.
    case running(String)
    /// Not confirmable until something outside the console happens (e.g. the revert is merged).
    case waiting(String)
    case done(String)
    /// Failed with a reason; the gate re-opens where a retry makes sense.
    case failed(String)
    case skipped(String)
    /// The process died while this step ran: what happened is not known until the evidence is re-read.
    case outcomeUnknown

    public var isFinished: Bool {
        switch self {
        case .done, .skipped: true
        default: false
        }
    }

    public var word: String {
        switch self {
        case .locked: "locked"
        case .ready: "ready"
        case .awaitingConfirmation: "awaiting y"
        case .running: "running"
        case .waiting: "waiting"
        case .done: "done"
        case .failed: "failed"
        case .skipped: "skipped"
        case .outcomeUnknown: "outcome unknown"
        }
    }

    /// The reason or result that goes with the status, if any.
    public var detail: String? {
        switch self {
        case .running(let s), .waiting(let s), .done(let s), .failed(let s), .skipped(let s): s
        case .outcomeUnknown: "outcome unknown — re-check"
        default: nil
        }
    }
}
