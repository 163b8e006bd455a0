import RunbookEngine

/// `D` once an ending is chosen and 3d is still open: leave auto-sync off for later, with a reason the
/// journal and the postmortem keep. While the reason is typed every key goes to it (a stray `y` types a `y`).
enum DeferInput {
    static let maxLength = 200

    static func start(_ view: ViewState, _ runbook: RunbookState) -> KeyOutcome {
        var view = view
        if case .running = runbook.status(.enableAutoSync) {
            view.message = "3d is running: nothing to defer."
        } else if runbook.chosenEnding != nil, runbook.autoSyncGuardStillOn {
            view.deferReason = ""
        } else {
            view.message = "D defers 3d (re-enable auto-sync) once the incident has an ending and 3d is still open."
        }
        return KeyOutcome(view: view)
    }

    static func handle(_ key: Key, _ state: ConsoleState, by driver: String) -> KeyOutcome {
        var view = state.view
        guard var reason = view.deferReason else { return KeyOutcome(view: view) }
        switch key {
        case .escape:
            view.deferReason = nil
            view.message = state.runbook.pin != nil ? "Not deferred: 3d stays open and the app stays pinned until it runs."
                : "Not deferred: 3d stays open and auto-sync stays off until it runs."
            return KeyOutcome(view: view)
        case .character(let character):
            guard character.isTypable, reason.count < maxLength else { break }
            reason.append(character)
        case .backspace:
            if !reason.isEmpty { reason.removeLast() }
        case .enter:
            let why = reason.trimmingCharacters(in: .whitespaces)
            guard !why.isEmpty else {
                view.message = "A reason is required: it goes into the journal and the postmortem."
                return KeyOutcome(view: view)
            }
            view.deferReason = nil
            view.message = state.runbook.pin.map { "3d deferred: journaled with your name and reason; the app stays pinned to \($0.revision.short)." }
                ?? "3d deferred: journaled with your name and reason; auto-sync stays OFF."
            return KeyOutcome(view: view, events: [.deferred(step: .enableAutoSync, reason: why, by: driver)])
        default:
            break
        }
        view.deferReason = reason
        return KeyOutcome(view: view)
    }
}
