import Foundation
import Testing
import RunbookEngine
import TestHarness
@testable import ConsoleUI

/// The gate invariant at the screen: whatever keys, resizes, redraws, pauses and results arrive in
/// whatever order, every confirmation `update` emits is for a gate whose whole bar — title, and the
/// exact command or the evidence it vouches for — and Runbook row the checker itself read in every
/// frame drawn since it appeared, for at least the arm delay when it runs a command. The checker reads
/// the frames' text, not `Frame.shownGate`, so a render that claims too much is caught too.
@Suite struct ScreenGateInvariantTests {
    typealias Update = @Sendable (ConsoleState, ScreenInput, Date, String) -> KeyOutcome

    /// Too small, just too small, and usable (twice as likely).
    static let sizes = [Size(width: 50, height: 12), Size(width: 79, height: 24), Size(width: 80, height: 23),
                        Size(width: 80, height: 24), Size(width: 120, height: 30), Size(width: 160, height: 48),
                        Size(width: 80, height: 24), Size(width: 120, height: 30), Size(width: 160, height: 48)]

    struct Found {
        var sequences = 0, inputs = 0, tooSmallRefusals = 0, earlyRefusals = 0
        var confirmed: [StepID: Int] = [:]
        var violation: String?
    }

    /// What the checker read on the terminal: the gate whose text the last frames all showed, and since when.
    struct Reading: Equatable { var step: StepID; var argv: [String]; var since: Date }

    /// Whether `frame`'s text shows `state`'s gate whole: the bar's title, every word of the command
    /// (or of the evidence summary), and the gate's row in the Runbook pane.
    static func reads(_ frame: Frame, _ state: ConsoleState) -> (step: StepID, argv: [String])? {
        guard let gate = state.runbook.gateStep else { return nil }
        let lines = frame.lines
        let squeezed = lines.joined().filter { !$0.isWhitespace }
        guard lines.contains(where: { $0.contains("▶ \(gate.name)") }),
              lines.contains(where: { $0.contains(gate.title) && $0.contains("awaiting") }) else { return nil }
        let command = state.runbook.gateCommand(for: gate)
        let whole = command?.commandLine ?? state.runbook.barEvidence(gate)
        guard squeezed.contains(whole.filter { !$0.isWhitespace }) else { return nil }
        return (gate, command?.argv ?? [])
    }

