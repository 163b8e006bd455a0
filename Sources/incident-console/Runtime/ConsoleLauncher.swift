import ArgumentParser
import ConsoleUI
import Foundation
import Storage
import Logging
import Postmortem
import RunbookEngine
import Terminal

/// Opens the screen, runs a session on the journal (claimed and locked by the command when it drives one),
/// and gives the terminal back whatever happens.
struct ConsoleLauncher {
    enum Mode {
        /// Drive an incident from the start, in a journal created for it.
        case drive(IncidentConfig, Ports, DrivenJournal)
        /// Continue a journal after a crash: from its replayed state, re-check what was running.
        case resume(ReplayedJournal, Ports, DrivenJournal)
        /// Watch a driver's journal, read-only, from its replayed state.
        case follow(ReplayedJournal)
        /// Play a recorded journal back, read-only, `speed` times faster than it happened.
        /// Only the events are kept (the player needs them all), not the records they were read from.
        case replay([Event], speed: Double)
    }

    /// `train`'s trainee layer: hints on screen, and the running score and the debrief from the drill's events.
    struct Training {
        var view: TrainingView
        var score: @Sendable ([Event]) -> Int
        var debrief: @Sendable ([Event]) -> DebriefSheet
    }

    var journalPath: String
    var theme: Theme = Theme.builtIn
    var training: Training?
    /// What this console's ending adds to the exercise log (`ExerciseLog`): nil for the demo, follow and replay.
    var exercise: Exercise.Kind?
    /// Said on a new incident's first screen (the stale-runbook warning), until the first key.
    var firstScreenMessage: String?
    /// Step 5's Mustache template (the config's `postmortemTemplate`), already read; nil: the built-in layout.
    var postmortemTemplate: String?

    func run(_ mode: Mode) async throws {
        try ConsoleLog.check()
        ConsoleLog.started(CommandLine.arguments.dropFirst().first ?? "console")
        let log = Logger(label: "console")
        log.info("journal \(journalPath)")
        let driver = Self.driverName()
        var driven: DrivenJournal?
        var ports: Ports?
        // Resume and follow start from the state the journal was replayed to (once, before here).
        var start = RunbookState()
        var first: [Event] = []
        var view = ViewState()
        switch mode {
        case .drive(let config, let worldPorts, let claimed):
            ports = worldPorts
            driven = claimed
            first = [Event(at: worldPorts.clock.now(), .started(config: config, driver: driver))]
            view.message = firstScreenMessage
        case .resume(let journal, let worldPorts, let claimed):
            ports = worldPorts
            driven = claimed
            start = journal.state
            first = [Event(at: worldPorts.clock.now(), .resumed(by: driver))]
            view.message = journal.repairNote
        case .follow(let journal):
            start = journal.state
            view.readOnly = journal.state.driver
            view.message = journal.repairNote
        case .replay(let events, let speed):
            let recorded = Runbook.replay(events)
            view.readOnly = recorded.driver
            view.modeBanner = "REPLAY ×\(speed == speed.rounded() ? String(Int(speed)) : String(speed))" + (recorded.config?.mode == .simulation ? " · SIMULATION" : "")
            if let first = events.first, let last = events.last {
                view.replay = ReplayView(driver: recorded.driver, from: first.at, to: last.at, speed: speed)
            }
        }
        let replayControl = ReplayControl()
        replayControl.set(view.replay)
        view.training = training?.view

        let screen = CursesScreen(theme: theme)
        let signals = TerminationSignals.install()
        do { try await screen.start() } catch { throw Failure.exit("\(error.message)") }
        CrashRestore.install(resumable: driven == nil ? nil : TerminalSafe.text(journalPath, keepLines: false))
        let reason: String
        do {
            let waker = try InputWaker()
            waker.start()
            let session = await ConsoleSession(
                state: ConsoleState(runbook: start, view: view), screen: screen, journal: driven?.writer,
                clock: ports?.clock, driver: driver, glyphs: Glyphs.forLocale(utf8: CursesScreen.localeUsesUTF8()))
            if let ports { await session.attach(ports: ports, journal: journalPath, template: postmortemTemplate) }
            await session.setRearm { waker.rearm() }
            await session.setReplayControl(replayControl)
            if let training { await session.setDrill(score: training.score, debrief: training.debrief) }
            let inputs = session.inputs
            var pumps = [
                Task {
                    for await wake in waker.wakes {
                        switch wake {
                        case .input, .resize: inputs.yield(.keysReady)
                        case .hangup: inputs.yield(.signal(SIGHUP))
                        }
                    }
                },
                Task { for await number in signals.signals { inputs.yield(.signal(number)) } },
            ]
            if case .follow(let journal) = mode {
                pumps.append(try follow(journalPath, from: journal, into: inputs))
            }
            if case .replay(let events, let speed) = mode {
                pumps.append(Self.play(ReplayPlayer(events: events, speed: speed), control: replayControl, into: inputs))
            }
            if let crash = CrashSeam.requested { pumps.append(CrashSeam.schedule(crash)) }
            reason = await session.run(first: first)
            pumps.forEach { $0.cancel() }
            waker.stop()
        } catch {
            await screen.stop()
            log.error("stopped by an error: \(error)")
            throw Failure.exit("\(error)")
        }
        await screen.stop()
        log.info("stopped: \(reason)")
        print(TerminalSafe.text("incident-console: \(reason). Journal: \(journalPath)", keepLines: false))
        if driven != nil, let exercise, let problem = ExerciseLog.record(journal: journalPath, kind: exercise) {
            log.error("\(problem)")
            FileHandle.standardError.write(Data((TerminalSafe.text("incident-console: \(problem)", keepLines: false) + "\n").utf8))
        }
        // The lock goes only with the process: nothing may drive this journal until it has ended.
        withExtendedLifetime(driven) {}
    }

