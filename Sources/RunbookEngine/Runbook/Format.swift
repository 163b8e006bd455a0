import Foundation

/// How numbers, times and durations read everywhere in the console.
public enum Format {
    public static func seconds(_ value: Double) -> String {
        value.isNaN ? "NaN" : String(format: "%.2f s", value)
    }

    /// "45 s", "12 min", "3 h 05 min".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "? s" }
        let total = Int(saturating: seconds)
        if total < 90 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min" }
        return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60)
    }

    /// "14:22:13 UTC".
    public static func clock(_ date: Date) -> String {
        let c = utcCalendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d UTC", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// "2026-05-20 14:22:13 UTC".
    public static func timestamp(_ date: Date) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0) + clock(date)
    }

    public static func autoSync(_ policy: AutoSync?) -> String {
        guard let policy else { return "off" }
        var parts = ["automated"]
        if policy.prune { parts.append("prune") }
        if policy.selfHeal { parts.append("selfHeal") }
        if policy.allowEmpty { parts.append("allowEmpty") }
        return parts.joined(separator: " + ")
    }

    public static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.trimmingCharacters(in: .whitespaces)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
