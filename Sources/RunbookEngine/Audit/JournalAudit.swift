import Foundation
import MigrationSafety

/// Proves the gate invariant for one journal: every command that ran had its own earlier driver
/// confirmation of that step and that exact argv, nothing ran past an UNSAFE Step 0 without an
/// override, and `reduce` itself issued the command when the journal is replayed. Pure: records in, findings out.
public struct JournalAudit: Sendable, Equatable {
    /// Every command the journal says ran, in journal order.
    public var commands: [AuditedCommand]
    public var violations: [AuditViolation]
    /// Commands `reduce` issued for a confirmation whose result is not in the journal: the console
    /// stopped (or died) while they ran. Not a violation; whoever reads the audit checks Argo CD.
    public var unfinished: [AuditedCommand] = []

    public var ok: Bool { violations.isEmpty }

    public static func audit(_ records: [JournalRecord]) -> JournalAudit {
        var audit = JournalAudit(commands: [], violations: [])
        // Each violation with the index of its record, to list them in journal order.
        var found = sequenceViolations(records)
        // A decision whose fsync failed was not acted on: it authorises nothing and replays as never made.
        var ledger = Ledger(withdrawn: records.withdrawnDecisions)
        var state = RunbookState()
        for (index, record) in records.enumerated() where !ledger.withdrawn.contains(index) {
            if case .gateFinished(let step, let result) = record.event.kind {
                audit.check(step, result, at: index, in: records, state: state, &ledger)
                found += audit.violations.map { (index, $0) }
                audit.violations = []
            }
            ledger.reduce(record, at: index, &state)
        }
        // At one record, what a command lacks comes before what the seq numbers say.
        audit.violations = found.enumerated().sorted {
            ($0.element.0, $0.element.1.rule == .seqOutOfOrder ? 1 : 0, $0.offset) < ($1.element.0, $1.element.1.rule == .seqOutOfOrder ? 1 : 0, $1.offset)
        }.map(\.element.1)
        audit.unfinished = ledger.issued.map { issued in
            AuditedCommand(step: issued.command.step, argv: issued.command.argv, seq: issued.confirmation.seq,
                           ranAt: issued.confirmation.at, exitCode: nil, confirmation: issued.confirmation, override: state.override)
        }
        return audit
    }

    /// A reason to refuse the journal outright (exit 3), not merely fail it: written by a newer format.
    public static func unreadableReason(_ records: [JournalRecord]) -> String? {
        guard let newer = records.first(where: { $0.v > JournalRecord.formatVersion }) else { return nil }
        return "record seq \(newer.seq) is journal format v\(newer.v); this incident-console reads v\(JournalRecord.formatVersion) — use a newer incident-console"
    }

    // MARK: - One command

    private mutating func check(_ step: StepID, _ result: CommandResult, at index: Int, in records: [JournalRecord],
                                state: RunbookState, _ ledger: inout Ledger) {
        let record = records[index]
        var command = AuditedCommand(step: step, argv: result.argv, seq: record.seq, ranAt: record.event.at,
                                     exitCode: result.exitCode, confirmation: nil, override: state.override)
        let ran = "\(command.name) ran at \(Format.clock(command.ranAt)) (seq \(command.seq))"
        let before = violations.count
        func flag(_ rule: AuditViolation.Rule, _ message: String) {
            violations.append(AuditViolation(rule: rule, seq: record.seq, message: message))
        }

        if !step.isMutating { flag(.notAGate, "\(ran), but \(step.label) runs no command") }

        // The nearest earlier confirmation of this step and argv that no earlier command used.
        let matching = records[..<index].indices.reversed().filter { !ledger.withdrawn.contains($0) && records[$0].confirms(step, result.argv) }
        if let unused = matching.first(where: { ledger.usedBy[$0] == nil }), let confirmation = records[unused].confirmation {
            command.confirmation = confirmation
            ledger.usedBy[unused] = record.seq
            if confirmation.by.isEmpty {
                flag(.anonymousConfirmation, "\(ran) on a confirmation of \(step.label) that names nobody (seq \(confirmation.seq), at \(Format.clock(confirmation.at)))")
            }
        } else if let nearest = matching.first, let confirmation = records[nearest].confirmation, let first = ledger.usedBy[nearest] {
            command.confirmation = confirmation
            flag(.sharedConfirmation, "\(ran) on the confirmation of \(step.label) by \(confirmation.by) at \(Format.clock(confirmation.at)) (seq \(confirmation.seq)), which already authorised the command at seq \(first): each command needs its own confirmation")
        } else {
            flag(.noConfirmation, "\(ran) with no earlier confirmation of \(step.label)"
                 + Self.otherConfirmation(step, result.argv, before: index, in: records, withdrawn: ledger.withdrawn))
        }

        if step.isMutating, let report = state.migrations.value, report.verdict == .unsafe, state.override == nil {
            let verdict = ledger.verdictSeq.map { " (seq \($0))" } ?? ""
            flag(.unsafeWithoutOverride, "\(ran) after Step 0 found an UNSAFE migration\(verdict), with no earlier override of Step 0")
        }

        // Replay: `reduce` must have issued exactly this command for a confirmation and not seen it finish yet.
        if let issued = ledger.issued.firstIndex(where: { $0.command == GateCommand(step: step, argv: result.argv) }) {
            ledger.issued.remove(at: issued)
        } else if violations.count == before {
            let why = ledger.refusals[command.confirmation?.seq ?? -1]
                ?? (state.config == nil ? "the journal has no `started` record before it" : "no confirmation led to it")
            flag(.notIssuedOnReplay, "\(ran), but replaying the journal the console never issued it: \(why)")
        }
        commands.append(command)
    }

