import Foundation

/// A signal Step 3c watches: a PromQL query that returns one series, in a unit, with a threshold it must be
/// on the right side of. The runbook's alerts page on three kinds: p99 latency (`BookstoreCatalogP99Latency`),
/// an error ratio (`BookstorePaymentsErrorRate`) and a 5xx ratio (`BookstoreOrders5xxRate`).
public struct MetricSpec: Sendable, Equatable, Codable {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case seconds, ratio, percent
        /// Requests per second.
        case rps
    }

    /// Which side of the threshold is healthy.
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// Latency, errors: healthy while the value is below the threshold.
        case below
        /// Throughput, success ratio: healthy while the value is above it.
        case above
    }

    /// How the screen and the journal name it ("p99", "5xx ratio").
    public var name: String
    public var query: String
    public var unit: Unit
    public var threshold: Double
    public var direction: Direction
    /// Alerts that page on this metric: the one that fired puts it first (the metric 3c watches first).
    public var alerts: [String]

    public init(name: String, query: String, unit: Unit, threshold: Double, direction: Direction = .below, alerts: [String] = []) {
        self.name = name; self.query = query; self.unit = unit; self.threshold = threshold; self.direction = direction
        self.alerts = alerts
    }

    /// A journal's metric is checked as it is read, like every number in the incident's config.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        query = try c.decode(String.self, forKey: .query)
        unit = try c.decode(Unit.self, forKey: .unit)
        direction = try c.decode(Direction.self, forKey: .direction)
        alerts = try c.decodeIfPresent([String].self, forKey: .alerts) ?? []
        threshold = try unit.thresholds.checked(try c.decode(Double.self, forKey: .threshold), key: "threshold")
    }

    /// Healthy: on the right side of the threshold. NaN (no traffic) is neither side: it proves nothing.
    public func isHealthy(_ value: Double) -> Bool {
        guard !value.isNaN else { return false }
        return direction == .below ? value < threshold : value > threshold
    }

    /// "1.17 s", "4.2 %" (a ratio is shown as a percentage), "812 req/s".
    public func format(_ value: Double) -> String {
        guard !value.isNaN else { return "NaN" }
        switch unit {
        case .seconds: return Format.seconds(value)
        case .ratio: return Self.number(value * 100) + " %"
        case .percent: return Self.number(value) + " %"
        case .rps: return Self.number(value) + " req/s"
        }
    }

    /// "below 0.50 s", "above 800 req/s".
    public var limit: String { "\(direction.rawValue) \(format(threshold))" }

    /// The word on the other side: "above" for a must-stay-below metric.
    public var wrongSide: String { direction == .below ? "above" : "below" }

    /// Three significant figures without exponent notation: 0.0420, 4.20, 42.0, 812.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        let magnitude = abs(value)
        if magnitude >= 100 || magnitude == 0 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3g", value)
    }
}

extension MetricSpec.Unit {
    /// The thresholds that make sense in this unit: a ratio is at most 1, a percentage at most 100.
    public var thresholds: SaneRange {
        switch self {
        case .seconds: SaneRanges.threshold
        case .ratio: SaneRange(0.000_1...1, unit: "a ratio")
        case .percent: SaneRange(0.001...100, unit: "a percentage")
        case .rps: SaneRange(0.001...1e9, unit: "requests per second")
        }
    }
}

extension MetricSpec {
    /// The runbook's p99 query; `SERVICE` becomes the deployment's name.
    public static let p99QueryTemplate = #"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="SERVICE"}[5m])))"#
    /// The share of requests answered with a 5xx, over the same 5-minute rate window.
    public static let errorRatioQueryTemplate = #"sum(rate(http_requests_total{service="SERVICE",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="SERVICE"}[5m]))"#

    /// `template` for `service` (quoted for a PromQL string).
    public static func query(_ template: String, service: String) -> String {
        template.replacingOccurrences(of: "SERVICE", with: promQLString(service))
    }

    public static func latency(query: String, threshold: Double) -> MetricSpec {
        MetricSpec(name: "p99", query: query, unit: .seconds, threshold: threshold, direction: .below)
    }

    public static func errorRatio(query: String, threshold: Double = 0.01) -> MetricSpec {
        MetricSpec(name: "5xx ratio", query: query, unit: .ratio, threshold: threshold, direction: .below)
    }

    /// Does `alert` page on an error rate rather than on latency? (`BookstorePaymentsErrorRate`,
    /// `BookstoreOrders5xxRate`; by its name, as teams name them.)
    public static func isErrorAlert(_ alert: String) -> Bool {
        let name = alert.lowercased()
        return name.contains("error") || name.contains("5xx") || name.contains("errors")
    }

    /// The metrics when the config names none: the runbook's p99, and the error ratio when an error-rate
    /// alert is among `alerts` (first, then: the alert that paged is about it).
    public static func defaults(alerts: [String], latencyQuery: String, latencyThreshold: Double, service: String) -> [MetricSpec] {
        var latency = MetricSpec.latency(query: latencyQuery, threshold: latencyThreshold)
        latency.alerts = alerts.filter { !isErrorAlert($0) }
        let errorAlerts = alerts.filter(isErrorAlert)
        guard !errorAlerts.isEmpty else { return [latency] }
        var errors = MetricSpec.errorRatio(query: query(errorRatioQueryTemplate, service: service))
        errors.alerts = errorAlerts
        return ordered([latency, errors], firstFor: alerts.first ?? "")
    }

    /// `metrics` with the one that pages on `alert` first (the metric 3c watches first); unchanged when
    /// none names it.
    public static func ordered(_ metrics: [MetricSpec], firstFor alert: String) -> [MetricSpec] {
        guard let index = metrics.firstIndex(where: { $0.alerts.contains(alert) }), index > 0 else { return metrics }
        var ordered = metrics
        ordered.insert(ordered.remove(at: index), at: 0)
        return ordered
    }

    /// A PromQL double-quoted string's contents (the one definition: label values in queries and alert names).
    public static func promQLString(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
