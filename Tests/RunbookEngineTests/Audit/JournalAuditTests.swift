import Foundation
import Testing
@testable import RunbookEngine

@Suite("Audit: every command in a journal ran on its own confirmation")
struct JournalAuditTests {
    @Test func aFullWalkShowsTheThreeCommandsEachWithItsConfirmation() {
        let journal = AuditJournal.fullWalk
        let audit = JournalAudit.audit(journal)
        #expect(audit.ok, "\(audit.violations)")
        #expect(audit.commands.map(\.step) == [.disableAutoSync, .rollback, .enableAutoSync])
        #expect(audit.commands[1].argv == AuditJournal.rollbackArgv)
        for command in audit.commands {
            let confirmation = command.confirmation
            #expect(confirmation?.by == Incident.driver)
            // The confirmation is the journal's own `confirmed` record of that step, just before the command.
            let confirmed = journal.first { $0.seq == confirmation?.seq }
            #expect(confirmed?.isConfirmation(of: command.step) == true)
            #expect((confirmation?.seq ?? .max) < command.seq)
            #expect(command.override == nil)
        }
        #expect(audit.unfinished.isEmpty)
    }

    @Test func deletingTheRollbacksConfirmationNamesTheRollback() {
        let journal = AuditJournal.fullWalk.deleting { $0.isConfirmation(of: .rollback) }
        let audit = JournalAudit.audit(journal)
        #expect(!audit.ok)
        let missing = audit.violations.filter { $0.rule == .noConfirmation }
        #expect(missing.count == 1)
        #expect(missing.first?.message.hasPrefix("rollback `argocd app rollback bookstore-catalog-us-east 41` ran at ") == true)
        #expect(missing.first?.message.contains("with no earlier confirmation of Step 3b") == true)
        // The hole in the seq numbers gives the deletion away too.
        #expect(audit.violations.contains { $0.rule == .seqOutOfOrder && $0.message.contains("1 record is missing") })
        #expect(audit.commands.first { $0.step == .rollback }?.confirmation == nil)
    }

    @Test func deletingItAndRenumberingIsStillCaught() {
        let journal = AuditJournal.fullWalk.deleting { $0.isConfirmation(of: .rollback) }.renumbered
        let audit = JournalAudit.audit(journal)
        // Replay diverges after the unconfirmed rollback too; the first violation is the one that matters.
        #expect(audit.violations.first?.rule == .noConfirmation)
        #expect(audit.violations.dropFirst().allSatisfy { $0.rule == .notIssuedOnReplay })
        #expect(audit.violations.first?.message.contains("rollback `argocd app rollback") == true)
    }

    @Test func aDuplicatedCommandSharesOneConfirmation() {
        var journal = AuditJournal.fullWalk
        let rollback = journal.index { $0.isCommand(of: .rollback) }
        journal.insert(journal[rollback], at: rollback + 1)
        let audit = JournalAudit.audit(journal.renumbered)
        #expect(audit.violations.map(\.rule) == [.sharedConfirmation])
        #expect(audit.violations.first?.message.contains("already authorised the command at seq \(rollback + 1)") == true)
        #expect(audit.commands.filter { $0.step == .rollback }.count == 2)
    }

    @Test func aDuplicatedLineRepeatsItsSeq() {
        var journal = AuditJournal.fullWalk
        let rollback = journal.index { $0.isCommand(of: .rollback) }
        journal.insert(journal[rollback], at: rollback + 1)
        let audit = JournalAudit.audit(journal)
        #expect(audit.violations.map(\.rule) == [.sharedConfirmation, .seqOutOfOrder])
        #expect(audit.violations.contains { $0.message == "seq \(rollback + 1) appears twice in a row: a line was duplicated" })
    }

    @Test func aConfirmationOfAnotherArgvDoesNotAuthoriseTheCommand() {
        var journal = AuditJournal.fullWalk
        let confirmation = journal.index { $0.isConfirmation(of: .rollback) }
        let wrong = ["argocd", "app", "rollback", Incident.app, "40"]
        journal[confirmation].event.kind = .confirmed(step: .rollback, argv: wrong, by: Incident.driver)
        let audit = JournalAudit.audit(journal)
        #expect(audit.violations.first?.rule == .noConfirmation)
        #expect(audit.violations.dropFirst().allSatisfy { $0.rule == .notIssuedOnReplay })
        #expect(audit.violations.first?.message.contains("was for `argocd app rollback bookstore-catalog-us-east 40`") == true)
    }

    @Test func aConfirmationThatNamesNobodyIsAViolation() {
        var journal = AuditJournal.fullWalk
        let confirmation = journal.index { $0.isConfirmation(of: .disableAutoSync) }
        guard case .confirmed(let step, let argv, _) = journal[confirmation].event.kind else { Issue.record(); return }
        journal[confirmation].event.kind = .confirmed(step: step, argv: argv, by: "")
        let audit = JournalAudit.audit(journal)
        // Replayed without 3a, the state never learns auto-sync was on, so 3d's later gate does not open either.
        #expect(audit.violations.map(\.rule) == [.anonymousConfirmation, .notIssuedOnReplay], "\(audit.violations)")
        #expect(audit.violations.first?.message.contains("disable auto-sync `argocd app set bookstore-catalog-us-east --sync-policy none`") == true)
    }

