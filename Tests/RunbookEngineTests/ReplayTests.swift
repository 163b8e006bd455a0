import Foundation
import Testing
@testable import RunbookEngine

@Suite("Journal replay rebuilds the state")
struct ReplayTests {
    /// A walk with detours: a declined gate, a wrong command, a refused override, a changed target,
    /// a failed command retried, no-traffic p99 samples, and a stop.
    static var eventfulWalk: Walk {
        var walk = Walk()
        walk.send(.overrode(typedApp: "catalog", reason: "", by: Incident.driver))
        walk.confirmEverything(before: .disableAutoSync)
        walk.send(.declined(step: .disableAutoSync, by: Incident.driver))
        walk.confirm(.disableAutoSync, argv: ["argocd", "app", "set", Incident.app, "--sync-policy", "automated"])
        walk.confirm(.disableAutoSync)
        walk.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        walk.settle()
        walk.confirm(.schema)
        walk.world.rollbackPhase = .failed
        walk.confirm(.rollback)
        walk.world.rollbackPhase = .succeeded
        walk.confirm(.rollback)
        walk.send(.latencyRead(.ok([LatencySample(at: walk.clock, seconds: .nan)])))
        walk.send(.refreshRequested(by: Incident.driver))
        walk.settle()
        walk.walkToTheEnd()
        walk.send(.stopped(reason: "q pressed"))
        return walk
    }

    @Test func replayOfEveryPrefixEqualsTheLiveState() {
        var walk = Walk(World(), settled: false)
        var live: [RunbookState] = [walk.state]
        // Re-walk the eventful journal one event at a time, keeping the live state after each.
        for event in Self.eventfulWalk.journal.dropFirst() {
            _ = Runbook.reduce(&walk.state, event)
            live.append(walk.state)
        }
        let journal = Self.eventfulWalk.journal
        #expect(live.count == journal.count)
        for n in 1...journal.count {
            let replayed = Runbook.replay(Array(journal.prefix(n)))
            #expect(replayed == live[n - 1], "after event \(n): \(journal[n - 1].kind)")
        }
        let complete = live.last!.isComplete
        #expect(complete)
    }

    @Test func replayIsTheSameAsReducingOneEventAtATime() {
        let walk = Self.eventfulWalk
        #expect(Runbook.replay(walk.journal) == walk.state)
        var state = RunbookState()
        for event in walk.journal { state = Runbook.reduced(state, event).0 }
        #expect(state == walk.state)
    }

    @Test func aStateWithANoTrafficSampleEqualsItself() {
        let walk = Self.eventfulWalk
        let copy = walk.state
        #expect(copy == walk.state)
        #expect(LatencySample(at: Incident.start, seconds: .nan) == LatencySample(at: Incident.start, seconds: .nan))
        #expect(LatencySample(at: Incident.start, seconds: .nan) != LatencySample(at: Incident.start, seconds: 0.2))
    }

    @Test func everyEventSurvivesAJSONRoundTrip() throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let events = Self.eventfulWalk.journal + Incident.everyKindOfEvent
        for event in events {
            let decoded = try decoder.decode(Event.self, from: encoder.encode(event))
            #expect(decoded == event)
        }
        // Every kind of event is in there at least once.
        let kinds = Set(events.map { String(describing: $0.kind).prefix { $0 != "(" } })
        #expect(kinds.count == 24, "\(kinds.sorted())")
    }

    /// A journal written before the console read the Deployment: its replay asks for no such read, so a
    /// follower is not left "waiting for kubectl get deployment" on a read its driver never made.
    @Test func anOlderJournalsReplayAsksOnlyForTheReadsItsConsoleMade() throws {
        let line = try #require(JournalV1Sample.documented.first { $0.contains("\"started\"") })
        let record = try JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))
        guard case .started(let config, _) = record.event.kind else { Issue.record("not a start: \(line)"); return }
        #expect(config.readsDeployment == nil, "the documented v1 line predates the key")
        var old = RunbookState()
        let effects = Runbook.reduce(&old, record.event)
        #expect(!effects.contains { if case .read(.deployment) = $0 { true } else { false } }, "\(effects)")
        #expect(old.inFlight[.deployment] == nil)
        var new = RunbookState()
        let started = Runbook.reduce(&new, Event(at: record.event.at, .started(config: Incident.config, driver: Incident.driver)))
        #expect(started.contains { if case .read(.deployment) = $0 { true } else { false } }, "a new incident reads it")
    }

    @Test func theStateSurvivesAJSONRoundTrip() throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let state = Self.eventfulWalk.state
        #expect(try decoder.decode(RunbookState.self, from: encoder.encode(state)) == state)
    }
}

extension Incident {
    /// One of every kind of event, with the awkward values: errors, nil, NaN, a timed-out command.
    static var everyKindOfEvent: [Event] {
        let error = PortError(.timeout, "argocd app get did not answer within 30 s")
        let kinds: [Event.Kind] = [
            .started(config: config, driver: driver),
            .confirmed(step: .rollback, argv: ["argocd", "app", "rollback", app, "41"], by: driver),
            .declined(step: .enableAutoSync, by: driver),
            .overrode(typedApp: app, reason: "isbn10 unread since March", by: driver),
            .choseLastKnownGood(HistoryID(40), by: driver),
            .refreshRequested(by: driver),
            .resumed(by: driver),
            .appRead(.ok(application())), .appRead(.failed(error)),
            .migrationsRead(.ok(unsafeMigrations), from: good, to: bad), .migrationsRead(.failed(error), from: good, to: bad),
            .diagnosisRead(.ok(change), revision: bad), .diagnosisRead(.ok(ChangeEvidence(stat: showStat, files: nil)), revision: bad),
            .podsRead(.ok(pods(goodImage))), .podsRead(.failed(error)),
            .deploymentRead(.ok(["ghcr.io/acme/catalog:1.4.1"])), .deploymentRead(.failed(error)),
            .latencyRead(.ok([LatencySample(at: start, seconds: .nan), LatencySample(at: start + 5, seconds: 0.42)])),
            .metricsRead([MetricReading(name: "5xx ratio", samples: .ok([LatencySample(at: start, seconds: 0.08)])),
                          MetricReading(name: "p99", samples: .failed(error))]),
            .alertRead(.ok(nil)), .alertRead(.ok(start)),
            .revertRead(.ok(nil), of: bad), .revertRead(.ok(revert), of: bad),
            .diffRead(.ok(RollbackDiff(revision: good, text: rollbackDiff)), revision: good), .diffRead(.failed(error), revision: good),
            .gateFinished(step: .rollback, result: CommandResult(argv: ["argocd", "app", "rollback", app, "41"], exitCode: nil, stdout: "",
                                                                 stderr: "", timedOut: true, truncated: true, seconds: 120)),
            .communicated(.ok("/tmp/status.txt")), .postmortemWritten(.failed(error)),
            .timerFired(.poll), .timerFired(.verifyTimeout),
            .stopped(reason: "SIGTERM"),
            .decisionNotDurable(seq: 15, reason: "Input/output error"),
        ]
        return kinds.enumerated().map { Event(at: start + Double($0.offset) + 0.123, $0.element) }
    }
}
