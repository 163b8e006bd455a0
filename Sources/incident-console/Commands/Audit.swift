import ArgumentParser
import Foundation
import Storage
import RunbookEngine

/// `incident-console audit JOURNAL`: proves from a journal that every command ran on its own confirmation.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every command a journal says ran, with the confirmation that authorised it.",
        discussion: """
        For auditors and postmortems. Reads a journal (docs/JOURNAL.md) and lists each \
        command that ran — disable auto-sync, rollback, re-enable auto-sync — with the \
        driver's confirmation that authorised it (who, when) and any Step 0 override in force.

        A violation is: a command with no earlier confirmation of its step and exact argv; a \
        confirmation that names nobody; one confirmation used by two commands; a command \
        after an UNSAFE Step 0 verdict with no override; a command the console would not \
        have issued when the journal is replayed (the step was not waiting for a \
        confirmation); seq numbers that repeat, go backwards or skip (a hand-edited journal). A \
        confirmation marked decisionNotDurable (its fsync failed) authorises nothing.

        A rule broken more than three times shows its first two violations and one line for the \
        rest; --format json lists every one. A last line cut off mid-write is dropped with a note \
        on standard error.

        Exit status: 0 every command had its own earlier driver confirmation, 1 violations \
        (each one named), 3 the journal cannot be read, 64 usage.

        Examples:
          incident-console audit ~/.local/state/incident-console/APP-TIME.jsonl
          incident-console audit --format json JOURNAL | jq '.violations[].message'
        """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: text for people, json for tools.")
    var format: OutputFormat = .text

    @Argument(help: ArgumentHelp("The journal to audit (one JSON line per event).", valueName: "journal"))
    var journal: String

    func run() throws {
        let contents: JournalContents
        do { contents = try JournalReader.read(path: journal) } catch {
            Self.warn("audit: \(error)")
            throw ExitCode(3)
        }
        if let note = contents.repairNote { Self.warn("audit: \(journal): \(note)") }
        if let reason = JournalAudit.unreadableReason(contents.records) {
            Self.warn("audit: cannot read journal \(journal): \(reason)")
            throw ExitCode(3)
        }
        let audit = JournalAudit.audit(contents.records)
        // JSON escapes its own strings exactly; text for people has every control made visible.
        print(format == .json ? try AuditJSON.render(audit)
              : TerminalSafe.text(AuditText.render(audit, journal: journal, records: contents.records)), terminator: "")
        if !audit.ok { throw ExitCode(1) }
    }

    private static func warn(_ line: String) {
        FileHandle.standardError.write(Data((TerminalSafe.text(line) + "\n").utf8))
    }
}

/// `{"ok", "commands": [{"step", "argv", "confirmedBy", "confirmedAt", "override"}], "violations": [{"rule", "seq", "message"}]}`,
/// keys in that order (JSONEncoder does not keep order); times in ISO 8601 UTC.
private enum AuditJSON {
    static func render(_ audit: JournalAudit) throws -> String {
        let commands = try audit.commands.map { command in
            let override = try command.override.map { override in
                try object([("by", string(override.by)), ("reason", string(override.reason)), ("at", string(time(override.at)))])
            }
            return try object([
                ("step", string(command.step.rawValue)),
                ("argv", "[" + command.argv.map(string).joined(separator: ", ") + "]"),
                ("confirmedBy", try command.confirmation.map { try string($0.by) } ?? "null"),
                ("confirmedAt", try command.confirmation.map { try string(time($0.at)) } ?? "null"),
                ("override", override ?? "null"),
            ])
        }
        let violations = try audit.violations.map { violation in
            try object([("rule", string(violation.rule.rawValue)), ("seq", String(violation.seq)), ("message", string(violation.message))])
        }
        return "{\n  \"ok\": \(audit.ok),\n  \"commands\": \(list(commands)),\n  \"violations\": \(list(violations))\n}\n"
    }

    private static func object(_ fields: [(String, String)]) throws -> String {
        "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "[]" : "[\n" + items.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]"
    }

    /// One JSON string, escaped by JSONEncoder.
    private static func string(_ text: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(text), as: UTF8.self)
    }

    private static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// One block per command in journal order, then the violations and a one-line verdict.
private enum AuditText {
    static func render(_ audit: JournalAudit, journal: String, records: [JournalRecord]) -> String {
        var out = "Journal \(journal): \(records.count == 1 ? "1 record" : "\(records.count) records")"
        if case .started(let config, let driver)? = records.first?.event.kind {
            out += ", \(config.app) driven by \(driver) from \(Format.timestamp(records[0].event.at))"
        }
        out += "\n\n"
        out += audit.commands.isEmpty ? "No command ran.\n" : "\(count(audit.commands.count, "command")) ran:\n"
        for command in audit.commands {
            let exit = command.exitCode.map { "exit \($0)" } ?? "no exit status"
            out += "  \(command.step.label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(command.commandLine)\n"
            out += "           ran \(Format.clock(command.ranAt)) (seq \(command.seq), \(exit))\n"
            if let confirmation = command.confirmation {
                let by = confirmation.by.isEmpty ? "nobody" : confirmation.by
                out += "           confirmed by \(by) at \(Format.clock(confirmation.at)) (seq \(confirmation.seq))\n"
            } else {
                out += "           confirmed by: NO CONFIRMATION\n"
            }
            if let override = command.override {
                out += "           override: Step 0 overridden by \(override.by) at \(Format.clock(override.at)): \(override.reason)\n"
            }
        }
        if !audit.unfinished.isEmpty {
            out += "\nConfirmed and issued, but no result in the journal (the console stopped while it ran — check Argo CD):\n"
            for command in audit.unfinished {
                out += "  \(command.step.label.padding(toLength: 8, withPad: " ", startingAt: 0)) \(command.commandLine)\n"
                out += "           confirmed by \(command.confirmation?.by ?? "nobody") at \(Format.clock(command.ranAt)) (seq \(command.seq))\n"
            }
        }
        if audit.ok {
            out += "\nOK: every command ran on its own earlier confirmation by the driver.\n"
        } else {
            out += "\n\(count(audit.violations.count, "violation")):\n"
            for line in grouped(audit.violations) { out += "  - \(line)\n" }
            let starts = records.filter { if case .started = $0.event.kind { true } else { false } }
            if starts.count > 1 {
                out += "\nThis journal holds \(starts.count) incidents (`started` at seq \(starts.map { String($0.seq) }.joined(separator: ", "))): "
                    + "one was appended to another's journal. A journal holds one incident.\n"
            }
            out += "\nNOT OK: \(count(audit.violations.count, "violation")) above.\n"
        }
        return out
    }

    private static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// Violations in journal order, but a rule broken more than `shown` + 1 times shows its first `shown`
    /// and one line for the rest (`--format json` lists every one).
    static func grouped(_ violations: [AuditViolation], shown: Int = 2) -> [String] {
        let byRule = Dictionary(grouping: violations, by: \.rule)
        var listed: [AuditViolation.Rule: Int] = [:]
        var lines: [String] = []
        for violation in violations {
            let all = byRule[violation.rule] ?? []
            let index = listed[violation.rule, default: 0]
            listed[violation.rule] = index + 1
            if all.count <= shown + 1 || index < shown {
                lines.append(violation.message)
            } else if index == shown {
                let rest = all.dropFirst(shown).map(\.seq)
                lines.append("… and \(rest.count) more \(violation.rule.rawValue) violations like these, "
                             + "at seq \(rest.min() ?? 0) to \(rest.max() ?? 0) (--format json lists each)")
            }
        }
        return lines
    }
}
