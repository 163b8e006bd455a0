import Foundation
import Storage
import RunbookEngine

/// Performs the reducer's effects through the ports and posts each result back as an Event.
/// Every effect runs as its own task (`RunningTasks`): nothing here blocks the screen.
struct EffectRunner: Sendable {
    let ports: Ports
    /// Where Step 4's message and Step 5's draft go (beside the journal, named after it).
    let texts: any TextsPort
    let post: @Sendable (Event) -> Void
    /// Step 5's Markdown from the journal as it stands (nil: the reducer's draft in the effect).
    var postmortem: @Sendable () -> String? = { nil }

    /// Runs one effect (in the caller's task: `RunningTasks` gives each its own) and posts its result.
    func perform(_ effect: Effect) async {
        guard let kind = await outcome(of: effect), !Task.isCancelled else { return }
        post(Event(at: ports.clock.now(), kind))
    }

    private func outcome(of effect: Effect) async -> Event.Kind? {
        switch effect {
        case .read(let request):
            return await ports.answer(request)
        case .runGate(let command):
            // The gate's program picks the port: kubectl's only for the Rollouts plugin's abort.
            return .gateFinished(step: command.step, result: command.argv.first == "kubectl"
                                 ? await ports.cluster.run(command) : await ports.argocd.run(command))
        case .schedule(let seconds, let timer):
            do { try await ports.clock.sleep(for: .seconds(saturating: seconds)) } catch { return nil }
            return .timerFired(timer)
        case .communicate(let message):
            return .communicated(await texts.write(message, as: .statusUpdate))
        case .postStatus(let body):
            guard let webhook = ports.statusPost else {
                return .statusPosted(.failed(PortError(.failed, "this console has no status webhook (statusWebhookEnv) — nothing posted")))
            }
            return .statusPosted(await webhook.post(body))
        case .writePostmortem(let markdown):
            return .postmortemWritten(await texts.write(postmortem() ?? markdown, as: .postmortem))
        case .killSwitchFlipped:
            await ports.flags?.killSwitchFlipped()
            return nil
        }
    }
}
