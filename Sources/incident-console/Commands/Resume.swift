import ArgumentParser
import Foundation
import RunbookEngine
import Simulation

/// `incident-console resume`: continue an incident after a crash or a closed laptop.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue an incident from its journal after the console stopped or died.",
        discussion: """
        Replays the journal and goes on where it stopped. A command that was running when the \
        console died is shown as "outcome unknown" and its evidence is re-read before anything \
        else can be confirmed. A last line cut off mid-write is dropped, with a note.
        """
    )

    @Argument(help: ArgumentHelp("The journal to continue. Default: the newest one in $XDG_STATE_HOME/incident-console.", valueName: "journal"))
    var journal: String?

    func run() async throws {
        let path = try journal ?? JournalFiles.newest()
        let contents = try JournalFiles.read(path)
        if contents.repairNote != nil { try Self.dropTornLine(path, keeping: contents.consumedBytes) }
        let state = Runbook.replay(contents.events)
        guard let config = state.config else { throw CleanExit.message("incident-console: \(path) has no incident") }
        switch config.mode {
        case .simulation:
            // The simulated cluster starts again from the incident's beginning, its clock at the journal's end:
            // evidence is re-read from it, as it would be from a real cluster.
            let clock = VirtualClock(start: state.now, speed: 10)
            let world = try await SimulatedWorld(scenario: .runbookIncident, clock: clock)
            try await ConsoleLauncher(journalPath: path).run(.resume(contents, world.ports))
        case .live:
            throw CleanExit.message("incident-console: resuming a live incident needs live mode (`run`), which this build does not have yet")
        }
    }

    /// Cuts the torn last line off so new records start on a line of their own.
    static func dropTornLine(_ path: String, keeping bytes: Int) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(bytes))
    }
}
