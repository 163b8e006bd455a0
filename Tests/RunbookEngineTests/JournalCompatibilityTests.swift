import Foundation
import Storage
import Testing
@testable import RunbookEngine

/// Journals already written must read the same for good, and what the console writes must not change.
@Suite("Journal format v1 stays readable and unchanged")
struct JournalCompatibilityTests {
    static let sample = JournalV1Sample.documented + JournalV1Sample.polls

    static func record(_ line: String) throws -> JournalRecord { try JournalCodec.decode(Data(line.utf8)) }

    static func at(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }

    @Test func everySampleLineIsWrittenBackByteForByte() throws {
        for line in Self.sample {
            let record = try Self.record(line)
            let written = try JournalCodec.encode(JournalRecord(seq: record.seq, event: record.event))
            #expect(String(decoding: written, as: UTF8.self) == line + "\n")
        }
    }

    @Test func everySampleLineReadsAsJSONDecoderAloneReadsIt() throws {
        for line in Self.sample {
            let alone = try JournalCodec.decoder.decode(JournalRecord.self, from: Data(line.utf8))
            #expect(try Self.record(line) == alone, "\(line)")
        }
    }

    @Test func theSampleReadsAsOneJournalFile() throws {
        let path = JournalTests.temporaryJournal()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (Self.sample.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let contents = try JournalReader.read(path: path)
        #expect(contents.records.count == Self.sample.count)
        #expect(contents.repairNote == nil)
        #expect(contents.consumedBytes == Self.sample.map { $0.utf8.count + 1 }.reduce(0, +))
    }

    @Test func theDocumentedDecisionsReadAsWritten() throws {
        let started = try Self.record(JournalV1Sample.documented[0])
        #expect(started.v == 1 && started.seq == 1 && started.time == "2026-05-20T14:34:14.000Z")
        guard case .started(let config, let driver) = started.event.kind else { Issue.record("not started"); return }
        #expect(config.app == "bookstore-catalog-us-east" && config.p99Threshold == 0.5 && config.mode == .simulation)
        #expect(config.dryRun == nil && driver == "oncall@laptop")
        #expect(try Self.record(JournalV1Sample.documented[1]).event
            == Event(at: Self.at(800980468), .confirmed(step: .rollback, argv: ["argocd", "app", "rollback", "bookstore-catalog-us-east", "41"],
                                                        by: "oncall@laptop")))
        #expect(try Self.record(JournalV1Sample.documented[3]).event.kind == .choseLastKnownGood(HistoryID(40), by: "oncall@laptop"))
        #expect(try Self.record(JournalV1Sample.documented[6]).event.kind
            == .gateFinished(step: .rollback, result: CommandResult(argv: ["argocd", "app", "rollback", "bookstore-catalog-us-east", "41"],
                                                                    exitCode: nil, stdout: "", stderr: "", timedOut: true, truncated: true,
                                                                    seconds: 120)))
    }

    @Test func theDocumentedResultsReadAsWritten() throws {
        #expect(try Self.record(JournalV1Sample.documented[8]).event.kind
            == .appRead(.failed(PortError(.timeout, "argocd app get did not answer within 30 s"))))
        #expect(try Self.record(JournalV1Sample.documented[9]).event
            == Event(at: Self.at(800980467.123), .latencyRead(.ok([LatencySample(at: Self.at(800980453), seconds: .nan),
                                                                   LatencySample(at: Self.at(800980458), seconds: 0.42)]))))
        #expect(try Self.record(JournalV1Sample.documented[10]).event.kind == .revertRead(.ok(Revision("7c0ffee")), of: Revision("d8f3c2a")))
        #expect(try Self.record(JournalV1Sample.documented[11]).event.kind == .timerFired(.poll))
        #expect(try Self.record(JournalV1Sample.documented[12]).event.kind == .stopped(reason: "SIGTERM"))
    }

    @Test func theDemoPollsReadAsWritten() throws {
        let image = "ghcr.io/acme/catalog@sha256:159951ace8b539ef15323881fb34ea3efe05dd902b0d89e089991e3a5197c687"
        let polls = try JournalV1Sample.polls.map { try Self.record($0).event.kind }
        guard case .appRead(.ok(let app)) = polls[0], case .appRead(.ok(let autoSyncOff)) = polls[1] else {
            Issue.record("not two applications: \(polls[0]) \(polls[1])")
            return
        }
        #expect(app.name == "bookstore-catalog-us-east" && app.health == .healthy && app.sync == .synced)
        #expect(app.autoSync == AutoSync(prune: true, selfHeal: true) && autoSyncOff.autoSync == nil)
        #expect(app.history.map(\.id.rawValue) == [38, 39, 40, 41, 42])
        #expect(app.current == HistoryEntry(id: HistoryID(42), revision: Revision("d8f3c2a"), deployedAt: Self.at(800979733)))
        #expect(app.operation == OperationState(phase: .succeeded, message: "successfully synced (all tasks run)",
                                                syncRevision: Revision("d8f3c2a"), startedAt: Self.at(800979733),
                                                finishedAt: Self.at(800979737)))
        #expect(app.images == [image] && app.syncRevision == Revision("d8f3c2a"))
        #expect(polls[2] == .podsRead(.ok(["phfms", "tchfd", "fllct"].map {
            PodImage(pod: "catalog-chmmhcnqsl-\($0)", image: image, ready: true)
        })))
        #expect(polls[3] == .deploymentRead(.ok([image])))
        guard case .latencyRead(.ok(let samples)) = polls[4] else { Issue.record("not latency: \(polls[4])"); return }
        #expect(samples.first == LatencySample(at: Self.at(800980430.7716752), seconds: 1.201823049969163))
        #expect(samples.last == LatencySample(at: Self.at(800980490.7716752), seconds: 1.1925197552132953))
        #expect(polls[5] == .alertRead(.ok(Self.at(800979973))))
        #expect(polls[6] == .revertRead(.ok(nil), of: Revision("d8f3c2a")))
        #expect(polls[7] == .timerFired(.verifyTimeout))
    }
}
