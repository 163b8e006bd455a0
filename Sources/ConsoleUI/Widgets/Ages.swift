import Foundation
import RunbookEngine

/// Short times for narrow columns: "45s", "12m", "3h25m", "2d03h".
enum Ages {
    static func compact(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let total = max(0, Int(saturating: seconds))
        if total < 90 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86_400 { return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60) }
        return String(format: "%dd%02dh", total / 86_400, (total % 86_400) / 3600)
    }

    /// "14:22" from a date, UTC.
    static func hourMinute(_ date: Date) -> String { String(Format.clock(date).prefix(5)) }

    /// How long a read has been waiting, for "reading … (for 12 s)".
    static func waiting(since: Date?, now: Date) -> String {
        guard let since else { return "" }
        return " (for \(Format.duration(max(0, now.timeIntervalSince(since)))))"
    }
}

extension ConsoleState {
    /// The later of the screen's clock and the incident's: ages and waits never run backwards.
    var clock: Date { max(view.now, runbook.now) }
}
