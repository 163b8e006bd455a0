import ArgumentParser
import ConsoleUI
import Foundation
import Logging
import RunbookEngine
import Terminal

/// Opens the journal and the screen, runs a session, and gives the terminal back whatever happens.
struct ConsoleLauncher {
    enum Mode {
        /// Drive an incident from the start.
        case drive(IncidentConfig, Ports)
        /// Continue a journal after a crash: replay it, then re-check what was running.
        case resume(JournalContents, Ports)
        /// Watch a driver's journal, read-only.
        case follow(JournalContents)
        /// Play a recorded journal back, read-only, `speed` times faster than it happened.
        case replay(JournalContents, speed: Double)
    }

    /// `train`'s trainee layer: hints on screen, and the debrief's lines from the drill's events.
    struct Training {
        var view: TrainingView
        var debrief: @Sendable ([Event]) -> [String]
    }

    var journalPath: String
    var theme: Theme = Theme.builtIn
    var training: Training?

    func run(_ mode: Mode) async throws {
        ConsoleLog.started(CommandLine.arguments.dropFirst().first ?? "console")
        let log = Logger(label: "console")
        log.info("journal \(journalPath)")
        let driver = Self.driverName()
        var journal: JournalWriter?
        var ports: Ports?
        var replayed: [Event] = []
        var first: [Event] = []
        var view = ViewState()
        switch mode {
        case .drive(let config, let worldPorts):
            ports = worldPorts
            journal = try open(journalPath, nextSeq: 1)
            first = [Event(at: worldPorts.clock.now(), .started(config: config, driver: driver))]
        case .resume(let contents, let worldPorts):
            ports = worldPorts
            journal = try open(journalPath, nextSeq: (contents.records.last?.seq ?? 0) + 1)
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
        }
        view.training = training?.view

        let screen = CursesScreen(theme: theme)
        let signals = TerminationSignals.install()
        do { try await screen.start() } catch { throw Failure.exit("\(error.message)") }
        CrashRestore.install(journal: TerminalSafe.text(journalPath, keepLines: false))
        let reason: String
        do {
            let waker = try InputWaker()
            waker.start()
            let session = await ConsoleSession(
                state: ConsoleState(runbook: RunbookState(), view: view), screen: screen, journal: journal,
                clock: ports?.clock, driver: driver, glyphs: Glyphs.forLocale(utf8: CursesScreen.localeUsesUTF8()))
            if let ports {
                let app = (Runbook.replay(replayed).config?.app) ?? first.compactMap(\.config).first?.app ?? "incident"
                await session.attach(ports: ports, outputDirectory: (journalPath as NSString).deletingLastPathComponent, app: app)
            }
            await session.replay(replayed)
            await session.setRearm { waker.rearm() }
            if let training { await session.setDebrief(training.debrief) }
            let inputs = session.inputs
            var pumps = [
                Task {
                    for await wake in waker.wakes {
                        switch wake {
                        case .input, .resize: inputs.yield(.keysReady)
                        case .poke: break
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
                pumps.append(Self.play(contents.events, speed: speed, into: inputs))
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
    }

    private func open(_ path: String, nextSeq: Int) throws -> JournalWriter {
        do { return try JournalWriter(path: path, nextSeq: nextSeq) } catch {
            throw Failure.exit("\(error)")
        }
    }

    /// Tails the driver's journal and feeds its events to a read-only session.
    private func follow(_ path: String, from contents: JournalContents, into inputs: AsyncStream<ConsoleInput>.Continuation) -> Task<Void, Never> {
        let tail = JournalTail(path: path, offset: contents.consumedBytes, lines: contents.consumedLines)
        return Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                switch try? tail.poll() {
                case .appended(let records)?:
                    for record in records { inputs.yield(.event(record.event)) }
                case .restarted(let records)?:
                    inputs.yield(.restart(records.map(\.event)))
                case nil:
                    break
                }
            }
        }
    }

    /// Feeds a journal's events to a read-only session, paced by their own timestamps.
    /// A pause longer than `longestPause` (real seconds) is shortened to it: nobody watches an idle minute.
    static func play(_ events: [Event], speed: Double, longestPause: Double = 3,
                     into inputs: AsyncStream<ConsoleInput>.Continuation) -> Task<Void, Never> {
        Task.detached {
            var previous: Date?
            for event in events {
                if let previous {
                    let pause = min(longestPause, max(0, event.at.timeIntervalSince(previous)) / speed)
                    if pause > 0 { try? await Task.sleep(for: .seconds(saturating: pause)) }
                }
                if Task.isCancelled { return }
                inputs.yield(.event(event))
                previous = event.at
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

extension Event {
    var config: IncidentConfig? {
        if case .started(let config, _) = kind { return config }
        return nil
    }
}
