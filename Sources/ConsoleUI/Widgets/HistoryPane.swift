import RunbookEngine

/// History: newest first, with the current and last-known-good entries marked and the cursor shown.
/// A multi-source entry has a line per source under it: the repo/path (or chart) and its revision.
enum HistoryPane {
    static func draw(_ state: ConsoleState, in area: Rect, frame: inout Frame, glyphs: Glyphs) {
        guard !area.isEmpty else { return }
        let rows = HistoryRows(state)
        guard !rows.entries.isEmpty else {
            let line = state.runbook.app.error != nil
                ? TextLine("\(glyphs.cross) history not read: \(state.runbook.app.error!.message)", .danger)
                : TextLine("reading argocd app history", .muted)
            frame.draw(line, x: area.x, y: area.y, width: area.width, glyphs: glyphs)
            return
        }
        let wide = area.width >= 64
        let idWidth = max(2, rows.entries.map { $0.id.description.count }.max() ?? 2)
        let header = wide
            ? "  " + ScreenText.column("ID", idWidth) + "  " + ScreenText.column("Deployed at", 23) + "  "
                + ScreenText.column("Age", 11) + "  Revision"
            : "  " + ScreenText.column("ID", idWidth) + " " + ScreenText.column("Rev", 8) + "Age"
        frame.draw(TextLine(header, .muted), x: area.x, y: area.y, width: area.width, glyphs: glyphs)
        let visible = area.height - 1
        guard visible > 0 else { return }
        let selected = rows.selectedIndex ?? 0
        let lines = rows.lines
        // The selected entry's own line always shows, and its sources' lines as far as there is room.
        let first = lines.firstIndex { $0.entry == selected } ?? 0
        let last = lines.lastIndex { $0.entry == selected } ?? first
        let offset = min(max(0, last - visible + 1), max(0, lines.count - visible), first)
        for row in 0..<visible {
            guard offset + row < lines.count else { break }
            let (index, source) = lines[offset + row]
            let y = area.y + 1 + row
            if let source, let sources = rows.entries[index].sources {
                let text = String(repeating: " ", count: idWidth + 4) + "src \(source + 1) "
                    + ScreenText.clean(sources[source].label, glyphs) + " @ " + ScreenText.clean(sources[source].revision.short, glyphs)
                frame.draw(TextLine(text, .muted), x: area.x, y: y, width: area.width, glyphs: glyphs)
                continue
            }
            let line = self.line(rows.entries[index], state: state, selected: index == rows.selectedIndex,
                                 wide: wide, idWidth: idWidth, glyphs: glyphs)
            if index == rows.selectedIndex {
                frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1),
                           with: Cell(" ", style: Style(.selection, reverse: state.view.focus == .history)))
            }
            frame.draw(line, x: area.x, y: y, width: area.width, glyphs: glyphs)
        }
    }

    static func line(_ entry: HistoryEntry, state: ConsoleState, selected: Bool, wide: Bool,
                     idWidth: Int, glyphs: Glyphs) -> TextLine {
        let runbook = state.runbook
        let age = state.clock.timeIntervalSince(entry.deployedAt)
        let base: Style = selected ? Style(.selection, bold: true, reverse: state.view.focus == .history) : .text
        var line = TextLine(selected ? "\(glyphs.pointer) " : "  ", base)
        let id = String(repeating: " ", count: max(0, idWidth - entry.id.description.count)) + entry.id.description
        if wide {
            let sources = entry.sources.map { " (\($0.count) sources)" } ?? ""
            line.append(id + "  " + Format.timestamp(entry.deployedAt) + "  "
                        + ScreenText.column(Format.duration(age) + " ago", 11) + "  " + entry.revision.short + sources, base)
        } else {
            line.append(id + " " + entry.revision.short + " " + ScreenText.column(Ages.compact(age), 6), base)
        }
        var tags: [Span] = []
        if entry == runbook.app.value?.current { tags.append(Span("current", Style(.info, bold: true))) }
        if entry == runbook.badEntry { tags.append(Span("\(glyphs.cross) bad", Style(.danger, bold: true))) }
        // What the console found keeps its label; the driver's own pick is called their target, not "good".
        if entry == runbook.proposedLastKnownGood {
            tags.append(Span("\(glyphs.check) last known good", Style(.ok, bold: true)))
        }
        if runbook.lastKnownGoodChosen, entry == runbook.lastKnownGood {
            tags.append(Span("\(glyphs.pointer) your rollback target", Style(.gateKey, bold: true)))
        }
        for (index, tag) in tags.enumerated() {
            line.append(index == 0 ? " " : ", ", base)
            line.spans.append(selected ? Span(tag.text, Style(tag.style.role, bold: true, reverse: base.reverse)) : tag)
        }
        return line
    }
}
