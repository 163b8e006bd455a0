import RunbookEngine

/// `c`: Step 4's message to the clipboard. `update` only decides what is copied and what the status
/// line says; the screen sends it as OSC 52 (tmux keeps it in its paste buffer with
/// `set -g set-clipboard on`, and passes it to the terminal outside).
enum StatusMessageCopy {
    static func outcome(_ view: ViewState, _ runbook: RunbookState) -> KeyOutcome {
        var view = view
        guard runbook.config != nil, runbook.chosenEnding != nil || runbook.ending == .abandoned,
              runbook.status(.communicate) != .locked else {
            view.message = "c copies Step 4's message once Step 4 is open."
            return KeyOutcome(view: view)
        }
        let message = StatusMessage(runbook)
        // P1: the channel's message, ready to paste; P0: every part, under its heading.
        let text = message.severity == .p1 ? message.channelText : message.text
        let what = message.severity == .p1 ? "the P1 channel message" : "the P0 message (all three parts)"
        view.statusMessageCopied = true
        view.message = "Copied \(what) (\(text.count) chars) with OSC 52. Paste: your terminal's paste; tmux: prefix ] (needs set-clipboard on)"
        return KeyOutcome(view: view, copy: text)
    }
}
