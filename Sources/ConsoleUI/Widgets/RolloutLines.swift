import Foundation
import RunbookEngine

/// The Application pane's Rollout rows: strategy, step and weight, stable against canary (hash and pods),
/// the abort, the Progressing condition and the AnalysisRun — or why there is no workload to show.
enum RolloutLines {
    static func lines(_ state: ConsoleState, width: Int, glyphs: Glyphs) -> [TextLine] {
        let runbook = state.runbook
        if let problem = runbook.workloadProblem { return labelled("Workload  ", "\(glyphs.warn) \(problem)", .warn, width) }
        guard case .rollout(let name)? = runbook.workload else { return [] }
        guard let rollout = runbook.rollout.value else {
            if let error = runbook.rollout.error { return labelled("Rollout   ", "\(glyphs.cross) \(error.message)", .danger, width) }
            return [TextLine("Rollout   \(name): reading kubectl get rollout\(Ages.waiting(since: runbook.inFlight[.rollout], now: state.clock))", .muted)]
        }
        var lines: [TextLine] = []
        var head = TextLine("Rollout   ", .muted)
        head.append(rollout.name, .text, bold: true)
        head.append(" \(rollout.strategy == .canary ? "canary" : "blue-green")", .muted)
        if rollout.strategy == .canary {
            head.append("  \(rollout.stepText), weight \(rollout.weight)%", rollout.fullyPromoted ? .ok : .warn, bold: true)
        }
        lines.append(head)
        let pods = runbook.pods.value ?? []
        func hashLine(_ label: String, _ hash: String?, _ role: StyleRole) -> TextLine {
            var line = TextLine(label, .muted)
            line.append(hash ?? "?", role, bold: true)
            let count = pods.filter { $0.hash != nil && $0.hash == hash }.count
            line.append("  \(count)/\(pods.count) pods", .muted)
            if let hash, hash == runbook.badPodHash { line.append("  \(glyphs.cross) bad revision", Style(.danger, bold: true)) }
            return line
        }
        lines.append(hashLine("Stable    ", rollout.stableHash, .text))
        if !rollout.fullyPromoted { lines.append(hashLine("Canary    ", rollout.currentHash, .text)) }
        if rollout.aborted {
            let when = rollout.abortedAt.map { " at \(Format.clock($0))" } ?? ""
            lines += labelled("Abort     ", "\(glyphs.cross) status.abort true\(when): aborted is not finished until the revert", .warn, width)
        }
        if let reason = rollout.progressingReason {
            let message = rollout.progressingMessage.map { ": \($0)" } ?? ""
            let bad = ["RolloutAborted", "ProgressDeadlineExceeded"].contains(reason)
            lines += labelled("Progress  ", "\(bad ? "\(glyphs.warn) " : "")\(reason)\(message)", bad ? .warn : .text, width)
        }
        if let analysis = rollout.analysis {
            let mark = analysis.failed ? glyphs.cross : analysis.running ? glyphs.pointer : glyphs.check
            let message = analysis.message.isEmpty ? "" : ": \(analysis.message)"
            lines += labelled("Analysis  ", "\(mark) \(analysis.phase)\(message)", analysis.failed ? .danger : .text, width)
        } else if !rollout.hasAnalysis {
            lines.append(TextLine("Analysis  none configured: nothing rolls this back on its own", .muted))
        }
        if !rollout.images.isEmpty {
            var line = TextLine("Template  ", .muted)
            line.append(ApplicationPane.shortImage(rollout.images.joined(separator: ", "), room: max(8, width - 10), glyphs), .text)
            lines.append(line)
        }
        return lines
    }

    /// A label and a text wrapped under it, never cut.
    private static func labelled(_ label: String, _ text: String, _ role: StyleRole, _ width: Int) -> [TextLine] {
        ScreenText.wrap(text, width: max(8, width - label.count)).enumerated().map { index, part in
            var line = TextLine(index == 0 ? label : String(repeating: " ", count: label.count), .muted)
            line.append(part, role)
            return line
        }
    }
}
