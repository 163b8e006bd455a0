import Foundation
import TestHarness
import Integrations
import RunbookEngine
import Testing

/// PrometheusMetrics against a real Prometheus answering the runbook's real PromQL over
/// backfilled series (BookstoreSeries). Each test starts and stops its own server.
@Suite(.serialized) struct PrometheusMetricsTests {
    let series = BookstoreSeries()

    @Test func p99ShowsTheRegressionAndTheRecoveryFromTheRunbooksQuery() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            print("prometheus: backfill \(server.backfillSeconds) s, ready \(server.startSeconds) s after spawn")
            let metrics = PrometheusMetrics(baseURL: server.url, query: BookstoreSeries.p99Query)
            let samples = try await metrics.p99(from: series.at(100), to: series.at(0), step: .seconds(15))

            #expect(samples.count == 100 * 4 + 1, "one sample per 15 s step, none missing")
            func p99(between from: Double, _ to: Double) -> [Double] {
                samples.filter { $0.at >= series.at(from) && $0.at <= series.at(to) }.map(\.seconds)
            }
            let before = p99(between: 95, 81), regression = p99(between: 74, 31), after = p99(between: 24, 0)
            #expect(!before.isEmpty && before.allSatisfy { abs($0 - 0.3) < 1e-6 }, "healthy before the deploy: \(before)")
            #expect(!regression.isEmpty && regression.allSatisfy { abs($0 - 1.2) < 1e-6 }, "1.2 s after the deploy: \(regression)")
            #expect(!after.isEmpty && after.allSatisfy { abs($0 - 0.3) < 1e-6 }, "below 0.5 s after the rollback: \(after)")
        }
    }

    /// Two metrics from one server (issue 16): the p99 in seconds and the 5xx ratio, each from its own query.
    @Test func eachMetricIsReadWithItsOwnQuery() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            let metrics = PrometheusMetrics(baseURL: server.url, query: "unused")
            let p99 = try await metrics.series(.latency(query: BookstoreSeries.p99Query, threshold: 0.5), from: series.at(100), to: series.at(0), step: .seconds(60))
            let errors = try await metrics.series(.errorRatio(query: BookstoreSeries.errorRatioQuery), from: series.at(100), to: series.at(0), step: .seconds(60))
            func values(_ samples: [LatencySample], _ from: Double, _ to: Double) -> [Double] {
                samples.filter { $0.at >= series.at(from) && $0.at <= series.at(to) }.map(\.seconds)
            }
            #expect(values(p99, 74, 31).allSatisfy { abs($0 - 1.2) < 1e-6 } && values(p99, 24, 0).allSatisfy { abs($0 - 0.3) < 1e-6 })
            let regressed = values(errors, 74, 31), recovered = values(errors, 24, 0)
            #expect(!regressed.isEmpty && regressed.allSatisfy { abs($0 - 0.08) < 1e-9 }, "8 % of requests failed after the deploy: \(regressed)")
            #expect(!recovered.isEmpty && recovered.allSatisfy { abs($0 - 0.002) < 1e-9 }, "0.2 % after the rollback: \(recovered)")
            // A query that answers with several series is refused with the metric's name.
            let unaggregated = MetricSpec.errorRatio(query: #"rate(http_requests_total{service="catalog"}[5m])"#)
            await #expect { _ = try await metrics.series(unaggregated, from: series.at(30), to: series.at(0), step: .seconds(60)) }
                throws: { "\($0)".contains("returned 2 series; 5xx ratio needs exactly one") }
        }
    }

    @Test func stepsWithoutDataAreMissingNotZero() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            let metrics = PrometheusMetrics(baseURL: server.url, query: BookstoreSeries.p99Query)
            // The data begins 120 min before its end: the first 30 min of this window have none.
            let samples = try await metrics.p99(from: series.at(150), to: series.at(60), step: .seconds(60))
            #expect(samples.count < 91)
            #expect(samples.first.map { $0.at > series.at(120) } == true, "first sample \(String(describing: samples.first))")
            #expect(samples.allSatisfy { $0.seconds > 0 })
        }
    }

    @Test func alertStartIsTheFirstStepOfTheFiringRunNearestTheDeploy() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            let metrics = PrometheusMetrics(baseURL: server.url, query: BookstoreSeries.p99Query)
            // (around, expected start), minutes before the data's end.
            let cases: [(around: Double, start: Double)] = [
                (80, 72),    // the deploy: the alert fired 8 min after it (pending from 77 is not firing)
                (40, 72),    // inside the run
                (112, 115),  // inside the earlier flap
                (100, 115),  // nearer the flap's end than the later run's start
            ]
            for (around, start) in cases {
                let found = try await metrics.alertStart(BookstoreSeries.alert, around: series.at(around))
                #expect(found == series.at(start), "around -\(around) min: \(String(describing: found)) vs -\(start) min")
            }
            // Off the 15 s grid, the start is the first step at or after the first firing sample.
            let offGrid = try #require(try await metrics.alertStart(BookstoreSeries.alert, around: series.at(80).addingTimeInterval(7)))
            let late = offGrid.timeIntervalSince(series.at(72))
            #expect(late >= 0 && late < 15, "\(late) s after the first firing sample")
        }
    }

    /// The alert's window ends at the console's now (its clock, given to the adapter), not the machine's:
    /// a firing run after that now is not seen yet.
    @Test func theAlertWindowEndsAtTheConsolesNow() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            let series = self.series
            let earlier = PrometheusMetrics(baseURL: server.url, query: BookstoreSeries.p99Query, now: { series.at(75) })
            let found = try await earlier.alertStart(BookstoreSeries.alert, around: series.at(80))
            #expect(found == series.at(115), "only the earlier flap had fired by then: \(String(describing: found))")
        }
    }

    @Test func alertThatNeverFiredHasNoStart() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            let metrics = PrometheusMetrics(baseURL: server.url, query: BookstoreSeries.p99Query)
            let other = try await metrics.alertStart("BookstoreCheckoutErrors", around: series.at(80))
            #expect(other == nil)
            let quoted = try await metrics.alertStart(#"Bookstore"Catalog\"#, around: series.at(80))
            #expect(quoted == nil, "quotes are escaped, not a parse error")
        }
    }

    @Test func noTrafficGivesNaNSamples() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            let metrics = PrometheusMetrics(baseURL: server.url, query: BookstoreSeries.idleQuery)
            let samples = try await metrics.p99(from: series.at(30), to: series.at(0), step: .seconds(60))
            #expect(samples.count == 31)
            #expect(samples.allSatisfy { $0.seconds.isNaN })
        }
    }

    @Test func queryErrorsAreTheAPIsOwnWords() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            func failure(_ query: String) async -> PortError? {
                let metrics = PrometheusMetrics(baseURL: server.url, query: query)
                do { _ = try await metrics.p99(from: series.at(30), to: series.at(0), step: .seconds(60)); return nil } catch {
                    return error as? PortError
                }
            }
            let unclosed = String(BookstoreSeries.p99Query.dropLast())
            let bad = try #require(await failure(unclosed))
            #expect(bad.kind == .failed)
            #expect(bad.message.hasPrefix("Prometheus rejected the query — bad_data: "), "\(bad.message)")
            #expect(bad.message.contains("parse error"), "\(bad.message)")

            // Dropping `le` leaves eight series with one label set: the engine refuses while running it (HTTP 422).
            let duplicate = #"label_replace(http_request_duration_seconds_bucket{service="catalog"}, "le", "", "", "")"#
            let execution = try #require(await failure(duplicate))
            #expect(execution.message.hasPrefix("Prometheus could not run the query — execution: "), "\(execution.message)")

            let unknown = BookstoreSeries.p99Query.replacingOccurrences(of: "catalog", with: "catalogue")
            let empty = try #require(await failure(unknown))
            #expect(empty.kind == .empty)
            #expect(empty.message == "no series for \(unknown) at \(server.url.absoluteString)")
        }
    }

    @Test func queryTextReachesPrometheusIntactIncludingPlusAndAmpersand() async throws {
        try await PrometheusServer.with(series.openMetrics) { server in
            // `+` or `&` sent unencoded would arrive as a space or split the parameter: a parse error.
            let query = BookstoreSeries.p99Query.replacingOccurrences(of: #"service="catalog""#, with: #"service="catalog",path!="a&b=c""#) + " + 1"
            let metrics = PrometheusMetrics(baseURL: server.url, query: query)
            let samples = try await metrics.p99(from: series.at(50), to: series.at(50), step: .seconds(15))
            #expect(samples.map(\.seconds).count == 1)
            #expect(samples.allSatisfy { abs($0.seconds - 2.2) < 1e-6 }, "\(samples)")
        }
    }
}
