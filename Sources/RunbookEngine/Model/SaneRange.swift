import Foundation

/// The values a duration or count from outside (a flag, the config file, a journal) may take, checked
/// where it is read: NaN, ±Inf, 0, negatives and absurd sizes stop there with a message naming the key
/// and the range, so no later arithmetic on them can trap.
public struct SaneRange: Sendable, Equatable {
    public let range: ClosedRange<Double>
    /// "seconds", or "" for a plain count.
    public let unit: String

    public init(_ range: ClosedRange<Double>, unit: String = "seconds") {
        self.range = range
        self.unit = unit
    }

    /// What is wrong with `value`, nil when it is in range: "expected seconds from 1 to 3600, got nan".
    public func problem(_ value: Double) -> String? {
        guard !(value.isFinite && range.contains(value)) else { return nil }
        let what = unit.isEmpty ? "a whole number" : unit
        return "expected \(what) from \(Self.text(range.lowerBound)) to \(Self.text(range.upperBound)), got \(Self.text(value))"
    }

    /// A count must also be whole.
    public func problem(_ value: Int) -> String? {
        problem(Double(value))
    }

    /// `value`, or an error naming `key`.
    public func checked(_ value: Double, key: String) throws(OutOfRange) -> Double {
        if let problem = problem(value) { throw OutOfRange(key: key, problem: problem) }
        return value
    }

    public func checked(_ value: Int, key: String) throws(OutOfRange) -> Int {
        if let problem = problem(value) { throw OutOfRange(key: key, problem: problem) }
        return value
    }

    static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == value.rounded(), abs(value) < 9e18 { return String(Int64(value)) }
        return String(value)
    }
}

/// A value outside its `SaneRange`: "pollSeconds: expected seconds from 1 to 3600, got NaN".
public struct OutOfRange: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var problem: String
    public init(key: String, problem: String) { self.key = key; self.problem = problem }
    public var description: String { "\(key): \(problem)" }
}

/// Every duration and count the console reads, by the name the config file and the journal give it.
public enum SaneRanges {
    /// One argocd, kubectl or git command: a second to an hour.
    public static let commandTimeout = SaneRange(1...3600)
    /// One Prometheus request.
    public static let prometheusTimeout = SaneRange(1...600)
    /// p99's hold below the threshold before Step 3c passes: a second to a day.
    public static let sustain = SaneRange(1...86_400)
    /// Step 3c's patience after the rollback: ten seconds to a week.
    public static let verifyTimeout = SaneRange(10...604_800)
    /// The p99 threshold, in seconds of latency.
    public static let threshold = SaneRange(0.001...3600)
    /// How often evidence is re-read.
    public static let pollSeconds = SaneRange(1...3600)
    /// How recent a deploy counts as the likely cause: up to a week.
    public static let recentDeployWindow = SaneRange(1...604_800)
    /// A journal record's number: room for a record a millisecond for thirty years, far from Int's edge.
    public static let seq = SaneRange(1...1e12, unit: "")
    /// A journal event's time, seconds since 2001-01-01 UTC: 1970 to 2300.
    public static let eventTime = SaneRange(-978_307_200...9_467_280_000, unit: "seconds since 2001-01-01")

    /// The range of a config file key (`AppSettings.keys`' numbers), nil for a text key.
    public static func forSetting(_ key: String) -> SaneRange? {
        switch key {
        case "commandTimeout": commandTimeout
        case "prometheusTimeout": prometheusTimeout
        case "sustain": sustain
        case "verifyTimeout": verifyTimeout
        case "threshold": threshold
        default: nil
        }
    }
}

extension Duration {
    /// `seconds` as a Duration that cannot trap: NaN is zero, and the value is held within [0, a year].
    /// (`.milliseconds(Int64(x * 1000))` traps on NaN, ±Inf and anything past Int64.)
    public static func seconds(saturating seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return seconds == .infinity ? .seconds(31_536_000) : .zero }
        return .milliseconds(Int64(min(seconds, 31_536_000) * 1000))
    }
}

extension Int {
    /// `value` rounded, held within ±10^15 (NaN is 0): for display arithmetic on values from outside,
    /// where `Int(x)` would trap on NaN, ±Inf or anything past Int's range.
    public init(saturating value: Double) {
        guard !value.isNaN else { self = 0; return }
        self = Int(Swift.min(1e15, Swift.max(-1e15, value.rounded())))
    }
}
