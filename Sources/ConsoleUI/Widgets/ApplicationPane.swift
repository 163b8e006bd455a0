import RunbookEngine

/// Application: health, sync status, revision, history ID, auto-sync, the running image digest; and the
/// Argo Rollout when the app runs one (`RolloutLines`).
enum ApplicationPane {
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        guard let app = runbook.app.value else {
            if let error = runbook.app.error {
                // Wrapped, never cut: "did not answer within its timeout and was killed" is the part that matters.
                return ScreenText.wrap("\(glyphs.cross) could not read the app: \(error.message)", width: width).map { TextLine($0, .danger) }
            }
            let name = runbook.config?.app ?? "the app"
            let wait = Ages.waiting(since: runbook.inFlight[.app], now: state.clock)
            return [TextLine("reading argocd app get \(name)\(wait)", .muted)]
        }
        var lines: [TextLine] = []
        let health = Mark.health(app.health, glyphs), sync = Mark.sync(app.sync, glyphs)
        var first = TextLine("Health    ", .muted)
        first.append("\(health.symbol) \(app.health.rawValue)", health.role, bold: true)
        first.append("  Sync ", .muted)
        first.append("\(sync.symbol) \(app.sync.rawValue)", sync.role, bold: true)
        lines.append(first)

        var revision = TextLine("Revision  ", .muted)
        if let current = app.current {
            revision.append(current.revision.short, .text, bold: true)
            revision.append("  history ", .muted)
            revision.append(current.id.description, .text, bold: true)
            if let bad = runbook.badEntry, current == bad { revision.append("  \(glyphs.cross) bad", Style(.danger, bold: true)) }
            if let good = runbook.lastKnownGood, current.id > (runbook.badEntry?.id ?? current.id),
               current.revision.sameCommit(as: good.revision) {
                revision.append(width >= 45 ? "  \(glyphs.check) last known good" : "  \(glyphs.check) good", .ok)
            }
        } else {
            revision.append("no history", .warn)
        }
        lines.append(revision)

        var autoSync = TextLine("Auto-sync ", .muted)
        if let policy = app.autoSync {
            let flags = [policy.prune ? "prune" : nil, policy.selfHeal ? "selfHeal" : nil].compactMap { $0 }
            let detail = width >= 50 ? " (\(Format.autoSync(policy)))" : (flags.isEmpty ? "" : ", " + flags.joined(separator: ", "))
            // ON is the danger before Step 3a and the goal after 3d.
            // Pinned to the target by 3a, auto-sync syncs to the pin: no danger either.
            let restored = runbook.status(.enableAutoSync).isFinished && runbook.autoSyncGuardApplied
            let pinned = runbook.pinStillOn && runbook.targetPinned
            autoSync.append("\(restored || pinned ? glyphs.check : glyphs.warn) ON\(detail)", restored || pinned ? .ok : .warn, bold: true)
            if pinned, let pin = runbook.pin { autoSync.append("  pinned to \(pin.revision.short)", .ok, bold: true) }
        } else {
            autoSync.append("\(glyphs.check) off", .ok, bold: true)
        }
        lines.append(autoSync)

        lines.append(contentsOf: imageLines(state, app: app, width: width, glyphs: glyphs))

        if let operation = app.operation {
            let mark = Mark.operation(operation.phase, glyphs)
            var line = TextLine("Operation ", .muted)
            line.append("\(mark.symbol) \(operation.phase.rawValue)", mark.role, bold: true)
            if let revision = operation.syncRevision { line.append(" to \(revision.short)", .text) }
            if !operation.message.isEmpty { line.append(": \(operation.message)", .muted) }
            lines.append(line)
        }
        if let alert = runbook.deployVersusAlert {
            let doubt = runbook.deployTiming?.deployDidNotCause == true
            lines.append(TextLine("Deploy    ", .muted))
            lines[lines.count - 1].append(doubt ? "\(glyphs.warn) \(alert)" : alert, doubt ? .warn : .text)
        }
        if let error = runbook.app.error {
            lines.append(TextLine("\(glyphs.warn) last read failed: \(error.message)", .warn))
        }
        // Last: on a small pane the rows above (Step 1's evidence, a failed read) matter more.
        lines.append(contentsOf: templateLines(state, width: width, glyphs: glyphs))
        lines.append(contentsOf: RolloutLines.lines(state, width: width, glyphs: glyphs))
        return lines
    }

    /// The image the pods run (or Argo CD's summary before the pods are read), digest kept visible.
    private static func imageLines(_ state: ConsoleState, app: Application, width: Int, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        let podImages = runbook.pods.value?.map(\.image) ?? []
        let images = podImages.isEmpty ? app.images : podImages
        guard !images.isEmpty else { return [TextLine("Image     not read yet", .muted)] }
        var distinct: [String] = []
        for image in images where !distinct.contains(image) { distinct.append(image) }
        let room = max(8, width - 10)
        return distinct.prefix(2).enumerated().map { index, image in
            var line = TextLine(index == 0 ? "Image     " : "          ", .muted)
            let bad = runbook.badImages.contains(image) && runbook.status(.rollback).isFinished
            let count = podImages.isEmpty ? "" : " \(podImages.filter { $0 == image }.count)/\(podImages.count)"
            // Still the bad digest after the rollback: said with a symbol and a word, not only in red.
            let label = bad ? "\(glyphs.cross) bad " : ""
            if bad { line.append(label, Style(.danger, bold: true)) }
            line.append(shortImage(image, room: room - count.count - label.count, glyphs), bad ? .danger : .text)
            if !count.isEmpty { line.append(count, .muted) }
            return line
        }
    }

    /// The Deployment's pod template image: where a rollout is taking the pods (kubectl's answer, or why not:
    /// the reason wrapped, never cut).
    private static func templateLines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let evidence = state.runbook.deploymentImages
        let room = max(8, width - 10)
        var line = TextLine("Template  ", .muted)
        if let images = evidence.value, !images.isEmpty {
            let text = images.joined(separator: ", ")
            // Still shown when a later read failed, but not as if it were fresh.
            let suffix = evidence.error != nil ? "  \(glyphs.warn) last read failed"
                : state.runbook.config.map { " (deployment \($0.deployment))" } ?? ""
            line.append(shortImage(text, room: max(8, room - suffix.count), glyphs), .text)
            if room - text.count >= suffix.count { line.append(suffix, evidence.error != nil ? .warn : .muted) }
            return [line]
        }
        guard let error = evidence.error else { return [] }
        let wrapped = ScreenText.wrap("\(glyphs.warn) \(error.message)", width: room)
        return wrapped.enumerated().map { index, part in
            var line = TextLine(index == 0 ? "Template  " : "          ", .muted)
            line.append(part, .warn)
            return line
        }
    }

    /// "catalog@sha256:9f2c4e1a…" when the full reference does not fit.
    static func shortImage(_ image: String, room: Int, _ glyphs: Glyphs) -> String {
        guard image.count > room else { return image }
        let name = image.split(separator: "/").last.map(String.init) ?? image
        guard name.count > room else { return name }
        return ScreenText.fit(name, width: room, glyphs)
    }
}
