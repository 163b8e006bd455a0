import Foundation
import RunbookEngine

/// The metrics 3c watches, as small multiples: one chart per metric (the one 3c watches first on top), each
/// bars over time with its threshold line and the current value in words. A pane too short for every
/// chart keeps each metric's line of words.
enum LatencyChart {
    /// Rows a chart needs to be worth drawing beside its words: the line of words and two of bars.
    static let chartRows = 3

    static func draw(_ state: ConsoleState, in area: Rect, frame: inout Frame, glyphs: Glyphs) {
        guard !area.isEmpty else { return }
        let runbook = state.runbook
        let metrics = runbook.config?.metricsWatched ?? [MetricSpec.latency(query: "", threshold: 0.5)]
        let holds = runbook.verifyStartedAt != nil ? runbook.recovery.holds : []
        let count = metrics.count
        // Every metric gets its line of words; the rows left are shared out while each chart gets chartRows.
        let each = count == 1 ? area.height : area.height / count
        for (index, metric) in metrics.enumerated() {
            let evidence = index == 0 ? runbook.latency : runbook.otherMetrics?[metric.name] ?? Evidence()
            let read: Read = index == 0 ? .latency : .metrics
            let hold = index < holds.count ? holds[index] : nil
            let charts = count == 1 || each >= chartRows
            let rows = charts ? each + (index == count - 1 ? area.height - each * count : 0) : 1
            let y = charts ? area.y + index * each : area.y + index
            guard y < area.maxY else { break }
            let chart = Rect(x: area.x, y: y, width: area.width, height: min(rows, area.maxY - y))
            drawOne(metric, evidence, read: read, hold: hold, count: count, state, in: chart, frame: &frame, glyphs: glyphs)
        }
    }

