import ArgumentParser
import ConsoleUI
import Foundation
import Storage
import Logging
import RunbookEngine
import Terminal

/// Opens the screen, runs a session on the journal (claimed and locked by the command when it drives one),
/// and gives the terminal back whatever happens.
struct ConsoleLauncher {
    enum Mode {
        /// Drive an incident from the start, in a journal created for it.
        case drive(IncidentConfig, Ports, DrivenJournal)
        /// Continue a journal after a crash: replay it, then re-check what was running.
        case resume(JournalContents, Ports, DrivenJournal)
        /// Watch a driver's journal, read-only.
        case follow(JournalContents)
        /// Play a recorded journal back, read-only, `speed` times faster than it happened.
        case replay(JournalContents, speed: Double)
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

    func run(_ mode: Mode) async throws {
        try ConsoleLog.check()
        ConsoleLog.started(CommandLine.arguments.dropFirst().first ?? "console")
        let log = Logger(label: "console")
        log.info("journal \(journalPath)")
        let driver = Self.driverName()
        var driven: DrivenJournal?
        var ports: Ports?
        var replayed: [Event] = []
        var first: [Event] = []
        var view = ViewState()
        switch mode {
        case .drive(let config, let worldPorts, let claimed):
            ports = worldPorts
            driven = claimed
            first = [Event(at: worldPorts.clock.now(), .started(config: config, driver: driver))]
        case .resume(let contents, let worldPorts, let claimed):
            ports = worldPorts
            driven = claimed
            replayed = contents.events
            first = [Event(at: worldPorts.clock.now(), .resumed(by: driver))]
            view.message = contents.repairNote
        case .follow(let contents):
            replayed = contents.events
            view.readOnly = Runbook.replay(contents.events).driver
            view.message = contents.repairNote
        case .replay(let contents, let speed):
            let recorded = Runbook.replay(contents.events)
            view.readOnly = recorded.driver
            view.modeBanner = "REPLAY ×\(speed == speed.rounded() ? String(Int(speed)) : String(speed))" + (recorded.config?.mode == .simulation ? " · SIMULATION" : "")
            if let first = contents.events.first, let last = contents.events.last {
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
                state: ConsoleState(runbook: RunbookState(), view: view), screen: screen, journal: driven?.writer,
                clock: ports?.clock, driver: driver, glyphs: Glyphs.forLocale(utf8: CursesScreen.localeUsesUTF8()))
            if let ports { await session.attach(ports: ports, journal: journalPath) }
            await session.replay(replayed)
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
            if case .follow(let contents) = mode {
                pumps.append(follow(journalPath, from: contents, into: inputs))
            }
            if case .replay(let contents, let speed) = mode {
                pumps.append(Self.play(ReplayPlayer(events: contents.events, speed: speed), control: replayControl, into: inputs))
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
        // The lock goes only with the process: nothing may drive this journal until it has ended.
        withExtendedLifetime(driven) {}
    }

    /// Tails the driver's journal and feeds its events to a read-only session. A journal it cannot read
    /// (removed, no permission, I/O error) is said on screen until it can be read again.
    private func follow(_ path: String, from contents: JournalContents, into inputs: InputQueue) -> Task<Void, Never> {
        let tail = JournalTail(path: path, offset: contents.consumedBytes, lines: contents.consumedLines,
                               lastSeq: contents.records.last?.seq)
        return Task.detached {
            var shown: String?
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
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
