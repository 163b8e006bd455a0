import Foundation
import Storage
import RunbookEngine

/// Performs the reducer's effects through the ports and posts each result back as an Event.
/// Every effect runs as its own task: nothing here blocks the screen.
struct EffectRunner: Sendable {
    let ports: Ports
    /// The journal: Step 4's message and Step 5's draft are written beside it, named after it.
    let journal: String
    let post: @Sendable (Event) -> Void

    @discardableResult
    func perform(_ effect: Effect) -> Task<Void, Never> {
        Task {
            guard let kind = await outcome(of: effect), !Task.isCancelled else { return }
            post(Event(at: ports.clock.now(), kind))
        }
    }

    private func outcome(of effect: Effect) async -> Event.Kind? {
        switch effect {
        case .read(let request):
            return await ports.answer(request)
        case .runGate(let command):
            return .gateFinished(step: command.step, result: await ports.argocd.run(command))
        case .schedule(let seconds, let timer):
            do { try await ports.clock.sleep(for: .seconds(saturating: seconds)) } catch { return nil }
            return .timerFired(timer)
        case .communicate(let message):
            return .communicated(write(message, to: IncidentFiles.statusMessage(journal)))
        case .writePostmortem(let markdown):
            return .postmortemWritten(write(markdown, to: IncidentFiles.postmortem(journal)))
        case .killSwitchFlipped:
            await ports.flags?.killSwitchFlipped()
            return nil
        }
    }

    /// 0600 from the first byte, never through a symlink or into another user's file (`PrivateFile`).
    private func write(_ text: String, to path: String) -> Outcome<String> {
        do {
            try PrivateFile.write(Data(text.utf8), to: path)
            return .ok(path)
        } catch {
            return .failed(PortError(.failed, "could not write \(error)"))
        }
    }
}