    static func drawOne(_ metric: MetricSpec, _ evidence: Evidence<[LatencySample]>, read: Read, hold: MetricHold?, count: Int,
                        _ state: ConsoleState, in area: Rect, frame: inout Frame, glyphs: Glyphs) {
        let threshold = metric.threshold
        let samples = (evidence.value ?? []).filter { $0.seconds.isFinite }.sorted { $0.at < $1.at }
        frame.draw(header(state, metric: metric, evidence: evidence, read: read, hold: hold, samples: samples, glyphs: glyphs, named: count > 1),
                   x: area.x, y: area.y, width: area.width, glyphs: glyphs)
        let axis = area.height >= (count > 1 ? 7 : 5)
        let rows = area.height - 1 - (axis ? 1 : 0)
        let labelWidth = area.width >= 20 ? 5 : 0
        let plot = Rect(x: area.x + labelWidth, y: area.y + 1, width: area.width - labelWidth, height: rows)
        guard rows > 0, plot.width > 0, let first = samples.first, let last = samples.last else { return }

        let peak = samples.map(\.seconds).max() ?? threshold
        let top = Self.top(max(peak, threshold), unit: metric.unit)
        let levels = rows * 8
        let heights = columnHeights(samples, from: first.at, to: last.at, columns: plot.width, top: top,
                                    levels: levels, metric: metric)
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
            if thresholdRow != 0 { frame.put(label(top, metric.unit), x: area.x, y: plot.y, style: Style(.muted)) }
            frame.put(label(threshold, metric.unit), x: area.x, y: plot.y + thresholdRow, style: Style(.chartThreshold, bold: true))
            if thresholdRow != rows - 1, rows > 2 { frame.put(label(0, metric.unit), x: area.x, y: plot.maxY - 1, style: Style(.muted)) }
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

    /// The chart's top: a tenth of a second above the peak for latency (as it always was); for the other
    /// units the next 1-2-5 step, so a 0.2 % error ratio is not drawn against a scale of 10 %.
    static func top(_ peak: Double, unit: MetricSpec.Unit) -> Double {
        let raw = peak * 1.1
        if unit == .seconds || !(raw.isFinite && raw > 0) { return max(0.1, ((raw.isFinite ? raw : 1) * 10).rounded(.up) / 10) }
        let power = pow(10, (log10(raw)).rounded(.down))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    }

    /// A 4-character axis label in the metric's unit.
    static func label(_ value: Double, _ unit: MetricSpec.Unit) -> String {
        switch unit {
        case .seconds: String(format: "%4.2f", value)
        case .ratio: percent(value * 100)
        case .percent: percent(value)
        case .rps: value >= 10_000 ? String(format: "%3.0fk", value / 1000) : String(format: "%4.0f", value)
        }
    }

    private static func percent(_ value: Double) -> String {
        value >= 100 ? String(format: "%3.0f%%", value) : value >= 10 ? String(format: "%3.0f%%", value) : String(format: "%3.1f%%", value)
    }

    /// A column's bar, and whether it is on the wrong side of the threshold (drawn as danger).
    struct Height { var level: Int; var above: Bool }

    /// One value per column (the worst sample in its slice of time), held across empty slices.
    static func columnHeights(_ samples: [LatencySample], from start: Date, to end: Date, columns: Int,
                              top: Double, levels: Int, metric: MetricSpec) -> [Height?] {
        guard columns > 0 else { return [] }
        let span = max(1, end.timeIntervalSince(start))
        var worst = [Double?](repeating: nil, count: columns)
        let below = metric.direction == .below
        func worse(_ a: Double, _ b: Double) -> Double { below ? Swift.max(a, b) : Swift.min(a, b) }
        for sample in samples {
            // Int(saturating:): a journal's sample time is outside data, and Int(x) traps on NaN or 1e300.
            let column = min(columns - 1, max(0, Int(saturating: (sample.at.timeIntervalSince(start) / span * Double(columns)).rounded(.down))))
            worst[column] = worst[column].map { worse($0, sample.seconds) } ?? sample.seconds
        }
        var held: Double?
        return worst.map { value -> Height? in
            if let value { held = value }
            guard let shown = held else { return nil }
            let level = min(levels, max(shown > 0 ? 1 : 0, Int(saturating: shown / top * Double(levels))))
            return Height(level: level, above: !metric.isHealthy(shown))
        }
    }

    /// The metric's line of words: its latest value against the threshold, the hold once 3c watches, a failed read.
    static func header(_ state: ConsoleState, metric: MetricSpec, evidence: Evidence<[LatencySample]>, read: Read, hold: MetricHold?,
                       samples: [LatencySample], glyphs: Glyphs, named: Bool) -> TextLine {
        let runbook = state.runbook
        // A name from the config file (or a journal) is outside text.
        let name = TerminalSafe.text(metric.name, keepLines: false)
        guard let latest = samples.last else {
            if let error = evidence.error { return TextLine("\(glyphs.cross) \(name) not read: \(error.message)", .danger) }
            let wait = Ages.waiting(since: runbook.inFlight[read], now: state.clock)
            return TextLine("no \(name) samples yet\(wait)" + (named ? " (\(metric.limit))" : ""), .muted)
        }
        let wrong = !metric.isHealthy(latest.seconds)
        let noTraffic = latest.seconds.isNaN
        var line = TextLine("\(name) ", .muted)
        line.append(metric.format(latest.seconds), Style(noTraffic ? .warn : wrong ? .danger : .ok, bold: true))
        // NaN is on neither side: say what it is instead (no traffic proves no recovery).
        line.append(noTraffic ? "  \(glyphs.warn) no traffic, neither above nor below "
                    : wrong ? "  \(glyphs.cross) \(metric.wrongSide) " : "  \(glyphs.check) \(metric.direction.rawValue) ",
                    noTraffic ? .warn : wrong ? .danger : .ok)
        line.append(metric.format(metric.threshold), .text)
        if let hold {
            let needed = Format.duration(hold.sustainSeconds)
            if hold.passed {
                line.append("; \(glyphs.check) held \(needed)", .ok)
            } else if wrong || noTraffic {
                line.append("; needs \(needed) \(metric.direction.rawValue)", .muted)
            } else {
                line.append("; held \(Format.duration(hold.heldFor)) of the \(needed) needed", .muted)
            }
        }
        if let error = evidence.error { line.append("; \(glyphs.warn) last read failed: \(error.message)", .warn) }
        return line
    }
}

extension Rect {
    /// This rectangle's columns on row `y`: a clip for one line.
    func row(_ y: Int) -> Rect { Rect(x: x, y: y, width: width, height: 1) }
}
