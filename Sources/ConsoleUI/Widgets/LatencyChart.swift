import Foundation
import RunbookEngine

/// Latency p99: bars over time with the threshold line, and the current value in words.
enum LatencyChart {
    static func draw(_ state: ConsoleState, in area: Rect, frame: inout Frame, glyphs: Glyphs) {
        guard !area.isEmpty else { return }
        let runbook = state.runbook
        let threshold = runbook.config?.p99Threshold ?? 0.5
        let samples = (runbook.latency.value ?? []).filter { $0.seconds.isFinite }.sorted { $0.at < $1.at }
        frame.draw(header(state, samples: samples, threshold: threshold, glyphs: glyphs),
                   x: area.x, y: area.y, width: area.width, glyphs: glyphs)
        let axis = area.height >= 5
        let rows = area.height - 1 - (axis ? 1 : 0)
        let labelWidth = area.width >= 20 ? 5 : 0
        let plot = Rect(x: area.x + labelWidth, y: area.y + 1, width: area.width - labelWidth, height: rows)
        guard rows > 0, plot.width > 0, let first = samples.first, let last = samples.last else { return }

        let peak = samples.map(\.seconds).max() ?? threshold
        let top = max(0.1, (max(peak, threshold) * 1.1 * 10).rounded(.up) / 10)
        let levels = rows * 8
        let heights = columnHeights(samples, from: first.at, to: last.at, columns: plot.width, top: top,
                                    levels: levels, threshold: threshold)
        let thresholdLevel = Int(saturating: threshold / top * Double(levels))
        let thresholdRow = max(0, min(rows - 1, rows - 1 - min(levels - 1, thresholdLevel) / 8))

        // The cells are made once, outside the loop: this is the largest area of the screen.
        let thresholdCell = Cell(glyphs.chartThreshold, style: Style(.chartThreshold))
        let blocks = glyphs.chartBlocks
        let above = blocks.map { Cell($0, style: Style(.danger)) }, below = blocks.map { Cell($0, style: Style(.chartLine)) }
        for row in 0..<rows {
            let bottom = (rows - 1 - row) * 8
            let y = plot.y + row
            for column in 0..<heights.count {
                let x = plot.x + column
                guard let height = heights[column] else {
                    if row == thresholdRow { frame.set(x, y, thresholdCell) }
                    continue
                }
                let fill = height.level - bottom
                if fill > 0 {
                    let index = min(blocks.count, fill) - 1
                    frame.set(x, y, height.above ? above[index] : below[index])
                } else if row == thresholdRow {
                    frame.set(x, y, thresholdCell)
                }
            }
        }
        if labelWidth > 0 {
            let label = { (value: Double) in String(format: "%4.2f", value) }
            if thresholdRow != 0 { frame.put(label(top), x: area.x, y: plot.y, style: Style(.muted)) }
            frame.put(label(threshold), x: area.x, y: plot.y + thresholdRow, style: Style(.chartThreshold, bold: true))
            if thresholdRow != rows - 1, rows > 2 { frame.put(label(0), x: area.x, y: plot.maxY - 1, style: Style(.muted)) }
        }
        if axis {
            let y = area.maxY - 1
            let start = Ages.hourMinute(first.at), end = Ages.hourMinute(last.at)
            frame.put(start, x: plot.x, y: y, style: Style(.muted), clip: plot.row(y))
            frame.put("UTC", x: plot.x + max(start.count + 1, (plot.width - 3) / 2), y: y, style: Style(.muted), clip: plot.row(y))
            if plot.width >= start.count + end.count + 6 {
                frame.put(end, x: plot.maxX - end.count, y: y, style: Style(.muted))
            }
        }
    }

    struct Height { var level: Int; var above: Bool }

    /// One value per column (the worst sample in its slice of time), held across empty slices.
    static func columnHeights(_ samples: [LatencySample], from start: Date, to end: Date, columns: Int,
                              top: Double, levels: Int, threshold: Double) -> [Height?] {
        guard columns > 0 else { return [] }
        let span = max(1, end.timeIntervalSince(start))
        var worst = [Double?](repeating: nil, count: columns)
        for sample in samples {
            // Int(saturating:): a journal's sample time is outside data, and Int(x) traps on NaN or 1e300.
            let column = min(columns - 1, max(0, Int(saturating: (sample.at.timeIntervalSince(start) / span * Double(columns)).rounded(.down))))
            worst[column] = max(worst[column] ?? -.infinity, sample.seconds)
        }
        var held: Double?
        return worst.map { value -> Height? in
            if let value { held = value }
            guard let shown = held else { return nil }
            let level = min(levels, max(shown > 0 ? 1 : 0, Int(saturating: shown / top * Double(levels))))
            return Height(level: level, above: shown >= threshold)
        }
    }

    static func header(_ state: ConsoleState, samples: [LatencySample], threshold: Double, glyphs: Glyphs) -> TextLine {
        let runbook = state.runbook
        guard let latest = samples.last else {
            if let error = runbook.latency.error { return TextLine("\(glyphs.cross) p99 not read: \(error.message)", .danger) }
            let wait = Ages.waiting(since: runbook.inFlight[.latency], now: state.clock)
            return TextLine("no p99 samples yet\(wait)", .muted)
        }
        let above = latest.seconds >= threshold
        let noTraffic = latest.seconds.isNaN
        var line = TextLine("p99 ", .muted)
        line.append(Format.seconds(latest.seconds), Style(noTraffic ? .warn : above ? .danger : .ok, bold: true))
        // NaN compares below everything: say what it is instead (no traffic proves no recovery).
        line.append(noTraffic ? "  \(glyphs.warn) no traffic, neither above nor below "
                    : above ? "  \(glyphs.cross) above " : "  \(glyphs.check) below ",
                    noTraffic ? .warn : above ? .danger : .ok)
        line.append(Format.seconds(threshold), .text)
        if runbook.verifyStartedAt != nil {
            let recovery = runbook.recovery
            let needed = Format.duration(recovery.sustainSeconds)
            if recovery.latencyPassed {
                line.append("; \(glyphs.check) held \(needed)", .ok)
            } else if above || noTraffic {
                line.append("; needs \(needed) below", .muted)
            } else {
                line.append("; held \(Format.duration(recovery.belowFor)) of the \(needed) needed", .muted)
            }
        }
        if let error = runbook.latency.error { line.append("; \(glyphs.warn) last read failed: \(error.message)", .warn) }
        return line
    }
}

extension Rect {
    /// This rectangle's columns on row `y`: a clip for one line.
    func row(_ y: Int) -> Rect { Rect(x: x, y: y, width: width, height: 1) }
}
