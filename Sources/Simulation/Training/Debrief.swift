import Foundation
import RunbookEngine

/// What a drill came to, derived from its journal alone: the end reached against the intended
/// one, the time to mitigate against the runbook's targets, each mistake, the hints, a score.
public struct Debrief: Sendable, Equatable {
    public enum Ending: String, Sendable, Equatable {
        /// Rolled back and walked the runbook to Step 5.
        case completed
        /// Rolled back (3b done) and stopped before the end.
        case rolledBack
        /// Stopped at Step 0's UNSAFE hard stop without overriding it.
        case stoppedAtStep0
        /// Stopped without any rollback command running.
        case stoppedWithoutRollback
    }

    public var scenario: String
    public var intended: TrainingScenario.Intended
    public var ending: Ending
    public var metIntent: Bool
    public var mistakes: [Mistake]
    /// Steps a hint was shown for, in order.
    public var hints: [StepID]
    public var startedAt: Date?
    /// When the rollback was confirmed (and honoured), finished (Argo CD reports it), and verified (3c).
    public var rollbackConfirmedAt: Date?
    public var rollbackDoneAt: Date?
    public var verifiedAt: Date?
    public var score: Int

    /// The runbook: "30 seconds - 2 minutes for the rollback to propagate; total wall-clock with verification: 5-10 minutes".
    public static let mitigateTarget: ClosedRange<Double> = 30...120
    public static let totalTarget: ClosedRange<Double> = 300...600

    /// From the rollback command to Argo CD reporting it synced on the target: the runbook's
    /// "time to mitigate" (the rollback propagating).
    public var timeToMitigate: Double? {
        guard let confirmed = rollbackConfirmedAt, let done = rollbackDoneAt else { return nil }
        return done.timeIntervalSince(confirmed)
    }

    /// From sitting down to pressing y on the rollback: the trainee's part.
    public var timeToDecide: Double? {
        guard let started = startedAt, let confirmed = rollbackConfirmedAt else { return nil }
        return confirmed.timeIntervalSince(started)
    }

    /// From sitting down to verified.
    public var totalTime: Double? {
        guard let started = startedAt, let verified = verifiedAt else { return nil }
        return verified.timeIntervalSince(started)
    }

    static func rollbackRunning(_ state: RunbookState) -> Bool {
        if case .running = state.status(.rollback) { return true }
        return false
    }

    public static func derive(_ events: [Event], drill: TrainingScenario) -> Debrief {
        var state = RunbookState()
        var mistakes: [Mistake] = []
        var hints: [StepID] = []
        var rollbackConfirmedAt: Date?
        func add(_ kind: Mistake.Kind, at: Date, _ detail: String) {
            if let index = mistakes.firstIndex(where: { $0.kind == kind }) { mistakes[index].times += 1; return }
            mistakes.append(Mistake(kind: kind, at: at, times: 1, detail: detail))
        }
        for event in events {
            let before = state
            _ = Runbook.reduce(&state, event)
            switch event.kind {
            case .hintShown(let step, _):
                hints.append(step)
            case .confirmed(let step, _, _):
                if step > .schema, before.hardStop != nil {
                    add(.pastUnsafeStep0, at: event.at, "pressed y on \(step.label) at Step 0's hard stop")
                }
                if step == .rollback, before.autoSyncOff != true {
                    add(.rollbackWithAutoSyncOn, at: event.at, "pressed y on Step 3b while auto-sync was not verified off")
                }
                if step == .enableAutoSync, (before.revert.value ?? nil) == nil {
                    add(.autoSyncBeforeRevert, at: event.at, "pressed y on Step 3d before the bad commit was reverted")
                }
                guard step == .rollback, !Self.rollbackRunning(before), Self.rollbackRunning(state) else { break }
                rollbackConfirmedAt = event.at
                let target = state.lastKnownGood.map { "history \($0.id) (\($0.revision.short))" } ?? "?"
                switch drill.intended {
                case .noRollback: add(.rollbackNotIndicated, at: event.at, "rolled back to \(target)")
                case .killSwitch: add(.rollbackInsteadOfKillSwitch, at: event.at, "rolled back to \(target) instead of flipping the flag")
                case .stopAtStep0: add(.pastUnsafeStep0, at: event.at, "rolled back to \(target) over a forward-only migration")
                case .rollback:
                    if let wanted = drill.target, state.lastKnownGood?.id != wanted {
                        add(.wrongTarget, at: event.at, "rolled back to \(target); the last known good is history \(wanted)")
                    }
                }
            case .overrode:
                if before.override == nil, state.override != nil {
                    add(.pastUnsafeStep0, at: event.at, "overrode the UNSAFE verdict")
                }
            case .gateFinished(.rollback, let result) where result.stderr.contains("auto-sync is enabled"):
                add(.rollbackWithAutoSyncOn, at: event.at, "Argo CD refused the rollback: auto-sync was back on")
            default:
                break
            }
        }
        let rolledBack = rollbackConfirmedAt != nil
        let ending: Ending
        if state.isComplete, rolledBack { ending = .completed }
        else if rolledBack { ending = .rolledBack }
        else if state.hardStop != nil { ending = .stoppedAtStep0 }
        else { ending = .stoppedWithoutRollback }
        if drill.intended == .rollback, !rolledBack {
            add(.stoppedBeforeMitigating, at: state.now, "no rollback ran")
        }
        let metIntent: Bool
        switch drill.intended {
        case .rollback: metIntent = rolledBack && !mistakes.contains { $0.kind == .wrongTarget }
        case .stopAtStep0: metIntent = ending == .stoppedAtStep0
        case .killSwitch, .noRollback: metIntent = !rolledBack
        }
        let score = max(0, 100 - Hints.cost * hints.count - Mistake.cost * mistakes.count)
        return Debrief(scenario: drill.name, intended: drill.intended, ending: ending, metIntent: metIntent,
                       mistakes: mistakes, hints: hints, startedAt: state.startedAt,
                       rollbackConfirmedAt: rollbackConfirmedAt, rollbackDoneAt: state.finishedAt[.rollback],
                       verifiedAt: state.finishedAt[.verify], score: score)
    }
}
