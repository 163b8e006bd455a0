import Foundation
import RunbookEngine

/// What a drill came to, derived from its journal alone: the end reached against the intended
/// one, the trainee's decisions and the one the drill called for, the times against the runbook's
/// targets, each mistake, the hints, a score.
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
        /// Confirmed one of the runbook's other endings (Step 4 and 5 follow each).
        case handedOff, noRollback, killSwitch, escalated
    }

    public var scenario: String
    public var intended: TrainingScenario.Intended
    public var ending: Ending
    public var metIntent: Bool
    /// The trainee's decisions, in order; the drill's end is the last when it was a stop.
    public var decisions: [DrillDecision]
    /// The decision the drill is about, as the trainee made it; nil when it was never made.
    public var decisive: DrillDecision?
    public var mistakes: [Mistake]
    /// Steps a hint was shown for, in order.
    public var hints: [StepID]
    /// What the drill teaches: kept out of `train --list`, said here.
    public var lesson: String?
    public var startedAt: Date?
    /// When the rollback was confirmed (and honoured), and when it had propagated: the app on the
    /// rollback target with every pod on a good digest.
    public var rollbackConfirmedAt: Date?
    public var rollbackPropagatedAt: Date?
    public var verifiedAt: Date?
    public var score: Int

    public init(scenario: String, intended: TrainingScenario.Intended, ending: Ending, metIntent: Bool,
                decisions: [DrillDecision] = [], decisive: DrillDecision? = nil, mistakes: [Mistake], hints: [StepID],
                lesson: String? = nil, startedAt: Date? = nil, rollbackConfirmedAt: Date? = nil,
                rollbackPropagatedAt: Date? = nil, verifiedAt: Date? = nil, score: Int) {
        self.scenario = scenario; self.intended = intended; self.ending = ending; self.metIntent = metIntent
        self.decisions = decisions; self.decisive = decisive; self.mistakes = mistakes; self.hints = hints
        self.lesson = lesson; self.startedAt = startedAt; self.rollbackConfirmedAt = rollbackConfirmedAt
        self.rollbackPropagatedAt = rollbackPropagatedAt; self.verifiedAt = verifiedAt; self.score = score
    }

    /// The runbook: "30 seconds - 2 minutes for the rollback to propagate; total wall-clock with verification: 5-10 minutes".
    public static let mitigateTarget: ClosedRange<Double> = 30...120
    public static let totalTarget: ClosedRange<Double> = 300...600

    /// From the rollback command to every pod on the target: the runbook's "time to mitigate" (the
    /// rollback propagating). Not Argo CD's answer to the command, which comes at once.
    public var timeToMitigate: Double? {
        guard let confirmed = rollbackConfirmedAt, let propagated = rollbackPropagatedAt else { return nil }
        return propagated.timeIntervalSince(confirmed)
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

    /// The mitigation's command is running: Argo CD's rollback, or (a Rollout) the canary's abort.
    static func rollbackRunning(_ state: RunbookState) -> Bool {
        [StepID.rollback, .abortRollout].contains { if case .running = state.status($0) { true } else { false } }
    }

    /// The rollback has propagated: Argo CD on the target revision and every pod on a good digest (a
    /// Rollout: every pod on a stable hash that is not the bad revision's).
    static func propagated(_ state: RunbookState) -> Bool {
        if state.workload?.isRollout == true {
            let check = state.rolloutRecovery
            return check.stableIsGood && check.podsPassed
        }
        let check = state.recovery
        return check.onGoodRevision && check.podsPassed
    }

    /// The score so far, for the screen while the drill runs: what only the end can judge (a decision
    /// never made, a rollback never run) is left out until then.
    public static func runningScore(_ events: [Event], drill: TrainingScenario) -> Int {
        derive(events, drill: drill, ended: false).score
    }

    public static func derive(_ events: [Event], drill: TrainingScenario, ended: Bool = true) -> Debrief {
        var state = RunbookState()
        var mistakes: [Mistake] = []
        var hints: [StepID] = []
        var decisions: [DrillDecision] = []
        var rollbackConfirmedAt: Date?
        var rollbackPropagatedAt: Date?
        var stopped: Date?
        func add(_ kind: Mistake.Kind, at: Date, _ detail: String) {
            if let index = mistakes.firstIndex(where: { $0.kind == kind }) { mistakes[index].times += 1; return }
            mistakes.append(Mistake(kind: kind, at: at, times: 1, detail: detail))
        }
        for event in events {
            let before = state
            _ = Runbook.reduce(&state, event)
            if rollbackConfirmedAt != nil, rollbackPropagatedAt == nil, Self.propagated(state) { rollbackPropagatedAt = event.at }
            // Argo Rollouts aborted the canary on its analysis before the trainee did: users sat on it until then.
            if drill.intended == .abort, !before.status(.abortRollout).isFinished, case .skipped = state.status(.abortRollout) {
                add(.canaryLeftToAnalysis, at: event.at, "Argo Rollouts aborted the canary on its failed analysis at \(Format.clock(event.at)); no abort was confirmed before")
            }
            switch event.kind {
            case .hintShown(let step, _):
                hints.append(step)
            case .declined(let step, _) where before.gateStep == step:
                decisions.append(DrillDecision(.declined(step), at: event.at))
            case .choseLastKnownGood(let id, _) where state.lastKnownGood?.id == id && before.lastKnownGood?.id != id:
                decisions.append(DrillDecision(.choseTarget(id), at: event.at))
            case .stopped:
                stopped = stopped ?? event.at
            case .confirmed(let step, _, _):
                // The hand-off, and Steps 4 and 5 after it, are the way on from the hard stop, not past it.
                if step > .schema, step != .handOff, before.chosenEnding != .handOff, before.hardStop != nil {
                    add(.pastUnsafeStep0, at: event.at, "pressed y on \(step.label) at Step 0's hard stop")
                }
                // 3a's pin is the runbook's other guard: 3b with auto-sync on is right once the pin is verified.
                if step == .rollback, !before.rollbackGuarded {
                    add(.rollbackWithAutoSyncOn, at: event.at, before.pin != nil ? "pressed y on Step 3b while targetRevision was not verified pinned"
                        : "pressed y on Step 3b while auto-sync was not verified off")
                }
                if step == .enableAutoSync, (before.revert.value ?? nil) == nil {
                    add(.autoSyncBeforeRevert, at: event.at, "pressed y on Step 3d before the bad commit was reverted")
                }
                // Only a y the console acted on is a decision: a stale key on a closed gate moved nothing.
                if state.status(step) != before.status(step) { decisions.append(DrillDecision(.confirmed(step), at: event.at)) }
                guard step == .rollback || step == .abortRollout, !Self.rollbackRunning(before), Self.rollbackRunning(state) else { break }
                rollbackConfirmedAt = event.at
                let target = state.lastKnownGood.map { "history \($0.id) (\($0.revision.short))" } ?? "?"
                switch drill.intended {
                case .noRollback: add(.rollbackNotIndicated, at: event.at, "rolled back to \(target)")
                case .killSwitch: add(.rollbackInsteadOfKillSwitch, at: event.at, "rolled back to \(target) instead of flipping the flag")
                case .stopAtStep0: add(.pastUnsafeStep0, at: event.at, "rolled back to \(target) over a forward-only migration")
                case .escalate, .abort: break
                case .rollback:
                    if let wanted = drill.target, state.lastKnownGood?.id != wanted {
                        add(.wrongTarget, at: event.at, "rolled back to \(target); the last known good is history \(wanted)")
                    }
                }
            case .overrode:
                if before.override == nil, state.override != nil {
                    decisions.append(DrillDecision(.overrode, at: event.at))
                    add(.pastUnsafeStep0, at: event.at, "overrode the UNSAFE verdict")
                }
            case .gateFinished(.rollback, let result) where result.stderr.contains("auto-sync is enabled"):
                add(.rollbackWithAutoSyncOn, at: event.at, "Argo CD refused the rollback: auto-sync was back on")
            default:
                break
            }
        }
        let rolledBack = rollbackConfirmedAt != nil
        // The drill's end is a decision too: where the trainee stopped (the on-screen debrief comes before the journal's `stopped`).
        if ended, !state.isComplete {
            let open = state.gateStep ?? StepID.allCases.first { !state.status($0).isFinished && state.status($0) != .locked }
            decisions.append(DrillDecision(.stopped(at: open, atHardStop: state.hardStop != nil && state.override == nil),
                                           at: stopped ?? state.now))
        }
        let ending: Ending
        switch state.chosenEnding {
        case .handOff: ending = .handedOff
        case .noRollback: ending = .noRollback
        case .killSwitch: ending = .killSwitch
        case .escalate: ending = .escalated
        case .rolledBack, .abandoned, nil:
            if state.isComplete, rolledBack { ending = .completed }
            else if rolledBack { ending = .rolledBack }
            else if state.hardStop != nil { ending = .stoppedAtStep0 }
            else { ending = .stoppedWithoutRollback }
        }
        let decisive = Self.decisive(decisions, drill: drill, rolledBack: rolledBack)
        if ended, drill.intended.rollsBack, !rolledBack, !mistakes.contains(where: { $0.kind == .canaryLeftToAnalysis }) {
            add(.stoppedBeforeMitigating, at: state.now, drill.intended == .abort ? "no abort ran" : "no rollback ran")
        }
        if ended, drill.intended == .rollback, state.workload?.isRollout == true, rolledBack, !state.status(.promoteFull).isFinished {
            add(.rollbackNotPromoted, at: state.now, "Argo CD's rollback ran, promote-full never did")
        }
        if ended, !drill.intended.rollsBack, decisive == nil, !rolledBack, state.override == nil {
            add(.noDecision, at: stopped ?? state.now,
                "the drill ended before \(Self.evidence(for: drill.intended)) was read and vouched for: the stop was not a decision")
        }
        let metIntent: Bool
        switch drill.intended {
        case .rollback: metIntent = rolledBack && !mistakes.contains { $0.kind == .wrongTarget || $0.kind == .rollbackNotPromoted }
        case .abort: metIntent = decisive != nil
        case .stopAtStep0: metIntent = (ending == .stoppedAtStep0 || ending == .handedOff) && decisive != nil
        case .killSwitch, .noRollback, .escalate: metIntent = state.chosenEnding == drill.intended.ending && decisive != nil
        }
        let score = max(0, 100 - Hints.cost * hints.count - Mistake.cost * mistakes.count)
        return Debrief(scenario: drill.name, intended: drill.intended, ending: ending, metIntent: metIntent,
                       decisions: decisions, decisive: decisive, mistakes: mistakes, hints: hints, lesson: drill.lesson,
                       startedAt: state.startedAt, rollbackConfirmedAt: rollbackConfirmedAt,
                       rollbackPropagatedAt: rollbackPropagatedAt, verifiedAt: state.finishedAt[.verify], score: score)
    }

    /// The decision the drill is about, if the trainee made it: the honoured y on 3b for a rollback;
    /// for a stop, stopping once the evidence that calls for it was vouched for (Step 0's hard stop
    /// on screen, y on Step 2's diff, y on Step 1's deploy against the alert) — not merely quitting
    /// while the console held the line on its own.
    static func decisive(_ decisions: [DrillDecision], drill: TrainingScenario, rolledBack: Bool) -> DrillDecision? {
        func vouched(_ step: StepID) -> Bool { decisions.contains { $0.kind == .confirmed(step) } }
        switch drill.intended {
        case .rollback:
            return decisions.first { $0.kind == .confirmed(.rollback) }
        case .abort:
            return decisions.first { $0.kind == .confirmed(.abortRollout) }
        case .stopAtStep0:
            // The hand-off ending, or quitting with the hard stop on screen.
            if let handOff = decisions.first(where: { $0.kind == .confirmed(.handOff) }) { return handOff }
            return decisions.last.flatMap { if case .stopped(_, true) = $0.kind { $0 } else { nil } }
        case .killSwitch, .noRollback, .escalate:
            // The ending's own gate, confirmed with its evidence on screen.
            guard !rolledBack || drill.intended == .escalate else { return nil }
            // The runbook's gate for that ending, from its table.
            guard let gate = Runbook.codeRollback.endingSteps.first(where: { $0.ending == drill.intended.ending })?.step else { return nil }
            return decisions.first { $0.kind == .confirmed(gate) }
        }
    }

    /// What must be read before stopping counts as the drill's decision.
    static func evidence(for intended: TrainingScenario.Intended) -> String {
        switch intended {
        case .rollback: "Step 3b"
        case .stopAtStep0: "Step 0's verdict"
        case .killSwitch: "Step 2's diff and the kill switch's gate"
        case .noRollback: "Step 1's deploy time against the alert and the no-rollback gate"
        case .escalate: "3c's failed verification and the escalate gate"
        case .abort: "Step 3b's abort of the canary"
        }
    }
}