    @Test func aConfirmationGivenWhileTheStepWasNotWaitingIsCaughtByReplay() {
        // 3b confirmed (and "run") while auto-sync is still on: the console would have refused it.
        var walk = Walk.at(.disableAutoSync)
        walk.send(.confirmed(step: .rollback, argv: AuditJournal.rollbackArgv, by: Incident.driver))
        walk.send(.gateFinished(step: .rollback, result: CommandResult(argv: AuditJournal.rollbackArgv, exitCode: 0, stdout: "", stderr: "")))
        let audit = JournalAudit.audit(AuditJournal.records(walk.journal))
        #expect(audit.violations.map(\.rule) == [.notIssuedOnReplay])
        #expect(audit.violations.first?.message.contains("the console never issued it: Step 3b is not waiting for a confirmation") == true)
        #expect(audit.commands.first?.confirmation?.by == Incident.driver)
    }

    @Test func aRollbackAfterAnUnsafeVerdictWithoutAnOverrideIsAViolation() {
        var world = World()
        world.migrations = .ok(Incident.unsafeMigrations)
        var walk = Walk(world)
        walk.confirm(.preflight)
        // Forged: Step 0's hard stop means the console never shows 3a's gate.
        let argv = ["argocd", "app", "set", Incident.app, "--sync-policy", "none"]
        walk.send(.confirmed(step: .disableAutoSync, argv: argv, by: Incident.driver))
        walk.send(.gateFinished(step: .disableAutoSync, result: CommandResult(argv: argv, exitCode: 0, stdout: "", stderr: "")))
        let audit = JournalAudit.audit(AuditJournal.records(walk.journal))
        #expect(audit.violations.map(\.rule) == [.unsafeWithoutOverride])
        #expect(audit.violations.first?.message.contains("after Step 0 found an UNSAFE migration") == true)
    }

    @Test func anOverrideAfterTheUnsafeVerdictIsShownWithEveryCommand() {
        var world = World()
        world.migrations = .ok(Incident.unsafeMigrations)
        var walk = Walk(world)
        walk.send(.overrode(typedApp: Incident.app, reason: "isbn10 unread since March", by: Incident.driver))
        walk.walkToTheEnd()
        let audit = JournalAudit.audit(AuditJournal.records(walk.journal))
        #expect(audit.ok, "\(audit.violations)")
        #expect(audit.commands.count == 3)
        #expect(audit.commands.allSatisfy { $0.override?.reason == "isbn10 unread since March" && $0.override?.by == Incident.driver })
    }

    @Test func deletingTheOverrideMakesEveryCommandAViolation() {
        var world = World()
        world.migrations = .ok(Incident.unsafeMigrations)
        var walk = Walk(world)
        walk.send(.overrode(typedApp: Incident.app, reason: "isbn10 unread since March", by: Incident.driver))
        walk.walkToTheEnd()
        let journal = AuditJournal.records(walk.journal).deleting {
            if case .overrode = $0.event.kind { true } else { false }
        }.renumbered
        let audit = JournalAudit.audit(journal)
        #expect(audit.violations.filter { $0.rule == .unsafeWithoutOverride }.count == 3)
        #expect(audit.violations.contains { $0.message.hasPrefix("rollback `argocd app rollback bookstore-catalog-us-east 41`") })
    }

    @Test func seqGoingBackwardsGivesAnEditAway() {
        var journal = AuditJournal.fullWalk
        // A read's answer moved four lines down: replay does not mind, the numbering does.
        let read = journal.firstIndex { if case .podsRead = $0.event.kind { true } else { false } }!
        journal.insert(journal.remove(at: read), at: read + 4)
        let audit = JournalAudit.audit(journal)
        let seq = read + 1
        #expect(audit.violations.map(\.message) == [
            "seq jumps from \(seq - 1) to \(seq + 1): 1 record is missing — lines were deleted",
            "seq goes backwards: \(seq) comes after \(seq + 4) — lines were moved or spliced in",
        ])
    }

    @Test func aJournalMissingItsFirstLinesSaysSo() {
        let journal = Array(AuditJournal.fullWalk.dropFirst(2))
        let audit = JournalAudit.audit(journal)
        #expect(audit.violations.first?.message == "the journal starts at seq 3, not 1: 2 records are missing before it")
    }

    @Test func aCommandStillRunningWhenTheConsoleStoppedIsListedApart() {
        var walk = Walk.at(.rollback)
        walk.press(.rollback)
        walk.send(.stopped(reason: "SIGTERM"))
        let audit = JournalAudit.audit(AuditJournal.records(walk.journal))
        #expect(audit.ok)
        #expect(audit.commands.map(\.step) == [.disableAutoSync])
        #expect(audit.unfinished.map(\.argv) == [AuditJournal.rollbackArgv])
    }

    @Test func aJournalFromANewerFormatIsRefused() {
        var journal = AuditJournal.fullWalk
        journal[3].v = 2
        #expect(JournalAudit.unreadableReason(journal)?.contains("journal format v2") == true)
        #expect(JournalAudit.unreadableReason(AuditJournal.fullWalk) == nil)
    }
}
