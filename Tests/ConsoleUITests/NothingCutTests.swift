import Testing
import RunbookEngine
@testable import ConsoleUI

/// Issue 19 §3: evidence, commands and paths wrap instead of being cut, at 80×24, 160×48 and 240×60.
@Suite struct NothingCutTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 240, height: 60)]
    static let statusPath = "/home/alice/.local/state/incident-console/ic-20260520T143400Z-bookstore-catalog-us-east-status-update.txt"
    static let postmortemPath = "/home/alice/.local/state/incident-console/ic-20260520T143400Z-bookstore-catalog-us-east-postmortem.md"

    enum Moment: String, CaseIterable {
        case gate3a, verifying, gate3d, complete
        var incident: Incident {
            switch self {
            case .gate3a: Incident.atDisableAutoSync()
            case .verifying: Incident.verifying()
            case .gate3d: Incident.atReEnable()
            case .complete: Incident.complete(statusPath: NothingCutTests.statusPath, postmortemPath: NothingCutTests.postmortemPath)
            }
        }
    }

    /// The rows of `rect`'s text, borders dropped, trailing spaces trimmed.
    static func rows(_ frame: Frame, _ rect: Rect) -> [String] {
        let lines = frame.lines
        return (rect.y..<rect.maxY).map { y in
            let row = Array(lines[y])
            let text = String(row[max(0, rect.x + 1)..<max(rect.x + 1, min(row.count, rect.maxX - 1))])
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
    }

    static func squeezed(_ text: String) -> String { String(text.filter { !$0.isWhitespace }) }

    @Test(arguments: Moment.allCases, sizes)
    func noEvidenceCommandOrOutputEndsInAnEllipsis(_ moment: Moment, _ size: Size) {
        let state = moment.incident.console()
        let frame = render(state, size: size, glyphs: .unicode)
        let layout = ScreenPlan(state, size: size, glyphs: .unicode).layout
        let bar = Rect(x: layout.bar.x - 1, y: layout.bar.y, width: layout.bar.width + 2, height: layout.bar.height)
        for (name, rect) in [("Runbook", layout.rect(.runbook).inner), ("Output", layout.rect(.output).inner), ("bar", bar)] {
            for row in Self.rows(frame, Rect(x: rect.x - 1, y: rect.y, width: rect.width + 2, height: rect.height)) {
                #expect(!row.hasSuffix("…"), "\(moment) \(size.width)×\(size.height): the \(name) cuts a line: \(row)\n\(frame.screen)")
            }
        }
        // The gate's command, whole, in the bar.
        if let gate = state.runbook.gateStep, let command = state.runbook.gateCommand(for: gate) {
            let barText = Self.rows(frame, bar).joined()
            #expect(Self.squeezed(barText).contains(Self.squeezed(command.commandLine)), "\(frame.screen)")
        }
    }

    @Test(arguments: sizes)
    func theStatusMessageAndPostmortemPathsShowWhole(_ size: Size) {
        let frame = render(Moment.complete.incident.console(), size: size, glyphs: .unicode)
        let screen = Self.squeezed(frame.lines.map { $0.replacingOccurrences(of: "│", with: "") }.joined())
        for path in [Self.statusPath, Self.postmortemPath] {
            #expect(screen.contains(Self.squeezed(path)), "\(size.width)×\(size.height) shows \(path) whole\n\(frame.screen)")
        }
    }

    @Test func aWideScreenShowsTheWholeDigest() {
        let frame = render(Incident.verifying().console(), size: Size(width: 240, height: 60), glyphs: .unicode)
        let digest = String(Incident.goodDigest.split(separator: ":").last!)
        #expect(frame.screen.contains(digest), "240 columns have room for the image digest\n\(frame.screen)")
    }

    @Test func theBarLeadsWithTheEvidenceAtTheSmallestSize() {
        let frame = render(Incident.evidenceIn().console(), size: Size(width: 80, height: 24), glyphs: .unicode)
        let summary = Incident.evidenceIn().state.barEvidence(.preflight)
        let layout = ScreenPlan(Incident.evidenceIn().console(), size: Size(width: 80, height: 24), glyphs: .unicode).layout
        let bar = frame.lines[layout.bar.y..<layout.bar.maxY].joined(separator: " ")
        #expect(!summary.isEmpty)
        #expect(Self.squeezed(bar).contains(Self.squeezed(summary)), "the evidence, whole, on the bar\n\(frame.screen)")
    }

    @Test func aWaitingStepSaysWhyOnTheBarWhole() {
        let state = Incident.verifying().console()
        let frame = render(state, size: Size(width: 80, height: 24), glyphs: .unicode)
        let detail = state.runbook.status(.verify).detail ?? ""
        let layout = ScreenPlan(state, size: Size(width: 80, height: 24), glyphs: .unicode).layout
        let bar = frame.lines[layout.bar.y..<layout.bar.maxY].joined(separator: " ")
        #expect(!detail.isEmpty)
        #expect(Self.squeezed(bar).contains(Self.squeezed(detail)), "3c's why, whole, on the bar\n\(frame.screen)")
    }

    @Test func theHelpWithTheLogKeyFitsTheSmallestSize() {
        let frame = render(Incident.verifying().console(ViewState(showHelp: true)), size: Size(width: 80, height: 24), glyphs: .unicode)
        #expect(frame.screen.contains("go to the Output log (commands, exit statuses, notes)"), "\(frame.screen)")
        #expect(!frame.lines.contains { $0.contains("…") }, "nothing in the help is cut\n\(frame.screen)")
    }
}
