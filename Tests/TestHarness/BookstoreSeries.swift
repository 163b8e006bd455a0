import Foundation

/// The runbook's incident as Prometheus would have recorded it, written as an OpenMetrics file
/// for `promtool tsdb create-blocks-from openmetrics`. Two hours of 15 s samples ending a
/// minute before now (aligned to 15 s), times in minutes before `end` (by default):
///
///     -120 ─ healthy (p99 0.3 s) ─ -80 deploy ─ regression (p99 1.2 s) ─ -30 recovered ─ healthy ─ 0
///     ALERTS firing: -115…-110 (an earlier flap), -72…-27 (8 min after the deploy); pending -77…-72
///
/// The deploy and the recovery can move (`deploy: 20, recovered: 6` is an incident still fresh).
///
/// `http_requests_total{service="catalog",code=…}` counts the same 1000 requests per 15 s by status: 2 of
/// them 500s while healthy (a 5xx ratio of 0.2 %), 80 during the regression (8 %). The errors come back
/// down with the p99, unless `errorsStayUp` (then they have not come down yet).
///
/// `service="idle"` has buckets that never move: its p99 is NaN (no traffic).
public struct BookstoreSeries: Sendable {
    public static let alert = "BookstoreCatalogP99Latency"
    public static let p99Query = #"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="catalog"}[5m])))"#
    public static let errorRatioQuery = #"sum(rate(http_requests_total{service="catalog",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="catalog"}[5m]))"#
    public static let idleQuery = #"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="idle"}[5m])))"#

    /// Unix seconds of the last sample.
    public let end: Int
    public let step = 15
    /// Minutes before `end` of the deploy and of the recovery.
    public let deploy: Int
    public let recovered: Int
    /// Minutes before `end` the 5xx ratio came back down; nil: it has not.
    public let errorsRecovered: Int?

    public init(now: Date = Date(), deploy: Int = 80, recovered: Int = 30, errorsStayUp: Bool = false) {
        precondition(deploy <= 100 && recovered >= 4 && recovered < deploy - 8, "the story needs room")
        end = Int(now.timeIntervalSince1970) / 15 * 15 - 60
        self.deploy = deploy
        self.recovered = recovered
        errorsRecovered = errorsStayUp ? nil : recovered
    }

    /// `end` minus `minutes`, as a date.
    public func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: Double(end) - minutes * 60) }
    public func seconds(_ minutes: Int) -> Int { end - minutes * 60 }

    public static let bounds = ["0.1", "0.25", "0.5", "1", "1.5", "2.5", "5", "+Inf"]
    /// Requests per 15 s at or below each bound, 1000 in all. Healthy: 988 at or below 0.25 s and
    /// 10 more by 0.5 s, so rank 990 lies 2/10 into (0.25, 0.5]: p99 = 0.3 s.
    public static let healthy = [500, 988, 998, 1000, 1000, 1000, 1000, 1000]
    /// Regression: 986 at or below 1 s and 10 more by 1.5 s: rank 990 lies 4/10 into (1, 1.5]: p99 = 1.2 s.
    public static let regression = [300, 700, 900, 986, 996, 1000, 1000, 1000]

    public var openMetrics: String {
        var lines = ["# TYPE http_request_duration_seconds histogram"]
        for service in ["catalog", "idle"] {
            var cumulative = Array(repeating: 0, count: Self.bounds.count)
            var sum = 0.0
            for time in stride(from: seconds(120), through: end, by: step) {
                if service == "catalog", time > seconds(120) {
                    let regressed = time > seconds(deploy) && time <= seconds(recovered)
                    let counts = regressed ? Self.regression : Self.healthy
                    for index in counts.indices { cumulative[index] += counts[index] }
                    sum += regressed ? 700 : 200
                }
                for (index, bound) in Self.bounds.enumerated() {
                    lines.append(#"http_request_duration_seconds_bucket{service="\#(service)",le="\#(bound)"} \#(cumulative[index]) \#(time)"#)
                }
                lines.append(#"http_request_duration_seconds_count{service="\#(service)"} \#(cumulative.last!) \#(time)"#)
                lines.append(#"http_request_duration_seconds_sum{service="\#(service)"} \#(sum) \#(time)"#)
            }
        }
        lines.append("# TYPE http_requests counter")
        var ok = 0, failed = 0
        for time in stride(from: seconds(120), through: end, by: step) {
            if time > seconds(120) {
                let erring = time > seconds(deploy) && errorsRecovered.map { time <= seconds($0) } ?? true
                failed += erring ? 80 : 2
                ok += erring ? 920 : 998
            }
            lines.append(#"http_requests_total{service="catalog",code="200"} \#(ok) \#(time)"#)
            lines.append(#"http_requests_total{service="catalog",code="500"} \#(failed) \#(time)"#)
        }
        lines.append("# TYPE ALERTS gauge")
        for (state, runs) in [("firing", [(115, 110), (deploy - 8, recovered - 3)]), ("pending", [(deploy - 3, deploy - 8)])] {
            for (from, to) in runs {
                for time in stride(from: seconds(from), through: seconds(to), by: step) {
                    lines.append(#"ALERTS{alertname="\#(Self.alert)",alertstate="\#(state)",severity="page"} 1 \#(time)"#)
                }
            }
        }
        lines.append("# EOF")
        return lines.joined(separator: "\n") + "\n"
    }
}
