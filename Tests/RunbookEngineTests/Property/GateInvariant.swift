import Foundation
@testable import RunbookEngine

/// A reducer as the checker sees it: the real one, or a deliberately broken one.
typealias Reducer = @Sendable (inout RunbookState, Event) -> [Effect]

/// A rule the state machine broke, at which event.
struct Violation: Error, Equatable, CustomStringConvertible {
    var rule: String
    var detail: String
    var eventIndex: Int
    var description: String { "\(rule): \(detail)" }
}

/// Issue 8's gate invariant, checked after every event of a sequence:
/// - every `.runGate` (and every Step 4/5 hand-over) answers exactly one driver confirmation of that step,
///   with the argv the gate showed, given while that step was confirmable, and each confirmation runs once;
/// - steps run in order (a branch not offered, or a step the ending left behind, does not hold the line),
///   nothing but 3d runs after an ending, Steps 4 and 5 only after one, 3d only once the revert is in;
/// - no rollback (nor the Rollouts path's promote-full) while auto-sync is on or not known;
/// - no `argocd app rollback` once a canary was aborted (the Rollouts table's abort path);
/// - nothing mutates while Step 0's hard stop stands;
/// - replaying the journal so far gives the live state.
struct GateInvariant {
    let reduce: Reducer
    private(set) var live = RunbookState()
    private(set) var journal: [Event] = []
    /// The journal so far replayed on its own, one event at a time (what `follow` and `resume` do).
    private var replayed = RunbookState()
    /// Also write each event through the journal codec and replay the whole decoded prefix from scratch
    /// after every event (quadratic: for a sample of sequences).
    var replaysThroughTheJournalCodec = false
    private var decoded: [Event] = []

    init(reduce: @escaping Reducer = { Runbook.reduce(&$0, $1) }) { self.reduce = reduce }

