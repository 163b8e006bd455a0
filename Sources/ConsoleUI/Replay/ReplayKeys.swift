/// A replay's own keys: Space pauses and resumes, `s` jumps to the next step. Everything else is read-only.
enum ReplayKeys {
    static func handle(_ key: Key, _ view: ViewState) -> KeyOutcome? {
        guard var replay = view.replay else { return nil }
        var view = view
        switch key {
        case .character(" "):
            replay.paused.toggle()
            view.message = replay.paused ? "Paused: Space plays on, s jumps to the next step." : nil
        case .character("s"):
            replay.skips += 1
            view.message = "Jumping to the next step."
        default:
            return nil
        }
        view.replay = replay
        return KeyOutcome(view: view)
    }
}
