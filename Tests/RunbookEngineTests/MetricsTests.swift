import Foundation
import Testing
@testable import RunbookEngine

/// Several metrics per app (issue 16): each with its unit, threshold and direction; the alert that paged puts
/// its metric first; Step 3c (and the kill switch) require every one of them.
@Suite("Metrics: several per app, 3c requires all")
struct MetricsTests {
    static let errors = MetricSpec.errorRatio(query: MetricSpec.query(MetricSpec.errorRatioQueryTemplate, service: "catalog"))
    static let p99 = MetricSpec.latency(query: MetricSpec.query(MetricSpec.p99QueryTemplate, service: "catalog"), threshold: 0.5)

    /// The incident paged on the 5xx rate: 3c watches the 5xx ratio first, and the p99 too.
    static var config: IncidentConfig {
        var config = Incident.config
        config.alertName = "BookstoreOrders5xxRate"
        config.metrics = [errors, p99]
        return config
    }

    static func rolledBack(_ world: World = World()) -> Walk {
        var walk = Walk.at(.rollback, world, config: config)
        walk.confirm(.rollback)
        return walk
    }

    @Test(arguments: [
        // (value, direction, threshold, healthy)
        (0.2, MetricSpec.Direction.below, 0.5, true), (0.5, .below, 0.5, false), (0.9, .below, 0.5, false),
        (900, .above, 800, true), (800, .above, 800, false), (10, .above, 800, false),
        (Double.nan, .below, 0.5, false), (Double.nan, .above, 800, false),
    ])
    func aValueIsHealthyOnlyStrictlyOnItsSideOfTheThreshold(value: Double, direction: MetricSpec.Direction, threshold: Double, healthy: Bool) {
        let metric = MetricSpec(name: "m", query: "q", unit: .seconds, threshold: threshold, direction: direction)
        #expect(metric.isHealthy(value) == healthy)
    }

    @Test(arguments: [
        (MetricSpec.Unit.seconds, 1.17, "1.17 s"), (.ratio, 0.042, "4.20 %"), (.ratio, 0.002, "0.2 %"), (.ratio, 0.1234, "12.3 %"),
        (.percent, 99.5, "99.5 %"), (.rps, 812.4, "812 req/s"), (.ratio, .nan, "NaN"), (.rps, .infinity, "+Inf req/s"),
    ])
    func eachUnitIsShownInItsOwnTerms(unit: MetricSpec.Unit, value: Double, shown: String) {
        #expect(MetricSpec(name: "m", query: "q", unit: unit, threshold: 0.5).format(value) == shown)
    }

