import Foundation

/// Reading the console's screen as a person would: the Runbook pane's step states, the panes' borders.
enum ConsoleScreen {
    static let steps = ["Pre-flight", "Schema compatibility", "Check the app", "Diagnose", "Disable auto-sync",
                        "Roll back", "Verify", "Re-enable auto-sync", "Communicate", "Postmortem"]
    static let words = ["locked", "ready", "awaiting y", "running", "waiting", "done", "failed", "skipped", "outcome unknown"]

    /// Each step's status word as the Runbook pane shows it ("done", "awaiting y", …).
    static func stepStates(_ screen: String) -> [String: String] {
        var states: [String: String] = [:]
        for line in screen.split(separator: "\n") {
            for step in steps {
                guard let range = line.range(of: step + "  ") else { continue }
                let rest = line[range.upperBound...].drop { $0 == " " }
                if let word = words.first(where: { rest.hasPrefix($0) }) { states[step] = word }
            }
        }
        return states
    }

    /// Every box whose top-left corner is on screen, checked whole: corners, edges, nothing broken.
    /// Returns what is wrong, empty when every border is whole.
    static func brokenBorders(_ screen: String, width: Int, height: Int) -> [String] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(height).map { Array($0) }
        func at(_ r: Int, _ c: Int) -> Character { r < rows.count && c < rows[r].count ? rows[r][c] : " " }
        var problems: [String] = []
        for (r, row) in rows.enumerated() {
            if row.count > width { problems.append("row \(r) is \(row.count) wide, the window \(width)") }
            for (c, ch) in row.enumerated() where ch == "┌" {
                var right = c + 1
                while right < row.count, row[right] != "┐" { right += 1 }
                var bottom = r + 1
                while bottom < rows.count, at(bottom, c) == "│" { bottom += 1 }
                guard at(r, right) == "┐" else { problems.append("box at \(r),\(c) has no top-right corner"); continue }
                guard at(bottom, c) == "└" else { problems.append("box at \(r),\(c): left edge broken at row \(bottom) ('\(at(bottom, c))')"); continue }
                if at(bottom, right) != "┘" { problems.append("box at \(r),\(c) has no bottom-right corner at \(bottom),\(right)") }
                for inner in (r + 1)..<bottom where at(inner, right) != "│" {
                    problems.append("box at \(r),\(c): right edge broken at row \(inner) ('\(at(inner, right))')")
                }
                // The bottom edge may carry a note ("+1 more"), as the top carries the title: it starts with a line.
                if right > c + 1, at(bottom, c + 1) != "─" {
                    problems.append("box at \(r),\(c): bottom edge broken at column \(c + 1) ('\(at(bottom, c + 1))')")
                }
            }
        }
        return problems
    }

    /// Where the box-drawing characters are: two frames of one size have the same skeleton.
    static func skeleton(_ screen: String) -> [String] {
        var lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String(line.map { "┌┐└┘│".contains($0) ? $0 : " " }).reversed().drop { $0 == " " }.reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
