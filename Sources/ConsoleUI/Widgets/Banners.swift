import RunbookEngine

/// What must be impossible to miss, at the top: who is being followed, auto-sync left off behind an
/// ending, and the Step 0 hard stop.
enum Banners {
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        var lines: [TextLine] = []
        if let replay = state.view.replay {
            lines.append(replayLine(replay))
        } else if let followed = state.view.readOnly {
            let who = followed.isEmpty ? state.runbook.driver : followed
            var line = TextLine(" READ-ONLY ", Style(.warn, bold: true, reverse: true))
            line.append(" following \(who): no gate can be confirmed from here", Style(.warn, bold: true))
            if let stopped = state.runbook.stoppedReason { line.append("; driver stopped: \(stopped)", .muted) }
            lines.append(line)
        }
        // An ending chosen with auto-sync still off: nobody may forget it until 3d runs or is deferred.
        let runbook = state.runbook
        if runbook.chosenEnding != nil, runbook.pinStillOn, let pin = runbook.pin {
            let since = runbook.finishedAt[.disableAutoSync].map { " since \(Format.clock($0))" } ?? ""
            var line = TextLine(" PINNED ", Style(.warn, bold: true, reverse: true))
            line.append("\(since): \(runbook.config?.app ?? "the app") tracks \(pin.revision.short), not \(pin.restore), until 3d sets targetRevision back after the revert",
                        Style(.warn, bold: true))
            if state.view.readOnly == nil { line.append(" (D defers it with a reason)", .muted) }
            lines.append(line)
        }
        if runbook.chosenEnding != nil, runbook.autoSyncStillOff {
            let since = runbook.finishedAt[.disableAutoSync].map { " since \(Format.clock($0))" } ?? ""
            var line = TextLine(" AUTO-SYNC OFF ", Style(.warn, bold: true, reverse: true))
            line.append("\(since): Argo CD deploys nothing to \(runbook.config?.app ?? "the app") until 3d re-enables it after the revert",
                        Style(.warn, bold: true))
            if state.view.readOnly == nil { line.append(" (D defers it with a reason)", .muted) }
            lines.append(line)
        }
        if let problem = state.view.journalProblem {
            var line = TextLine(" JOURNAL UNREADABLE ", Style(.danger, bold: true, reverse: true))
            line.append(" \(problem) — the screen shows the last events read", Style(.danger, bold: true))
            lines.append(line)
        }
        return lines
    }

    /// "REPLAY of root@vm's incident, 14:34–16:21 UTC, 35 %", paused or playing, and its keys.
    static func replayLine(_ replay: ReplayView) -> TextLine {
        var line = TextLine(" REPLAY", Style(.warn, bold: true, reverse: true))
        line.append(" \(replay.headline)", Style(.warn, bold: true))
        if replay.paused { line.append("  PAUSED", Style(.warn, bold: true, reverse: true)) }
        line.append(replay.paused ? "  Space: play  s: next step" : "  Space: pause  s: next step", .muted)
        return line
    }

    /// The hard stop's box contents: the engine's reason, wrapped, and how to override.
    static func hardStopLines(_ state: ConsoleState, width: Int) -> [TextLine] {
        guard let stop = state.runbook.hardStop else { return [] }
        let room = max(1, width - 4)
        // ✗ first, so the stop reads as one without its red (ScreenText gives ASCII terminals an x).
        var lines = ScreenText.wrap("✗ " + stop, width: room).map { TextLine($0, Style(.danger, bold: true)) }
        if state.runbook.unsafeMigrations, !lines.contains(where: { $0.text.contains("data-rollback-postgres-pitr.md") }) {
            lines.append(TextLine("Follow data-rollback-postgres-pitr.md.", Style(.danger, bold: true)))
        }
        let override = state.view.readOnly == nil
            ? "o: override (type the app name and a reason)"
            : "only the driver can override (o: type the app name and a reason)"
        lines.append(TextLine(override, Style(.danger)))
        return lines
    }
}
