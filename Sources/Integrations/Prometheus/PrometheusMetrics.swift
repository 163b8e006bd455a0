import Foundation
import Logging
import RunbookEngine

/// The metrics port on a real Prometheus, through its HTTP API (`/api/v1/query_range`). Each metric brings
/// its own PromQL; `query` is the p99's (the runbook's
/// `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="catalog"}[5m])))`),
/// for `p99(from:to:step:)`. The bearer token, when given, is sent as `Authorization: Bearer …` and never
/// written anywhere.
public struct PrometheusMetrics: MetricsPort {
    public let query: String
    private let client: PrometheusClient
    /// "Now" for the alert's window: the console's clock, not the machine's, so a test can fix it.
    private let now: @Sendable () -> Date

    public init(baseURL: URL, query: String, bearerToken: String? = nil, timeout: Duration = .seconds(10),
                logger: Logger = Logger(label: "prometheus"), now: @escaping @Sendable () -> Date = { Date() }) {
        self.query = query
        self.now = now
        client = PrometheusClient(baseURL: baseURL, bearerToken: bearerToken, timeout: timeout, logger: logger)
    }

    /// The p99 series (`query`) over [from, to] every `step`.
    public func p99(from: Date, to: Date, step: Duration) async throws -> [LatencySample] {
        try await series(MetricSpec.latency(query: query, threshold: 0.5), from: from, to: to, step: step)
    }

    /// `metric`'s series over [from, to] every `step`. A step without data is missing; a step without
    /// traffic is NaN (the reducer treats NaN as on neither side of the threshold).
    public func series(_ metric: MetricSpec, from: Date, to: Date, step: Duration) async throws -> [LatencySample] {
        guard step > .zero else { throw PortError(.failed, "the \(metric.name) step must be positive, not \(PrometheusFailure.format(step))") }
        // A journal written before metrics had queries watched the p99 alone: its query is this port's.
        let query = metric.query.isEmpty ? self.query : metric.query
        let series = try await range(query, from: from, to: to, step: step)
        guard let only = series.first else { throw PrometheusFailure.empty(query, server: client.serverDescription) }
        guard series.count == 1 else {
            throw PortError(.failed, "\(query) returned \(series.count) series; \(metric.name) needs exactly one — aggregate it, e.g. sum(…) or sum by (le) (…)")
        }
        return only.values.map { LatencySample(at: $0.at, seconds: $0.value) }
    }

    /// How far either side of `around` (the deploy) to look for the alert.
    static let alertWindow: TimeInterval = 3 * 3600
    static let alertStep: Duration = .seconds(15)

    /// When `alert` started firing: the first step of the firing run nearest `around`, to within
    /// 15 s; nil when it did not fire within 3 h of it. A run already firing when the window opens
    /// starts at the window's start.
    ///
    /// Read from `ALERTS{alertstate="firing"}` rather than `ALERTS_FOR_STATE`: ALERTS is what
    /// paged (the runbook's "the alert fired"), exists for every alerting rule, and stale markers end
    /// its runs; ALERTS_FOR_STATE holds when the alert became *pending* (earlier by the rule's
    /// `for:`), only for rules with a `for:`, and exists for restoring state after a restart.
    public func alertStart(_ alert: String, around: Date) async throws -> Date? {
        let from = around.addingTimeInterval(-Self.alertWindow)
        let to = max(from, min(around.addingTimeInterval(Self.alertWindow), now()))
        // count(): one series however many label sets the alert fires with (per pod, per region).
        let selector = "count(ALERTS{alertname=\"\(Self.escape(alert))\",alertstate=\"firing\"})"
        let series = try await range(selector, from: from, to: to, step: Self.alertStep)
        let runs = FiringRun.runs(in: series.flatMap { $0.values.map(\.at) }, step: Self.alertStep)
        return FiringRun.nearest(runs, to: around)?.start
    }

    private func range(_ promQL: String, from: Date, to: Date, step: Duration) async throws -> [PrometheusResponse.Series] {
        let endpoint = "query_range"
        let reply = try await client.get(endpoint, [
            ("query", promQL),
            ("start", Self.timestamp(from)),
            ("end", Self.timestamp(to)),
            ("step", String(format: "%g", step.seconds)),
        ])
        return try PrometheusResponse.matrix(from: reply, server: client.serverDescription, endpoint: endpoint)
    }

    /// Unix seconds with milliseconds, never in exponent notation.
    static func timestamp(_ date: Date) -> String { String(format: "%.3f", date.timeIntervalSince1970) }

    /// A PromQL double-quoted string's contents.
    static func escape(_ text: String) -> String { MetricSpec.promQLString(text) }
}
