import Foundation
import MigrationSafety

extension Ports {
    /// The p99 series' resolution: Prometheus' usual scrape interval.
    public static let latencyStep: Duration = .seconds(15)

    /// Answers one of the reducer's reads through the port that owns it, as the event the reducer
    /// expects back. A port's failure becomes the event's `.failed`, never a thrown error: every
    /// read gets an answer. (The console's effect runner and the drill driver both use this.)
    public func answer(_ request: ReadRequest) async -> Event.Kind {
        switch request {
        case .app(let name):
            return .appRead(await attempt { try await argocd.application(name) })
        case .migrations(let from, let to, let glob):
            switch await attempt({ try await configRepo.migrationDiff(from: from, to: to, glob: glob) }) {
            case .ok(let diff):
                return .migrationsRead(.ok(await judge(migrations: diff, at: from, glob: glob)), from: from, to: to)
            case .failed(let error): return .migrationsRead(.failed(error), from: from, to: to)
            }
        case .diagnosis(let revision):
            return .diagnosisRead(await attempt { try await configRepo.change(revision) }, revision: revision)
        case .pods(let namespace, let selector):
            return .podsRead(await attempt { try await cluster.podImages(namespace: namespace, selector: selector) })
        case .deployment(let namespace, let name):
            return .deploymentRead(await attempt { try await cluster.deploymentImages(namespace: namespace, name: name) })
        case .rollout(let namespace, let name):
            return .rolloutRead(await attempt { try await cluster.rollout(namespace: namespace, name: name) })
        case .latency(let metric, let from, let to):
            return .latencyRead(await attempt { try await metrics.series(metric, from: from, to: to, step: Self.latencyStep) })
        case .metrics(let windows):
            // Together, so the pane's small multiples fill in about the slowest query's time, not the sum.
            let metrics = self.metrics
            let readings = await withTaskGroup(of: (Int, MetricReading).self) { group in
                for (index, window) in windows.enumerated() {
                    group.addTask {
                        let outcome = await Self.attempt { try await metrics.series(window.metric, from: window.from, to: window.to, step: Self.latencyStep) }
                        return (index, MetricReading(name: window.metric.name, samples: outcome))
                    }
                }
                var readings: [(Int, MetricReading)] = []
                for await reading in group { readings.append(reading) }
                return readings.sorted { $0.0 < $1.0 }.map(\.1)
            }
            return .metricsRead(readings)
        case .alert(let name, let around):
            return .alertRead(await attempt { try await metrics.alertStart(name, around: around) })
        case .revert(let revision):
            return .revertRead(await attempt { try await configRepo.revertOf(revision) }, of: revision)
        case .diff(let app, let revision, let sources):
            return .diffRead(await attempt { try await argocd.diff(app, revision: revision, sources: sources) }, revision: revision)
        case .targetLatency(let metric, let revision, let from, let to):
            let step = Duration.seconds(TargetRecord.step(from: from, to: to))
            return .targetLatencyRead(await attempt { try await metrics.series(metric, from: from, to: to, step: step) }, revision: revision, from: from, to: to)
        case .permission(let app, let project):
            return .permissionRead(await attempt { try await argocd.canSync(app, project: project) })
        case .syncWindows(let app, let project):
            return .syncWindowsRead(await attempt { try await argocd.syncWindows(app, project: project) })
        }
    }

    /// Step 0's judgement of a release's migration diff: against the schema at the last good revision (the
    /// replay model, or the schema server's catalog when one is configured), statement by statement when
    /// that schema cannot be known. Why it is not known, or why the server did not answer, is in `schema`.
    private func judge(migrations diff: String, at from: Revision, glob: String) async -> MigrationReport {
        let history: String
        switch await attempt({ try await configRepo.migrationHistory(at: from, glob: glob) }) {
        case .ok(let text): history = text
        case .failed(let error):
            return MigrationClassifier.classify(diff: diff, unknownBecause: "the migrations at \(from.rawValue) could not be read: \(error)")
        }
        let replayed: KnownSchema
        do { replayed = try SchemaReplay.replay(historyDiff: history, revision: from.rawValue) } catch {
            return MigrationClassifier.classify(diff: diff, unknownBecause: "the migrations at \(from.rawValue) could not be read: line \(error.line): \(error.message)")
        }
        guard let schemaServer else { return MigrationClassifier.classify(diff: diff, prior: replayed) }
        switch await schemaServer.answer(history: history, release: diff, revision: from) {
        case .success(let answer):
            return answer.adding(to: MigrationClassifier.classify(diff: diff, prior: answer.prior))
        case .failure(let unanswered):
            var report = MigrationClassifier.classify(diff: diff, prior: replayed)
            report.schema = report.schema.map { "\($0); the shadow PostgreSQL did not answer: \(unanswered.reason)" }
            return report
        }
    }

    private func attempt<Value>(_ body: () async throws -> Value) async -> Outcome<Value> {
        await Self.attempt(body)
    }

    private static func attempt<Value>(_ body: () async throws -> Value) async -> Outcome<Value> {
        do { return .ok(try await body()) } catch let error as PortError { return .failed(error) } catch {
            return .failed(PortError(.failed, "\(error)"))
        }
    }
}
