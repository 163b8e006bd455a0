import Foundation

/// The runbook's "P1: post in the channel within 1 hour": due an hour after the alert started (else
/// after the console started), on the incident's clock. Gone once Step 4's message is handed over.
public struct MessageDeadline: Sendable, Equatable {
    public enum Level: Sendable, Equatable {
        /// More than `warnWithin` left.
        case onTime
        /// Due within `warnWithin`.
        case near
        /// Past due.
        case overdue
    }

    public var due: Date
    /// Seconds until it is due (negative once overdue).
    public var left: TimeInterval
    public var level: Level

    public static let allowance: TimeInterval = 3600
    public static let warnWithin: TimeInterval = 600

    public init(due: Date, now: Date) {
        self.due = due
        left = due.timeIntervalSince(now)
        level = left <= 0 ? .overdue : left <= Self.warnWithin ? .near : .onTime
    }

    /// "P1 message due in 42 min", "P1 message 3 min OVERDUE".
    public var text: String {
        if left > 0 {
            let minutes = Int((left / 60).rounded(.up))
            return "P1 message due in \(minutes) min"
        }
        let minutes = Int((-left / 60).rounded(.down))
        return minutes == 0 ? "P1 message due NOW" : "P1 message \(minutes) min OVERDUE"
    }
}

extension RunbookState {
    /// Where the hour for the first message stands; nil before the incident starts and once the message
    /// is confirmed (Step 4's `y`) or posted (4b). Copying it (`c`) is the view's to say.
    public var messageDeadline: MessageDeadline? {
        guard config != nil, let started = startedAt, !messageHandedOver else { return nil }
        let from = (alertStart.value ?? nil) ?? started
        return MessageDeadline(due: from.addingTimeInterval(MessageDeadline.allowance), now: now)
    }

    /// Step 4's message is out of the console's hands: confirmed (written, or being written) or posted.
    public var messageHandedOver: Bool {
        switch status(.communicate) {
        case .running, .done: return true
        default: break
        }
        if case .done = status(.postStatus) { return true }
        return false
    }
}