    /// Reduces one event and checks every rule; the effects are returned for the caller's world.
    mutating func step(_ event: Event) -> Result<[Effect], Violation> {
        let before = live
        let effects = reduce(&live, event)
        journal.append(event)
        let index = journal.count - 1
        func broke(_ rule: String, _ detail: String) -> Result<[Effect], Violation> {
            .failure(Violation(rule: rule, detail: detail, eventIndex: index))
        }

        let handOvers = effects.filter { $0.mutation != nil || $0.isFileStep }
        let leaving = if case .stopped = event.kind { true } else { false }
        // Leaving an incident with no ending writes the abandoned hand-over (Step 4's and 5's texts), nothing else.
        let abandonedHandOver = leaving && handOvers.count == 2 && handOvers.allSatisfy(\.isFileStep)
        if handOvers.count > 1, !abandonedHandOver { return broke("one confirmation, one command", "\(handOvers.count) commands for one event") }
        if leaving, !handOvers.isEmpty {
            if handOvers.contains(where: { $0.mutation != nil }) { return broke("no command without a confirmation", "a command ran on the way out") }
            if live.ending != .abandoned { return broke("the abandoned hand-over only when abandoned", "ending \(live.ending?.title ?? "none")") }
        } else if let effect = handOvers.first {
            let step = effect.mutation?.step ?? effect.fileStep!
            guard case .confirmed(let confirmed, let argv, let by) = event.kind else {
                return broke("no command without a confirmation", "\(effect.transcript) after \(Transcript.describe(event.kind))")
            }
            if confirmed != step { return broke("the confirmation names the command's step", "y on \(confirmed.label) ran \(effect.transcript)") }
            if by.isEmpty { return broke("a driver confirms", "a confirmation without a driver ran \(effect.transcript)") }
            if !before.isConfirmable(step) { return broke("confirmed while confirmable", "\(step.label) was \(before.status(step).word) → \(effect.transcript)") }
            if let command = effect.mutation {
                if command.argv != argv { return broke("the command is the one confirmed", "confirmed \(argv) → ran \(command.argv)") }
                if command != before.gateCommand(for: step) { return broke("the command is the one the gate showed", "\(command.commandLine) vs \(before.gateCommand(for: step)?.commandLine ?? "none")") }
                // Every earlier step is finished, or a branch that was not offered, or left behind by the ending.
                if let early = StepID.allCases.first(where: { $0 < step && !before.isSettled($0) }) {
                    return broke("steps run in order", "\(step.label) ran while \(early.label) was \(before.status(early).word)")
                }
                if step != .enableAutoSync, let ending = before.chosenEnding {
                    return broke("nothing but 3d runs after an ending", "\(effect.transcript) after the ending \(ending.title)")
                }
                if step == .rollback, before.rolloutAborted {
                    return broke("no rollback on the abort path", "the canary was aborted → \(effect.transcript)")
                }
                // The runbook's alternative (3a's pin): auto-sync stays on, and 3b syncs only an app Argo CD shows pinned to the target.
                let pinnedToTarget = { (state: RunbookState) -> Bool in
                    guard let target = state.lastKnownGood, let pin = state.pin, pin.revision == target.revision else { return false }
                    return state.app.value?.targetRevisions == [target.revision.rawValue]
                }
                if step == .rollback, before.pin != nil || live.pin != nil, !(pinnedToTarget(before) && pinnedToTarget(live)) {
                    return broke("no sync to the pin unless Argo CD shows it pinned to the target", "targetRevision \(before.app.value?.targetRevisions ?? []) → \(effect.transcript)")
                }
                if step == .rollback || step == .promoteFull, before.pin == nil, before.autoSyncOff != true || live.autoSyncOff != true {
                    return broke("no rollback while auto-sync is on or unknown", "auto-sync \(before.autoSyncOff.map { $0 ? "off" : "ON" } ?? "unknown") → \(effect.transcript)")
                }
                if step == .enableAutoSync, (before.revert.value ?? nil) == nil {
                    return broke("3d only after the revert", "no revert known → \(effect.transcript)")
                }
            }
        }
        if effects.contains(where: \.isFileStep), live.ending == nil || (before.chosenEnding == nil && live.ending != .abandoned) {
            return broke("Steps 4 and 5 only after an ending", "a hand-over with no ending chosen")
        }
        if effects.contains(where: { $0.mutation != nil }), before.hardStop != nil || live.hardStop != nil {
            return broke("no mutation under Step 0's hard stop", "\(effects.compactMap(\.mutation).map(\.commandLine))")
        }
        _ = reduce(&replayed, event)
        if replayed != live { return broke("replay equals the live state", "replaying \(journal.count) events gave another state") }
        if replaysThroughTheJournalCodec {
            guard let line = try? JournalCodec.encode(JournalRecord(seq: journal.count, event: event)),
                  let record = try? JournalCodec.decode(line) else {
                return broke("every event survives the journal", "\(Transcript.describe(event.kind)) could not be written and read back")
            }
            decoded.append(record.event)
            var fromScratch = RunbookState()
            for event in decoded { _ = reduce(&fromScratch, event) }
            if fromScratch != live { return broke("replay equals the live state", "replaying the journal's \(decoded.count) lines gave another state") }
        }
        return .success(effects)
    }

    /// Checks a whole sequence; the first violation, if any.
    static func check(_ events: [Event], reduce: @escaping Reducer) -> Violation? {
        var invariant = GateInvariant(reduce: reduce)
        for event in events {
            if case .failure(let violation) = invariant.step(event) { return violation }
        }
        return nil
    }
}

extension Effect {
    var isFileStep: Bool { fileStep != nil }
    var fileStep: StepID? {
        switch self {
        case .communicate: .communicate
        case .writePostmortem: .postmortem
        case .postStatus: .postStatus
        default: nil
        }
    }
    var transcript: String {
        switch self {
        case .runGate(let command): "RUN `\(command.commandLine)`"
        case .communicate: "hand over the status message"
        case .writePostmortem: "write the postmortem"
        case .postStatus(let body): "POST \(body) to the status webhook"
        case .killSwitchFlipped: "tell the flag service the kill switch is flipped"
        case .read(let read): "read \(read.kind.rawValue)"
        case .schedule(let after, let timer): "timer \(timer.rawValue) in \(Int(after)) s"
        }
    }
}
