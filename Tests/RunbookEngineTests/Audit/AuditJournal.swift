import Foundation
@testable import RunbookEngine

/// Journals for the audit, built from walks and then edited the way a person with a text editor would.
enum AuditJournal {
    /// The whole runbook walked, every gate confirmed: 3a, 3b and 3d ran.
    static var fullWalk: [JournalRecord] {
        var walk = Walk()
        walk.walkToTheEnd()
        return records(walk.journal)
    }

    static func records(_ events: [Event]) -> [JournalRecord] {
        events.enumerated().map { JournalRecord(seq: $0.offset + 1, event: $0.element) }
    }

    static let rollbackArgv = ["argocd", "app", "rollback", Incident.app, "41"]
}

extension Array where Element == JournalRecord {
    /// The lines deleted, seq numbers left as they were.
    func deleting(_ isDeleted: (JournalRecord) -> Bool) -> [JournalRecord] { filter { !isDeleted($0) } }

    /// seq 1, 2, 3… again: an editor who covers their tracks.
    var renumbered: [JournalRecord] {
        enumerated().map { var record = $0.element; record.seq = $0.offset + 1; return record }
    }

    func index(of isWanted: (JournalRecord) -> Bool) -> Int { firstIndex(where: isWanted)! }
}

extension JournalRecord {
    func isConfirmation(of step: StepID) -> Bool {
        if case .confirmed(step, _, _) = event.kind { return true }
        return false
    }

    func isCommand(of step: StepID) -> Bool {
        if case .gateFinished(step, _) = event.kind { return true }
        return false
    }
}
