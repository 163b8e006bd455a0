import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// The Metrics pane (issue 16): one chart per metric 3c watches, the one it watches first on top, each in its
/// own unit with its own threshold; a pane too short for every chart keeps every metric's line of words.
@Suite struct MetricsPaneTests {
    static let errors = MetricSpec.errorRatio(query: "errors")
    static let p99 = MetricSpec.latency(query: "p99", threshold: 0.5)

    /// The runbook's incident paged on the 5xx rate, both series read: the errors at 8 % since the deploy.
    static func incident(_ metrics: [MetricSpec] = [errors, p99]) -> Incident {
        var config = Incident.config
        config.alertName = "BookstoreOrders5xxRate"
        config.metrics = metrics
        var incident = Incident.evidenceIn(config: config)
        let ratios = Incident.latency(until: incident.clock).map { LatencySample(at: $0.at, seconds: $0.seconds > 1 ? 0.08 : 0.002) }
        incident.send(.latencyRead(.ok(ratios)), after: 0)
        incident.send(.metricsRead([MetricReading(name: "p99", samples: .ok(Incident.latency(until: incident.clock)))]), after: 0)
        return incident
    }

    @Test(arguments: [Size(width: 200, height: 60), Size(width: 160, height: 48), Size(width: 80, height: 24)])
    func everyMetricIsShownInItsUnitAgainstItsThreshold(size: Size) {
        let frame = render(Self.incident().console(), size: size, glyphs: .unicode)
        let screen = frame.screen
        #expect(screen.contains("Metrics: 2, 3c requires all"), "\(screen)")
        let errorsRow = frame.lines.firstIndex { $0.contains("5xx ratio 8.00 %  ✗ above 1.00 %") }
        let p99Row = frame.lines.firstIndex { $0.contains(/p99 1\.\d\d s  ✗ above 0\.50 s/) }
        #expect(errorsRow != nil && p99Row != nil, "both metrics' words are on screen\n\(screen)")
        if let errorsRow, let p99Row { #expect(errorsRow < p99Row, "the metric 3c watches first is on top") }
    }

    @Test func aTallPaneDrawsEachMetricsChartWithItsOwnAxisLabels() {
        let frame = render(Self.incident().console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        // The ratio's chart is labelled in percent, the p99's in seconds; each draws its threshold line's label.
        #expect(frame.lines.contains { $0.contains(" 1.0%") }, "\(frame.screen)")
        #expect(frame.lines.filter { $0.contains("UTC") }.count >= 2, "a time axis under each chart\n\(frame.screen)")
    }

    @Test func aMetricFromAJournalIsShownWithoutItsControlCharacters() {
        let hostile = MetricSpec(name: "errors\u{1B}[2J", query: "q", unit: .ratio, threshold: 0.01)
        var incident = Self.incident([Self.p99, hostile])
        incident.send(.metricsRead([MetricReading(name: hostile.name, samples: .failed(PortError(.failed, "bad_data: \u{1B}]0;owned\u{07}")))]), after: 0)
        let frame = render(incident.console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        #expect(!frame.screen.contains("\u{1B}") && !frame.screen.contains("\u{07}"), "\(frame.screen)")
        #expect(frame.screen.contains("errors"), "\(frame.screen)")
    }

    @Test func oneMetricKeepsThePanesOldTitle() {
        let frame = render(Incident.evidenceIn().console(), size: Size(width: 160, height: 48), glyphs: .unicode)
        #expect(frame.screen.contains("Latency p99  threshold 0.50 s"), "\(frame.screen)")
    }

    @Test(arguments: [(0.0093, MetricSpec.Unit.ratio, 0.02), (0.09, .ratio, 0.1), (0.3, .ratio, 0.5), (1.3, .seconds, 1.5), (0.04, .seconds, 0.1), (700, .rps, 1000)])
    func theChartsTopIsTheNextRoundStepAboveItsPeak(peak: Double, unit: MetricSpec.Unit, top: Double) {
        #expect(abs(LatencyChart.top(peak, unit: unit) - top) < 1e-9, "\(LatencyChart.top(peak, unit: unit))")
    }
}
