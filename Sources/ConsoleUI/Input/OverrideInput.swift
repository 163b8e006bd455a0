import Foundation
import RunbookEngine

/// Keys while the override dialog is open: they all go to the dialog, so a stray `y` types a `y`.
enum OverrideInput {
    static func handle(_ key: Key, _ state: ConsoleState, by driver: String) -> KeyOutcome {
        var view = state.view
        guard var dialog = view.overrideDialog else { return KeyOutcome(view: view) }
        let app = state.runbook.config?.app ?? ""
        switch key {
        case .escape:
            view.overrideDialog = nil
            view.message = "Override cancelled: Step 0 still stops the runbook."
            return KeyOutcome(view: view)
        case .character(let character):
            guard character.isTypable else { break }
            switch dialog.stage {
            case .typingApp where dialog.typedApp.count < OverrideDialog.maxLength: dialog.typedApp.append(character)
            case .typingReason where dialog.reason.count < OverrideDialog.maxLength: dialog.reason.append(character)
            default: break
            }
            dialog.problem = nil
        case .backspace:
            switch dialog.stage {
            case .typingApp: if !dialog.typedApp.isEmpty { dialog.typedApp.removeLast() }
            case .typingReason: if !dialog.reason.isEmpty { dialog.reason.removeLast() }
            }
            dialog.problem = nil
        case .enter:
            switch dialog.stage {
            case .typingApp:
                if dialog.typedApp == app && !app.isEmpty {
                    dialog.stage = .typingReason
                    dialog.problem = nil
                } else {
                    dialog.problem = "That is not the app name: type \(app) exactly."
                }
            case .typingReason:
                let reason = dialog.reason.trimmingCharacters(in: .whitespaces)
                guard !reason.isEmpty else {
                    dialog.problem = "A reason is required: it goes into the journal and the postmortem."
                    break
                }
                view.overrideDialog = nil
                view.message = "Override sent: journaled with your name and reason."
                return KeyOutcome(view: view, events: [.overrode(typedApp: dialog.typedApp, reason: reason, by: driver)])
            }
        default:
            break
        }
        view.overrideDialog = dialog
        return KeyOutcome(view: view)
    }
}
