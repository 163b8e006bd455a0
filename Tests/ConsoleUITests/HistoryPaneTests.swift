import Foundation
import Testing
import RunbookEngine
@testable import ConsoleUI

/// The History pane of a multi-source Application: each entry, then its sources' repo/path (or chart) and revision.
@Suite struct HistoryPaneTests {
    /// Every entry deployed a git source at its commit and a Helm chart at a version of its own.
    static let multiSource: [HistoryEntry] = Incident.history.map { entry in
        HistoryEntry(id: entry.id, revision: entry.revision, deployedAt: entry.deployedAt, sources: [
            HistorySource(repoURL: "https://git.example.com/platform.git", path: "apps/catalog", revision: entry.revision),
            HistorySource(repoURL: "https://charts.example.com", chart: "catalog", revision: Revision("1.4.\(entry.id.rawValue)")),
        ])
    }

    static func incident() -> Incident {
        var incident = Incident.evidenceIn()
        incident.send(.appRead(.ok(Incident.application(history: multiSource))))
        return incident
    }

    @Test func eachEntryIsFollowedByItsSourcesWithTheirRevisions() {
        let frame = render(Self.incident().console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        let lines = frame.lines
        // The selected entry (41, the last known good) always shows, with its sources under it.
        let target = Self.multiSource[3]
        let row = lines.firstIndex { $0.contains("src 1 git.example.com/platform.git apps/catalog @ \(target.revision.short)") }
        #expect(row != nil, "\(frame.screen)")
        guard let row, row > 0, row + 1 < lines.count else { return }
        #expect(lines[row - 1].contains(" \(target.id) ") && lines[row - 1].contains(target.revision.short), "\(lines[row - 1])")
        #expect(lines[row + 1].contains("src 2 charts.example.com catalog (chart) @ 1.4.\(target.id)"), "\(lines[row + 1])")
    }

    @Test func aSingleSourceHistoryHasNoSourceLines() {
        let frame = render(Incident.evidenceIn().console(), size: Size(width: 200, height: 60), glyphs: .unicode)
        #expect(!frame.screen.contains("src 1"))
        #expect(!frame.screen.contains("sources)"))
    }

    @Test func theSelectedEntryStaysInSightInASmallPane() {
        var view = ViewState()
        view.selectedHistoryID = HistoryID(38)
        let frame = render(Self.incident().console(view), size: Size(width: 80, height: 24), glyphs: .ascii)
        #expect(frame.lines.contains { $0.contains("> 38") }, "\(frame.screen)")
    }
}
