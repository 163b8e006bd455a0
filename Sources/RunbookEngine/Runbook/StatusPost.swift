import Foundation

/// Step 4b: Step 4's channel message posted to a Slack incoming webhook as `{"text": …}`, offered only
/// when the config names the variable holding the webhook's URL. Optional like the runbook's own
/// "post in the channel": `n` leaves it to a paste, and a post that fails is said and the runbook goes on.
public enum StatusPost {
    /// The exact bytes posted, and shown at the gate: Slack's incoming-webhook body.
    public static func body(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding one String field cannot fail; an empty body would be refused by the webhook anyway.
        return (try? encoder.encode(["text": text])).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Whether the webhook took the post (Slack answers 200 "ok").
    public static func accepted(_ status: Int) -> Bool { (200..<300).contains(status) }
}

extension Runbook {
    static let postStatusRow = StepRow(
        step: .postStatus, number: "4b", title: "Post the message", after: [.communicate],
        // Like Step 4, only while an ending stands: a false start after Step 4 takes "rolled back" away again.
        needs: { $0.chosenEnding != nil },
        offered: { $0.config?.postsStatus == true }, survivesEnding: { _ in true }, gate: .post,
        judge: { state, _ in state.statusPostBody == nil ? nil : .awaitingConfirmation },
        onDecline: { state, _, by in state.skip(.postStatus, "declined by \(by): not posted (c copies the message to paste by hand)") })

    /// The webhook's answer settles 4b either way: a refusal or an error is a note, and Step 5 follows.
    static func statusPosted(_ outcome: Outcome<Int>, _ state: inout RunbookState) {
        guard state.isRunning(.postStatus) else { return }
        switch outcome {
        case .ok(let status) where StatusPost.accepted(status):
            state.finish(.postStatus, summary: "posted: the webhook answered HTTP \(status)")
            state.note(.info, "Step 4's message was posted to the status webhook (HTTP \(status)).")
        case .ok(let status):
            state.skip(.postStatus, "not posted: the webhook answered HTTP \(status)")
            state.note(.danger, "The status webhook answered HTTP \(status): the message was NOT posted. Post it by hand (c copies it).")
        case .failed(let error):
            state.skip(.postStatus, "not posted: \(error.message)")
            state.note(.danger, "The status message was NOT posted: \(error.message). Post it by hand (c copies it).")
        }
    }
}
