import Foundation
import MigrationSafety
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
            return await read(request)
        case .runGate(let command):
            return .gateFinished(step: command.step, result: await ports.argocd.run(command))
        case .schedule(let seconds, let timer):
            do { try await ports.clock.sleep(for: .milliseconds(Int64(seconds * 1000))) } catch { return nil }
            return .timerFired(timer)
        case .communicate(let message):
            return .communicated(write(message, to: "\(app)-status-update.txt"))
        case .writePostmortem(let markdown):
            return .postmortemWritten(write(markdown, to: "\(app)-postmortem.md"))
        }
    }

    private func read(_ request: ReadRequest) async -> Event.Kind {
        switch request {
        case .app(let name):
            return .appRead(await attempt { try await ports.argocd.application(name) })
        case .migrations(let from, let to, let glob):
            let outcome = await attempt { try await ports.configRepo.migrationDiff(from: from, to: to, glob: glob) }
            switch outcome {
            case .ok(let diff): return .migrationsRead(.ok(MigrationClassifier.classify(diff: diff)), from: from, to: to)
            case .failed(let error): return .migrationsRead(.failed(error), from: from, to: to)
            }
        case .diagnosis(let revision):
            return .diagnosisRead(await attempt { try await ports.configRepo.showStat(revision) }, revision: revision)
        case .pods(let namespace, let selector):
            return .podsRead(await attempt { try await ports.cluster.podImages(namespace: namespace, selector: selector) })
        case .deployment(let namespace, let name):
            return .deploymentRead(await attempt { try await ports.cluster.deploymentImages(namespace: namespace, name: name) })
        case .latency(let from, let to):
            return .latencyRead(await attempt { try await ports.metrics.p99(from: from, to: to, step: .seconds(15)) })
        case .alert(let name, let around):
            return .alertRead(await attempt { try await ports.metrics.alertStart(name, around: around) })
        case .revert(let revision):
            return .revertRead(await attempt { try await ports.configRepo.revertOf(revision) }, of: revision)
        }
    }

    private func attempt<Value>(_ body: () async throws -> Value) async -> Outcome<Value> {
        do { return .ok(try await body()) } catch let error as PortError { return .failed(error) } catch {
            return .failed(PortError(.failed, "\(error)"))
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