    @Test(arguments: [
        ([String](), ["p99"]),
        (["BookstoreCatalogP99Latency"], ["p99"]),
        (["BookstoreOrders5xxRate"], ["5xx ratio", "p99"]),
        (["BookstorePaymentsErrorRate", "BookstoreCatalogP99Latency"], ["5xx ratio", "p99"]),
        (["BookstoreCatalogP99Latency", "BookstorePaymentsErrorRate"], ["p99", "5xx ratio"]),
    ])
    func theAlertThatPagedPutsItsMetricFirst(alerts: [String], names: [String]) {
        let metrics = MetricSpec.defaults(alerts: alerts, latencyQuery: "q", latencyThreshold: 0.5, service: "catalog")
        #expect(metrics.map(\.name) == names)
        // Each metric keeps the alerts that page on it, so a configured list can be ordered the same way.
        for alert in alerts { #expect(MetricSpec.ordered(metrics.reversed(), firstFor: alert).first?.alerts.contains(alert) == true) }
    }

    @Test func theServiceIsQuotedIntoTheDefaultQueries() {
        let query = MetricSpec.query(MetricSpec.errorRatioQueryTemplate, service: #"a"b"#)
        #expect(query.contains(#"service="a\"b",code=~"5..""#), "\(query)")
    }

    @Test func everyPollReadsTheOtherMetricsTogetherEachFromWhereItsSeriesEnds() throws {
        var walk = Walk(World(), config: Self.config)
        let before = walk.emitted.count
        let first = walk.emitted.compactMap { effect -> [MetricWindow]? in
            if case .read(.metrics(let windows)) = effect { return windows }
            return nil
        }
        #expect(first.first?.map(\.metric.name) == ["p99"], "the first metric is the latency read's; the others go together")
        #expect(walk.emitted.contains { if case .read(.latency(let metric, _, _)) = $0 { metric.name == "5xx ratio" } else { false } })
        #expect(walk.state.otherMetrics?["p99"]?.value?.isEmpty == false, "the p99 is kept as one of the others")
        walk.poll(for: 10)
        let again = walk.emitted.dropFirst(before).compactMap { effect -> [MetricWindow]? in
            if case .read(.metrics(let windows)) = effect { return windows }
            return nil
        }
        let window = try #require(again.last?.first)
        #expect(window.to.timeIntervalSince(window.from) <= 90, "after the first read only the last minute is asked: \(window)")
    }

    @Test func threeCWaitsForTheFiveXXRatioEvenWhenP99HasRecovered() {
        var world = World()
        world.errorsRecoverAfter = 400
        var walk = Self.rolledBack(world)
        walk.poll(for: 200)
        let check = walk.state.recovery
        #expect(check.holds.map(\.metric.name) == ["5xx ratio", "p99"])
        #expect(check.holds[1].passed && !check.holds[0].passed, "p99 held, the 5xx ratio did not: \(check.summary)")
        #expect(!check.passed && walk.state.status(.verify).isWaiting)
        #expect(check.summary.contains("5xx ratio 8.00 %, above 1.00 %; needs 60 s below; p99 0.21 s, ✓ held below 0.50 s for 60 s"), "\(check.summary)")
        // Once the errors are down for the sustain window too, 3c passes.
        walk.poll(for: 300)
        #expect(walk.state.status(.verify) == .awaitingConfirmation, "\(walk.state.recovery.summary)")
        #expect(walk.state.recovery.summary.contains("5xx ratio 0.2 %, ✓ held below 1.00 % for 60 s; p99 0.21 s, ✓ held below 0.50 s"))
    }

    @Test func aMetricThatCannotBeReadNeverCountsAsHeld() {
        var world = World()
        world.metricsError = PortError(.failed, "bad_data: parse error")
        var walk = Self.rolledBack(world)
        walk.poll(for: 300)
        #expect(walk.state.otherMetrics?["p99"]?.error?.message == "bad_data: parse error")
        #expect(walk.state.status(.verify).isWaiting, "3c cannot pass on a metric it cannot read: \(walk.state.recovery.summary)")
        #expect(walk.state.recovery.summary.contains("no p99 yet, needs 60 s below 0.50 s"), "\(walk.state.recovery.summary)")
    }

    @Test func theVerifyTimeoutNamesTheMetricThatDidNotHold() {
        var world = World()
        world.errorsRecoverAfter = 100_000
        var walk = Self.rolledBack(world)
        walk.poll(for: 600)
        walk.send(.timerFired(.verifyTimeout))
        guard case .failed(let why) = walk.state.status(.verify) else { Issue.record("\(walk.state.status(.verify))"); return }
        #expect(why.hasPrefix("5xx ratio did not hold below 1.00 % for 60 s within 10 min of the rollback"), "\(why)")
    }

    @Test func aMustStayAboveMetricHoldsOnlyAboveItsThreshold() {
        let throughput = MetricSpec(name: "checkout rps", query: "q", unit: .rps, threshold: 800, direction: .above)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let series = [900, 850, 790, 820, 830, 840.0].enumerated().map { LatencySample(at: start.addingTimeInterval(Double($0.offset) * 10), seconds: $0.element) }
        let hold = RunbookState.hold(throughput, series, since: start, sustain: 20)
        #expect(hold.heldFor == 20 && hold.passed, "held from the sample after the dip: \(hold.summary)")
        #expect(hold.summary == "checkout rps 840 req/s, ✓ held above 800 req/s for 20 s")
        let dipped = RunbookState.hold(throughput, Array(series.prefix(3)), since: start, sustain: 20)
        #expect(dipped.summary == "checkout rps 790 req/s, below 800 req/s; needs 20 s above")
    }

    @Test func theKillSwitchWatchesEveryMetricToo() {
        var world = World()
        world.diagnosis = Incident.configOnlyChange
        world.errorsRecoverAfter = 400
        var config = Self.config
        config.metrics = [Self.errors, Self.p99]
        var walk = Walk.at(.killSwitch, world, config: config)
        walk.world.flagFlippedAt = walk.clock
        walk.confirm(.killSwitch)
        walk.poll(for: 200)
        #expect(walk.state.status(.killSwitch).isRunning, "the p99 is down, the errors are not: \(walk.state.status(.killSwitch))")
        walk.poll(for: 300)
        #expect(walk.state.status(.killSwitch).isFinished, "\(walk.state.status(.killSwitch))")
    }

    @Test(arguments: [
        (#""threshold":"NaN""#, "threshold"), (#""threshold":2"#, "expected a ratio from"), (#""unit":"furlongs""#, "furlongs"),
    ])
    func aCraftedJournalsMetricIsRefusedWhereItIsRead(replacing: String, said: String) throws {
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        var text = String(decoding: try encoder.encode(Self.config), as: UTF8.self)
        let key = replacing.split(separator: ":")[0]
        let original = try #require(text.firstMatch(of: try Regex("\(key):[^,}]*")))
        text.replaceSubrange(original.range, with: replacing)
        #expect {
            _ = try decoder.decode(IncidentConfig.self, from: Data(text.utf8))
        } throws: { "\($0)".contains(said) }
    }

    @Test func aJournalFromBeforeMetricsWatchesItsP99Alone() throws {
        var config = Incident.config
        config.metrics = nil
        let decoded = try JSONDecoder().decode(IncidentConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded.metricsWatched == [MetricSpec.latency(query: "", threshold: config.p99Threshold)])
        #expect(decoded.watchedToo.isEmpty)
    }
}
