import Foundation
import RunbookEngine
import Testing

/// "The green one is the target", checked (issue 16): p99 over the target's own deployment window, said
/// on 3b's gate, a warning when it was not proven green; another target reads its own record.
@Suite struct TargetRecordTests {
    @Test func theTargetsWindowIsReadAndAGreenOneIsSaidPlainly() throws {
        let walk = Walk.at(.rollback)
        let read = try #require(walk.emitted.compactMap { effect -> (Revision, Date, Date)? in
            if case .read(.targetLatency(_, let revision, let from, let to)) = effect { return (revision, from, to) }
            return nil
        }.first)
        #expect(read.0 == Incident.h41.revision && read.1 == Incident.h41.deployedAt && read.2 == Incident.h42.deployedAt)
        let record = try #require(walk.state.targetRecord.value)
        #expect(record.green && record.worst == 0.31)
        let line = try #require(walk.state.targetRecordLine)
        #expect(!line.warn)
        #expect(line.text == "history 41 was green: p99 at most \(Format.seconds(0.31)) over the \(Format.duration(Incident.h42.deployedAt.timeIntervalSince(Incident.h41.deployedAt))) it was deployed")
    }

    @Test(arguments: [
        (0.8 as Double, "history 41 was NOT green: p99 reached"),
        (Double.nan, "history 41 has no p99 samples"),
    ])
    func aTargetNotProvenGreenIsAWarningOnThreeB(p99: Double, text: String) throws {
        var world = World()
        world.targetP99 = p99
        let walk = Walk.at(.rollback, world)
        let line = try #require(walk.state.targetRecordLine)
        #expect(line.warn)
        #expect(line.text.hasPrefix(text), "\(line.text)")
        #expect(walk.state.notes.contains { $0.level == .warn && $0.text.hasPrefix("Target: \(text)") })
    }

    @Test func aPrometheusThatCannotAnswerLeavesItUnproven() throws {
        var world = World()
        world.targetLatencyError = PortError(.timeout, "Prometheus at http://prometheus:9090 did not answer within 10 s")
        let line = try #require(Walk.at(.rollback, world).state.targetRecordLine)
        #expect(line.warn && line.text.contains("could not be read") && line.text.contains("not proven green"), "\(line.text)")
    }

    @Test func choosingAnotherTargetReadsThatOnesRecord() throws {
        var walk = Walk.at(.rollback)
        walk.send(.choseLastKnownGood(HistoryID(40), by: Incident.driver))
        walk.settle()
        let record = try #require(walk.state.targetRecord.value)
        #expect(record.revision == Incident.h40.revision)
        #expect(record.from == Incident.h40.deployedAt && record.to == Incident.h41.deployedAt)
        #expect(walk.state.targetRecordLine?.text.hasPrefix("history 40 was green") == true)
    }

    @Test(arguments: [(0.0, 15.0), (3600.0, 15.0), (6000.0, 15.0), (6001.0, 16.0), (604_800.0, 1512.0)] as [(Double, Double)])
    func aWindowIsReadAtAboutFourHundredPoints(seconds: Double, step: Double) {
        let from = Date(timeIntervalSince1970: 0)
        #expect(TargetRecord.step(from: from, to: from.addingTimeInterval(seconds)) == step)
    }

    @Test func noTrafficProvesNothingAndTimeAboveIsCounted() {
        let from = Date(timeIntervalSince1970: 0)
        let samples = [0.2, .nan, 0.7, 0.6, 0.1].enumerated().map { LatencySample(at: from.addingTimeInterval(Double($0.offset) * 15), seconds: $0.element) }
        let record = TargetRecord(revision: Revision("a1b2c3d"), from: from, to: from.addingTimeInterval(60), samples: samples,
                                  metric: .latency(query: "", threshold: 0.5), step: 15)
        #expect(record.samples == 4 && record.worst == 0.7 && record.secondsWrong == 30 && !record.green)
    }
}