    static func run(seed: UInt64, sequences: Int, length: Int, update: Update) -> Found {
        var found = Found()
        var seeds = SeededRandom(seed: seed)
        let t0 = Date(timeIntervalSinceReferenceDate: 800_000_000)
        for index in 0..<sequences {
            var random = SeededRandom(seed: seeds.next())
            // Start anywhere from Pre-flight to 3b, so the mutating gates get their share of the keys.
            var incident = Incident.evidenceIn()
            let start = random.below(6)
            for _ in 0..<start { incident.confirm() }
            if start == 5 { answer(&incident) }
            var view = ViewState()
            var wall = t0
            var size = random.pick(sizes)
            var reading: Reading?
            found.sequences += 1
            for _ in 0..<length {
                found.inputs += 1
                var state = incident.console(view)
                switch random.weighted([6, 8, 2, 4, 2]) {
                case 0: // the shell draws a frame and tells `update`
                    let frame = render(state, size: size, glyphs: .unicode)
                    if let seen = reads(frame, state), ScreenLayout.fits(size) {
                        if reading?.step != seen.step || reading?.argv != seen.argv { reading = Reading(step: seen.step, argv: seen.argv, since: wall) }
                    } else {
                        reading = nil
                    }
                    view = update(state, .drawn(shownGate: frame.shownGate, size: size), wall, Incident.driver).view
                case 1: // a key
                    let key = random.pick([Key.character("y"), .character("y"), .character("y"), .character("y"), .character("n"),
                                           .character("q"), .character("?"), .escape, .escape, .tab, .character("j"), .character("k")])
                    let wasTooSmall = view.tooSmall
                    let outcome = update(state, .key(key), wall, Incident.driver)
                    view = outcome.view
                    if key == .character("y"), outcome.events.isEmpty, state.runbook.gateStep != nil {
                        if wasTooSmall { found.tooSmallRefusals += 1 }
                        if view.message?.hasPrefix("Read the command first") == true { found.earlyRefusals += 1 }
                    }
                    for kind in outcome.events {
                        if case .confirmed(let step, let argv, _) = kind {
                            guard let seen = reading, seen.step == step, seen.argv == argv,
                                  argv == (state.runbook.gateCommand(for: step)?.argv ?? []) else {
                                found.violation = "seed \(seed) sequence \(index): y confirmed \(step.label) \(argv) at \(size), read on screen: \(String(describing: reading))"
                                return found
                            }
                            if step.isMutating, wall.timeIntervalSince(seen.since) < gateArmSeconds {
                                found.violation = "seed \(seed) sequence \(index): \(step.label) confirmed \(wall.timeIntervalSince(seen.since)) s after it was drawn"
                                return found
                            }
                            found.confirmed[step, default: 0] += 1
                        }
                        incident.send(kind)
                    }
                    if outcome.quit { break }
                case 2: // the terminal is resized: what it shows is unknown until the next frame
                    size = random.pick(sizes)
                    reading = nil
                    view = update(state, .key(.resize), wall, Incident.driver).view
                case 3: // time passes
                    wall = wall.addingTimeInterval(Double(random.below(900)) / 1000)
                case _: // a command's result lands: the gate moves on without a redraw
                    answer(&incident)
                    state = incident.console(view)
                }
            }
        }
        return found
    }

    /// The world answers the command in flight, as Argo CD would.
    static func answer(_ incident: inout Incident) {
        let app = Incident.app
        if case .running = incident.state.status(.disableAutoSync) {
            incident.send(.gateFinished(step: .disableAutoSync, result: CommandResult(
                argv: ["argocd", "app", "set", app, "--sync-policy", "none"], exitCode: 0, stdout: "", stderr: "", seconds: 0.5)))
            incident.send(.appRead(.ok(Incident.application(autoSync: nil))))
        }
    }

    @Test func noKeyConfirmsAGateTheTerminalDidNotShowWholeForTheArmDelay() {
        let found = Self.run(seed: 0x1919, sequences: 200, length: 40, update: { update($0, $1, now: $2, by: $3) })
        print("screen gate invariant: \(found.sequences) sequences, \(found.inputs) inputs, confirmed \(found.confirmed.sorted { $0.key < $1.key }.map { "\($0.key.label)×\($0.value)" }), \(found.tooSmallRefusals) too-small and \(found.earlyRefusals) early refusals")
        #expect(found.violation == nil, "\(found.violation ?? "")")
        // The generator must reach what the rule is about, or passing proves nothing.
        #expect(found.confirmed[.disableAutoSync, default: 0] >= 10)
        #expect(found.confirmed[.rollback, default: 0] >= 5)
        #expect(found.tooSmallRefusals >= 50)
        #expect(found.earlyRefusals >= 50)
    }

    /// The rule before issue 19: a gate armed when it opened, whether or not the frame could show it.
    @Test func theCheckerCatchesAGateArmedWithoutBeingShown() {
        let armedWhenOpened: Update = { state, input, now, driver in
            guard case .drawn(_, _) = input, let gate = state.runbook.gateStep else { return update(state, input, now: now, by: driver) }
            let claimed = ShownGate(step: gate, argv: state.runbook.gateCommand(for: gate)?.argv ?? [])
            return update(state, .drawn(shownGate: claimed, size: Size(width: 160, height: 48)), now: now, by: driver)
        }
        let found = Self.run(seed: 0x1919, sequences: 200, length: 40, update: armedWhenOpened)
        #expect(found.violation != nil, "the faulty update went unnoticed")
    }
}
