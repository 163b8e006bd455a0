import RunbookEngine

/// The bottom line: clock, mode, app, driver (or the message of the moment), and the help hint.
enum StatusLine {
    static func line(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> TextLine {
        let runbook = state.runbook
        var line = TextLine(" " + Format.clock(state.view.now > .distantPast ? state.view.now : runbook.now) + " ", Style(.text, bold: true))
        if let banner = modeBanner(state) {
            line.append(" \(banner) ", Style(.simulationBanner, bold: true, reverse: true))
            line.append(" ", .text)
        }
        if let waiting = Waiting.text(state) {
            line.append(waiting + "  ", Style(.warn, bold: true))
        }
        // The hour for the first message: near or past it, said before anything else can crowd it out.
        let deadline = state.view.statusMessageCopied ? nil : runbook.messageDeadline
        if let deadline, deadline.level != .onTime {
            line.append("\(glyphs.warn) \(deadline.text)  ", Style(deadline.level == .overdue ? .danger : .warn, bold: true))
        }
        if let message = state.view.message {
            line.append(message, Style(.accent, bold: true))
        } else {
            line.append(runbook.config?.app ?? "no incident", Style(.text, bold: true))
            // As long as 3a's change stands, Argo CD deploys nothing: said on every screen.
            if runbook.autoSyncGuardStillOn, let off = runbook.finishedAt[.disableAutoSync] {
                let since = runbook.pin.map { "\(glyphs.warn) pinned to \($0.revision.short) since \(Format.clock(off).prefix(5))" }
                    ?? "\(glyphs.warn) auto-sync OFF since \(Format.clock(off).prefix(5))"
                // At 80 columns a long app name leaves one space before it; never cut it.
                let text = line.text.count + since.count + 2 <= width ? "  " + since : " " + since
                line.append(text, Style(.warn, bold: true))
            }
            // Which Argo CD and which cluster the commands reach (live): before the driver, which gives way first.
            if let clusters = runbook.config?.clusters {
                let room = width - line.text.count - 16
                let texts = Self.contexts(clusters).map { "  " + ScreenText.clean($0, glyphs) }
                if let text = texts.first(where: { $0.count <= room }) ?? (room > 6 ? texts.last.map { String($0.prefix(room - 1)) + glyphs.ellipsis } : nil) {
                    line.append(text, .info)
                }
            }
            // The driver when there is room; the help hint always.
            let driver = state.view.readOnly.map { "  read-only: \(state.view.replay == nil ? "following" : "replay of") \($0.isEmpty ? runbook.driver : $0)" }
                ?? (runbook.driver.isEmpty ? "" : "  driver \(runbook.driver)")
            // On time it is a reminder: it yields to the driver, the drill's hint key and score, and the help hint.
            let keys = (state.view.training.map { "h hint  score \($0.score)  " } ?? "").count + 16
            if let deadline, deadline.level == .onTime, line.text.count + deadline.text.count + 2 + driver.count + keys <= width {
                line.append("  " + deadline.text, .info)
            }
            // The incident's clock: since the alert and the console's start, then how long mitigating took.
            // It gives way to everything before it, and to a viewer's read-only notice; the driver's own
            // name gives way to it.
            let clockRoom = width - line.text.count - keys - (state.view.readOnly == nil ? 0 : driver.count)
            if let clock = runbook.incidentClock.texts.first(where: { $0.count + 2 <= clockRoom }) {
                line.append("  " + clock, .info)
            }
            // The drill's hint key and score come before the driver's name (a follower's notice has its room kept above).
            if line.text.count + driver.count + keys <= width {
                line.append(driver, state.view.readOnly == nil ? .muted : .warn)
            }
        }
        // A drill keeps its hint key and its running score in sight: the score moves as hints and mistakes cost.
        let drill = state.view.training.map { "h hint  score \($0.score)  " } ?? ""
        let hint = "? help  q quit "
        let used = line.text.count
        if used + drill.count + hint.count + 1 <= width {
            line.append(String(repeating: " ", count: width - used - drill.count - hint.count), .text)
            if !drill.isEmpty { line.append(drill, Style(.info, bold: true)) }
            line.append(hint, .muted)
        } else if used + hint.count + 1 <= width {
            line.append(String(repeating: " ", count: width - used - hint.count), .text)
            line.append(hint, .muted)
        }
        return line
    }

    /// "argocd prod (argocd.example.com)  kubectl prod-us-east", then shorter forms for narrower screens
    /// (kubectl's last: 3c judges by the pods it reads); "?" for what could not be read.
    static func contexts(_ clusters: ClusterContexts) -> [String] {
        let argocd = clusters.argocdContext ?? "?", kubectl = "kubectl \(clusters.kubeContext ?? "?")"
        return ["argocd \(argocd)\(clusters.argocdServer.map { " (\($0))" } ?? "")  \(kubectl)", "argocd \(argocd)  \(kubectl)", kubectl]
    }

    /// SIMULATION in demo and train, DRY RUN for `run --dry-run`: given by the view, else derived
    /// from the incident's config.
    static func modeBanner(_ state: ConsoleState) -> String? {
        if let banner = state.view.modeBanner { return banner.isEmpty ? nil : banner }
        guard let config = state.runbook.config else { return nil }
        if config.mode == .simulation { return "SIMULATION" }
        return config.isDryRun ? "DRY RUN — nothing is executed" : nil
    }
}