    /// Tails the driver's journal and feeds its events to a read-only session, reading when the journal
    /// changes (`JournalWatch`). A journal it cannot read (removed, no permission, I/O error) is said on
    /// screen until it can be read again.
    private func follow(_ path: String, from journal: ReplayedJournal, into inputs: InputQueue) throws -> Task<Void, Never> {
        let tail = JournalTail(path: path, offset: journal.consumedBytes, lines: journal.consumedLines, lastSeq: journal.lastSeq)
        let watch = try JournalWatch(path: path, inotify: ProcessInfo.processInfo.environment[Self.pollingVariable] == nil)
        Logger(label: "console").info("following with \(watch.mode.rawValue)")
        watch.start()
        return Task.detached {
            var shown: String?
            for await _ in watch.changes {
                let problem: String?
                do {
                    switch try tail.poll() {
                    case .appended(let records):
                        // A decision withdrawn after the fact (its fsync failed): rebuild without it.
                        if records.contains(where: { if case .decisionNotDurable = $0.event.kind { true } else { false } }),
                           let all = try? JournalReader.read(path: path) {
                            inputs.yield(.restart(all.events, note: "The driver's last decision did not reach the disk and was not acted on; rebuilt from the journal."))
                        } else {
                            for record in records { inputs.yield(.event(record.event)) }
                        }
                    case .restarted(let records):
                        let events = records.actedOn.map(\.event)
                        inputs.yield(.restart(events, note: "The journal was replaced; rebuilt from its \(events.count) events."))
                    }
                    problem = nil
                } catch {
                    problem = "\(error)"
                }
                if problem != shown { inputs.yield(.journalProblem(problem)) }
                shown = problem
            }
        }
    }

    /// Set (to anything), a follower polls its journal every 0.2 s instead of using inotify: the fallback, testable.
    static let pollingVariable = "INCIDENT_CONSOLE_FOLLOW_POLL"

    /// Feeds a journal's events to a read-only session, paced by the player (the journal's own timestamps,
    /// long gaps shortened). Space holds it (checked every tenth of a second), `s` plays on at once to the next step.
    static func play(_ player: ReplayPlayer, control: ReplayControl,
                     into inputs: InputQueue) -> Task<Void, Never> {
        Task.detached {
            var player = player
            var skipsDone = 0
            let tick = 0.1
            while !Task.isCancelled, let delay = player.delay {
                var waited = 0.0
                var skip = false
                while true {
                    if control.skips > skipsDone { skip = true; break }
                    let paused = control.paused
                    if !paused, waited >= delay { break }
                    // Paused, it looks again a tenth of a second later; playing, it sleeps out the gap in tenths.
                    let step = paused ? tick : min(tick, delay - waited)
                    try? await Task.sleep(for: .seconds(step))
                    if Task.isCancelled { return }
                    if !paused { waited += step }
                }
                if skip {
                    skipsDone = control.skips
                    for event in player.skipToNextStep() { inputs.yield(.event(event)) }
                } else if let event = player.advance() {
                    inputs.yield(.event(event))
                }
            }
        }
    }

    /// user@host, as the journal and a follower's banner name the driver.
    static func driverName() -> String {
        let environment = ProcessInfo.processInfo.environment
        let account = getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? account ?? "unknown"
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        return "\(user)@\(host)"
    }
}
