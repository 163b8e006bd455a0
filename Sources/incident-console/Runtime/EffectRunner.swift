import Foundation
import RunbookEngine

/// Performs the reducer's effects through the ports and posts each result back as an Event.
/// Every effect runs as its own task: nothing here blocks the screen.
struct EffectRunner: Sendable {
    let ports: Ports
    /// Where Step 4's message and Step 5's draft are written (beside the journal).
    let outputDirectory: String
    let app: String
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
            return .communicated(write(message, to: "\(app)-status-update.txt"))
        case .writePostmortem(let markdown):
            return .postmortemWritten(write(markdown, to: "\(app)-postmortem.md"))
        }
    }

    private func write(_ text: String, to name: String) -> Outcome<String> {
        let path = (outputDirectory as NSString).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return .ok(path)
        } catch {
            return .failed(PortError(.failed, "could not write \(path): \(error.localizedDescription)"))
        }
    }
}
