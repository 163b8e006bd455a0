import ArgumentParser
import ConsoleUI
import Foundation
import RunbookEngine
import Terminal

/// Opens the journal and the screen, runs a session, and gives the terminal back whatever happens.
struct ConsoleLauncher {
    var options: SessionOptions

    func run(config: IncidentConfig, ports: Ports) async throws {
        let started = ports.clock.now()
        let path = options.journal ?? JournalWriter.defaultPath(app: config.app, at: Date())
        let journal: JournalWriter
        do { journal = try JournalWriter(path: path) } catch {
            throw CleanExit.message("incident-console: \(error)")
        }
        let driver = Self.driverName()
        let utf8 = CursesScreen.localeUsesUTF8()
        let screen = CursesScreen(theme: Theme.builtIn)
        let signals = TerminationSignals.install()
        do { try await screen.start() } catch {
            throw ValidationError(error.message)
        }
        let reason: String
        do {
            let waker = try InputWaker()
            waker.start()
            let session = await ConsoleSession(
                state: ConsoleState(runbook: RunbookState()), screen: screen, journal: journal,
                clock: ports.clock, driver: driver, glyphs: Glyphs.forLocale(utf8: utf8))
            await session.attach(ports: ports, outputDirectory: (path as NSString).deletingLastPathComponent, app: config.app)
            let inputs = session.inputs
            let pump = Task {
                for await wake in waker.wakes {
                    switch wake {
                    case .input, .resize: inputs.yield(.keysReady); waker.rearm()
                    case .poke: break
                    case .hangup: inputs.yield(.signal(SIGHUP))
                    }
                }
            }
            let signalPump = Task { for await number in signals.signals { inputs.yield(.signal(number)) } }
            reason = await session.run(first: [Event(at: started, .started(config: config, driver: driver))])
            pump.cancel()
            signalPump.cancel()
            waker.stop()
        } catch {
            await screen.stop()
            throw CleanExit.message("incident-console: \(error)")
        }
        await screen.stop()
        print("incident-console: \(reason). Journal: \(path)")
    }

    /// user@host, as the journal and a follower's banner name the driver.
    static func driverName() -> String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        return "\(user.isEmpty ? "unknown" : user)@\(ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost")"
    }
}