    /// " (the confirmation at 14:39:58 UTC, seq 55, was for `argocd app rollback … 40`)", when one of the same step exists.
    private static func otherConfirmation(_ step: StepID, _ argv: [String], before index: Int, in records: [JournalRecord],
                                          withdrawn: Set<Int>) -> String {
        if let notMade = records[..<index].indices.last(where: { withdrawn.contains($0) && records[$0].confirms(step, argv) }) {
            return " (the confirmation at seq \(records[notMade].seq) did not reach the disk and was marked as not made: it authorises nothing)"
        }
        guard let other = records[..<index].last(where: {
            if case .confirmed(step, _, _) = $0.event.kind { true } else { false }
        }), case .confirmed(_, let otherArgv, _) = other.event.kind else { return "" }
        let shown = otherArgv.isEmpty ? "no command" : "`\(GateCommand(step: step, argv: otherArgv).commandLine)`"
        return " for that command (the confirmation at \(Format.clock(other.event.at)), seq \(other.seq), was for \(shown))"
    }

    // MARK: - The journal as written

    /// seq must go up by exactly one from 1: a repeat, a step back or a gap means lines were edited, moved or deleted.
    static func sequenceViolations(_ records: [JournalRecord]) -> [(Int, AuditViolation)] {
        var found: [(Int, AuditViolation)] = []
        var previous: Int?
        for (index, record) in records.enumerated() {
            let seq = record.seq
            let expected = (previous ?? 0) + 1
            if seq != expected {
                let message: String
                switch previous {
                case nil: message = "the journal starts at seq \(seq), not 1: \(Self.records(seq - 1)) missing before it"
                case let p? where seq == p: message = "seq \(seq) appears twice in a row: a line was duplicated"
                case let p? where seq < p: message = "seq goes backwards: \(seq) comes after \(p) — lines were moved or spliced in"
                case let p?: message = "seq jumps from \(p) to \(seq): \(Self.records(seq - p - 1)) missing — lines were deleted"
                }
                found.append((index, AuditViolation(rule: .seqOutOfOrder, seq: seq, message: message)))
            }
            previous = max(previous ?? seq, seq)
        }
        return found
    }

    private static func records(_ n: Int) -> String { n == 1 ? "1 record is" : "\(n) records are" }
}

/// What the audit remembers while it walks the journal.
private struct Ledger {
    /// Indices of decisions a later `decisionNotDurable` withdrew.
    let withdrawn: Set<Int>
    /// Confirmation record index → seq of the command it authorised.
    var usedBy: [Int: Int] = [:]
    /// Gate commands `reduce` issued on replay that have not finished yet.
    var issued: [(command: GateCommand, confirmation: AuditConfirmation)] = []
    /// Confirmation seq → why `reduce` ran nothing for it (the note it left).
    var refusals: [Int: String] = [:]
    /// seq of the migration verdict the state holds.
    var verdictSeq: Int?

    mutating func reduce(_ record: JournalRecord, at index: Int, _ state: inout RunbookState) {
        let notes = state.notes.count
        let migrations = state.migrations
        let effects = Runbook.reduce(&state, record.event)
        if case .confirmed(let step, _, _) = record.event.kind, step.isMutating {
            let commands = effects.compactMap(\.mutation)
            if let confirmation = record.confirmation { issued += commands.map { ($0, confirmation) } }
            if commands.isEmpty {
                refusals[record.seq] = state.notes.count > notes ? state.notes[notes...].map(\.text).joined(separator: " ")
                    : "the confirmation at seq \(record.seq) was not taken"
            }
        }
        if state.migrations != migrations { verdictSeq = state.migrations.value == nil ? nil : record.seq }
    }
}

extension JournalRecord {
    func confirms(_ step: StepID, _ argv: [String]) -> Bool {
        if case .confirmed(step, argv, _) = event.kind { return true }
        return false
    }

    var confirmation: AuditConfirmation? {
        guard case .confirmed(_, _, let by) = event.kind else { return nil }
        return AuditConfirmation(by: by, at: event.at, seq: seq)
    }
}
